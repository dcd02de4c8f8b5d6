/** Visits on the server: idempotent insert by record id, and reads for export and the console. */
import {
  PostgresAdapter,
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { ServiceId } from '../../src/protocol/services';
import type { VisitRecord } from '../../src/protocol/schemas';
import { openNullable, sealNullable } from '../auth/phone-seal';
import { districtSql } from './district-key';
import { executeShaped, PREPARED_MARK, ROWS_PER_INSERT, rowValues } from './execute-shaped';
import { settledSeq } from './feed';
import { addToRollups } from './rollups';
import type { Db } from './schema';

/** A visit to insert, with its receipt and its feed position (the export cursor). */
export interface NewVisit {
  visit: VisitRecord;
  receipt: number | null;
  seq: number;
}

/**
 * Inserts new visits in multi-row statements (a kiosk's whole batch in one; on
 * PostgreSQL one array a column). The ledger has already decided these are new;
 * an id stored anyway is skipped by the database itself, so nothing is stored twice.
 */
export async function insertVisits(
  trx: Transaction<Db>,
  rows: NewVisit[],
  device: { id: string; stationId: string },
  receivedAt: string,
): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) return insertVisitsPostgres(trx, rows, device, receivedAt);
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const values = chunk.map(({ visit, receipt, seq }) => ({
      seq,
      id: visit.id,
      station_id: device.stationId,
      device_id: device.id,
      created_at: visit.createdAt,
      received_at: receivedAt,
      services: JSON.stringify(visit.services),
      phone: sealNullable(visit.phone),
      member_id: visit.memberId,
      receipt_seq: receipt,
    }));
    const inserted = await executeShaped(trx, `visits.insert:${values.length}`, rowValues(values), () =>
      trx
        .insertInto('visits')
        .values(values)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id'),
    );
    // Only the rows the database really inserted are counted, in this same transaction.
    const fresh = new Set(inserted.map((r) => r.id));
    await addToRollups(
      trx,
      chunk.flatMap(({ visit }) =>
        fresh.has(visit.id)
          ? [{ stationId: device.stationId, createdAt: visit.createdAt, services: visit.services }]
          : [],
      ),
    );
  }
  // One row per (service, visit): the index that filters by service (never LIKE over the JSON list).
  const services = rows.flatMap(({ visit, seq }) => visit.services.map((service) => ({ service, seq })));
  for (let i = 0; i < services.length; i += ROWS_PER_INSERT) {
    const values = services.slice(i, i + ROWS_PER_INSERT);
    await executeShaped(trx, `visit_services.insert:${values.length}`, rowValues(values), () =>
      trx
        .insertInto('visit_services')
        .values(values)
        .onConflict((oc) => oc.columns(['service', 'seq']).doNothing()),
    );
  }
}

/**
 * PostgreSQL: each table's rows as one array a column (ten parameters, not ten a row), so one
 * statement text serves every batch size and is prepared once per connection.
 */
async function insertVisitsPostgres(
  trx: Transaction<Db>,
  rows: NewVisit[],
  device: { id: string; stationId: string },
  receivedAt: string,
): Promise<void> {
  if (rows.length === 0) return;
  const { column: dc, value: dv, key: dk } = districtSql(trx);
  const inserted = await sql<{ id: string }>`${sql.raw(PREPARED_MARK)}insert into visits
      (${dc}seq, id, station_id, device_id, created_at, received_at, services, phone, member_id, receipt_seq)
    select ${dv}u.seq, u.id, ${device.stationId}, ${device.id}, u.created_at, ${receivedAt}::timestamptz,
      u.services, u.phone, u.member_id, u.receipt_seq
    from unnest(${rows.map((r) => r.seq)}::bigint[], ${rows.map((r) => r.visit.id)}::text[],
      ${rows.map((r) => r.visit.createdAt)}::timestamptz[], ${rows.map((r) => JSON.stringify(r.visit.services))}::text[],
      ${rows.map((r) => sealNullable(r.visit.phone))}::text[], ${rows.map((r) => r.visit.memberId)}::text[],
      ${rows.map((r) => r.receipt)}::bigint[]) as u(seq, id, created_at, services, phone, member_id, receipt_seq)
    on conflict (id${dk}) do nothing
    returning id`.execute(trx);
  const fresh = new Set(inserted.rows.map((r) => r.id));
  await addToRollups(
    trx,
    rows.flatMap(({ visit }) =>
      fresh.has(visit.id)
        ? [{ stationId: device.stationId, createdAt: visit.createdAt, services: visit.services }]
        : [],
    ),
  );
  const services: string[] = [];
  const seqs: number[] = [];
  for (const { visit, seq } of rows) {
    for (const service of visit.services) {
      services.push(service);
      seqs.push(seq);
    }
  }
  await sql`${sql.raw(PREPARED_MARK)}insert into visit_services (${dc}service, seq)
    select ${dv}s, q from unnest(${services}::text[], ${seqs}::bigint[]) as u(s, q)
    on conflict (service, seq${dk}) do nothing`.execute(trx);
}

