/** Visits on the server: idempotent insert by record id, and reads for export and the console. */
import type { Kysely, Transaction } from 'kysely';
import type { ServiceId } from '../../src/protocol/services';
import type { VisitRecord } from '../../src/protocol/schemas';
import { executeShaped, ROWS_PER_INSERT, rowValues } from './execute-shaped';
import type { Db } from './schema';

/** A visit to insert, with its receipt and its feed position (the export cursor). */
export interface NewVisit {
  visit: VisitRecord;
  receipt: number | null;
  seq: number;
}

/**
 * Inserts new visits in multi-row statements (a kiosk's whole batch in one).
 * The ledger has already decided these are new; an id stored anyway is
 * skipped by the database itself, so nothing is stored twice.
 */
export async function insertVisits(
  trx: Transaction<Db>,
  rows: NewVisit[],
  device: { id: string; stationId: string },
  receivedAt: string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map(({ visit, receipt, seq }) => ({
      seq,
      id: visit.id,
      station_id: device.stationId,
      device_id: device.id,
      created_at: visit.createdAt,
      received_at: receivedAt,
      services: JSON.stringify(visit.services),
      phone: visit.phone,
      member_id: visit.memberId,
      receipt_seq: receipt,
    }));
    await executeShaped(trx, `visits.insert:${values.length}`, rowValues(values), () =>
      trx
        .insertInto('visits')
        .values(values)
        .onConflict((oc) => oc.column('id').doNothing()),
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

/** What reads of visits may filter by. Times are ISO instants, `to` exclusive. */
export interface VisitQuery {
  afterSeq?: number;
  limit: number;
  stationId?: string;
  service?: ServiceId;
  from?: string;
  to?: string;
  newestFirst?: boolean;
  /** Visits recorded with any of these member ids (a person and its aliases). */
  memberIds?: readonly string[];
}

/** A stored visit as export and console read it. */
export interface VisitRow {
  seq: number;
  id: string;
  stationId: string;
  stationName: string;
  deviceId: string;
  createdAt: string;
  receivedAt: string;
  services: ServiceId[];
  phone: string | null;
  /** The surviving member: a visit recorded with an alias id shows the member it was merged into. */
  memberId: string | null;
  /** The member id the kiosk recorded. */
  recordedMemberId: string | null;
}

/** Visits matching the query, by server sequence (the export cursor). */
export async function queryVisits(db: Kysely<Db>, q: VisitQuery): Promise<VisitRow[]> {
  let query = db
    .selectFrom('visits')
    .innerJoin('stations', 'stations.id', 'visits.station_id')
    // Aliases resolve when read (README "Members"): a split undoes a merge without rewriting visits.
    .leftJoin('members', 'members.id', 'visits.member_id')
    .select([
      'members.merged_into',
      'visits.seq',
      'visits.id',
      'visits.station_id',
      'stations.name as station_name',
      'visits.device_id',
      'visits.created_at',
      'visits.received_at',
      'visits.services',
      'visits.phone',
      'visits.member_id',
    ]);
  if (q.afterSeq !== undefined) query = query.where('visits.seq', '>', q.afterSeq);
  if (q.stationId) query = query.where('visits.station_id', '=', q.stationId);
  // Through the (service, seq) index, in the same seq order the export pages by.
  if (q.service) {
    const service = q.service;
    query = query.where('visits.seq', 'in', (eb) =>
      eb.selectFrom('visit_services').select('visit_services.seq').where('visit_services.service', '=', service),
    );
  }
  if (q.memberIds) query = query.where('visits.member_id', 'in', [...q.memberIds]);
  if (q.from) query = query.where('visits.created_at', '>=', q.from);
  if (q.to) query = query.where('visits.created_at', '<', q.to);
  const rows = await query
    .orderBy('visits.seq', q.newestFirst ? 'desc' : 'asc')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    stationId: r.station_id,
    stationName: r.station_name,
    deviceId: r.device_id,
    createdAt: r.created_at,
    receivedAt: r.received_at,
    services: JSON.parse(r.services) as ServiceId[],
    phone: r.phone,
    memberId: r.merged_into ?? r.member_id,
    recordedMemberId: r.member_id,
  }));
}