/** The filters a read of visits may apply. Times are ISO instants, `to` exclusive. */
export interface VisitFilter {
  stationId?: string;
  /** Only visits at these stations (a station manager's); an empty list matches none. */
  stationIds?: readonly string[];
  service?: ServiceId;
  from?: string;
  to?: string;
  /** Visits recorded with any of these member ids (a person and its aliases). */
  memberIds?: readonly string[];
}

/** What reads of visits may filter by, and the page they read. */
export interface VisitQuery extends VisitFilter {
  afterSeq?: number;
  /** Only visits before this position (a newest-first walk). */
  beforeSeq?: number;
  /** Only visits at or before this position (a download bounded to what existed when it began). */
  upToSeq?: number;
  limit: number;
  newestFirst?: boolean;
  /** Order by when the visit was made (the kiosk's clock), not by when it reached the server. */
  byTime?: boolean;
  /** Keyset paging by time: only visits past this one in the chosen direction. */
  pastKey?: { createdAt: string; seq: number };
}

/** A stored visit as export and console read it. */
export interface VisitRow {
  seq: number;
  id: string;
  stationId: string;
  stationName: string;
  deviceId: string;
  /** The name the kiosk was enrolled under (or the admin gave it). */
  deviceName: string;
  createdAt: string;
  receivedAt: string;
  services: ServiceId[];
  phone: string | null;
  /** The surviving member: a visit recorded with an alias id shows the member it was merged into. */
  memberId: string | null;
  /** The member id the kiosk recorded. */
  recordedMemberId: string | null;
}

/** The filter as one condition over `visits`, for any select that reads that table. */
function matching(f: VisitFilter) {
  return (eb: ExpressionBuilder<Db, 'visits'>) => {
    const and: Expression<SqlBool>[] = [];
    if (f.stationId) and.push(eb('visits.station_id', '=', f.stationId));
    if (f.stationIds) and.push(eb('visits.station_id', 'in', f.stationIds.length ? [...f.stationIds] : ['']));
    // Through the (service, seq) index, in the same seq order the export pages by.
    if (f.service) {
      const service = f.service;
      and.push(
        eb(
          'visits.seq',
          'in',
          eb.selectFrom('visit_services').select('visit_services.seq').where('visit_services.service', '=', service),
        ),
      );
    }
    if (f.memberIds) and.push(eb('visits.member_id', 'in', [...f.memberIds]));
    if (f.from) and.push(eb('visits.created_at', '>=', f.from));
    if (f.to) and.push(eb('visits.created_at', '<', f.to));
    return eb.and(and);
  };
}

/** Visits matching the query, by server sequence (the export cursor; after a cursor, up to the settled position). */
export async function queryVisits(db: Kysely<Db>, q: VisitQuery): Promise<VisitRow[]> {
  let query = db
    .selectFrom('visits')
    .innerJoin('stations', 'stations.id', 'visits.station_id')
    .leftJoin('devices', 'devices.id', 'visits.device_id')
    // Aliases resolve when read (README "Members"): a split undoes a merge without rewriting visits.
    .leftJoin('members', 'members.id', 'visits.member_id')
    .select([
      'members.merged_into',
      'visits.seq',
      'visits.id',
      'visits.station_id',
      'stations.name as station_name',
      'visits.device_id',
      'devices.name as device_name',
      'visits.created_at',
      'visits.received_at',
      'visits.services',
      'visits.phone',
      'visits.member_id',
    ])
    .where(matching(q));
  // Tailing by cursor: only up to the settled feed position (a push still committing below it would be skipped).
  if (q.afterSeq !== undefined)
    query = query.where('visits.seq', '>', q.afterSeq).where('visits.seq', '<=', await settledSeq(db));
  if (q.beforeSeq !== undefined) query = query.where('visits.seq', '<', q.beforeSeq);
  if (q.upToSeq !== undefined) query = query.where('visits.seq', '<=', q.upToSeq);
  const dir = q.newestFirst ? 'desc' : 'asc';
  if (q.pastKey) {
    const { createdAt, seq } = q.pastKey;
    const cmp = q.newestFirst ? '<' : '>';
    // A row-value comparison both engines walk along the (created_at) index.
    query = query.where((eb) => eb(eb.refTuple('visits.created_at', 'visits.seq'), cmp, eb.tuple(createdAt, seq)));
  }
  if (q.byTime) query = query.orderBy('visits.created_at', dir);
  const rows = await query.orderBy('visits.seq', dir).limit(q.limit).execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    stationId: r.station_id,
    stationName: r.station_name,
    deviceId: r.device_id,
    deviceName: r.device_name ?? '',
    createdAt: r.created_at,
    receivedAt: r.received_at,
    services: JSON.parse(r.services) as ServiceId[],
    phone: openNullable(r.phone),
    memberId: r.merged_into ?? r.member_id,
    recordedMemberId: r.member_id,
  }));
}

/** How many visits match, in all and per service, and the last position they reach (a download stops there). */
export interface VisitTotals {
  total: number;
  byService: Partial<Record<ServiceId, number>>;
  lastSeq: number;
}

/** Counts the visits a filter matches (up to `upToSeq`): all of them and per service (a visit with two services counts once in each). */
export async function countVisits(db: Kysely<Db>, f: VisitFilter, upToSeq?: number): Promise<VisitTotals> {
  const all = await db
    .selectFrom('visits')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('visits.seq').as('last')])
    .where(matching(f))
    .$if(upToSeq !== undefined, (q) => q.where('visits.seq', '<=', upToSeq!))
    .executeTakeFirst();
  const per = await db
    .selectFrom('visit_services')
    .innerJoin('visits', 'visits.seq', 'visit_services.seq')
    .select((eb) => ['visit_services.service', eb.fn.countAll().as('n')])
    .where(matching(f))
    .$if(upToSeq !== undefined, (q) => q.where('visits.seq', '<=', upToSeq!))
    .groupBy('visit_services.service')
    .execute();
  const byService: Partial<Record<ServiceId, number>> = {};
  for (const r of per) byService[r.service as ServiceId] = Number(r.n);
  return { total: Number(all?.n ?? 0), byService, lastSeq: Number(all?.last ?? 0) };
}

/**
 * Every visit the filter matches, page by page, oldest or newest first by when it was made:
 * keyset paging on (time, feed position), bounded to `upToSeq` so a download holds what
 * existed when it began and never repeats or skips a row.
 */
export async function* walkVisits(
  db: Kysely<Db>,
  f: VisitFilter,
  { newestFirst, upToSeq, pageSize = 2000 }: { newestFirst: boolean; upToSeq: number; pageSize?: number },
): AsyncGenerator<VisitRow[]> {
  let pastKey: VisitQuery['pastKey'];
  for (;;) {
    const rows = await queryVisits(db, { ...f, limit: pageSize, newestFirst, upToSeq, byTime: true, pastKey });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    pastKey = { createdAt: last.createdAt, seq: last.seq };
  }
}
