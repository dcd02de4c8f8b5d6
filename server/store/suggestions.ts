/**
 * Suggestions on the server: receipt codes (made offline by kiosks, held by the first
 * suggestion to reach the server), the index the console's queue reads, the district's
 * status view on the pull feed, and the queue's reads.
 */
import type { Kysely, Transaction } from 'kysely';
import type { SuggestionListQuery } from '../../src/protocol/console-suggestions';
import { suggestionStatusOf } from '../../src/protocol/suggestion-status';
import type { SuggestionRecord } from '../../src/protocol/wishes';
import { appendFeed } from './feed';
import type { Db } from './schema';

/** Claims a receipt code for a suggestion; answers the suggestion that holds it (this one, or an earlier one). */
export async function claimReceiptCode(trx: Transaction<Db>, code: string, suggestionId: string): Promise<string> {
  await trx
    .insertInto('suggestion_codes')
    .values({ code, suggestion_id: suggestionId })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const row = await trx
    .selectFrom('suggestion_codes')
    .select('suggestion_id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.suggestion_id;
}

/** The suggestion a receipt code belongs to, if any. */
export async function suggestionByCode(db: Kysely<Db>, code: string): Promise<string | null> {
  const row = await db
    .selectFrom('suggestion_codes')
    .select('suggestion_id')
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.suggestion_id ?? null;
}

/** A suggestion just written, with where it belongs and its new version. */
export interface WrittenSuggestion {
  record: SuggestionRecord;
  stationId: string;
  version: number;
}

/**
 * Keeps the queue's index in step and puts the district's status view (code, status, reply) on
 * the feed for every kiosk, inside the writing transaction (so at commit-ordered positions).
 */
export async function indexSuggestions(trx: Transaction<Db>, rows: WrittenSuggestion[], at: string): Promise<void> {
  if (rows.length === 0) return;
  const stationIds = [...new Set(rows.map((r) => r.stationId))];
  const names = new Map(
    (await trx.selectFrom('stations').select(['id', 'name']).where('id', 'in', stationIds).execute()).map((s) => [
      s.id,
      s.name,
    ]),
  );
  for (const { record: s, stationId } of rows) {
    const values = {
      station_id: stationId,
      category: s.category,
      status: s.status,
      assigned_to: s.assignedTo ?? null,
      updated_at: at,
    };
    await trx
      .insertInto('suggestion_index')
      .values({ id: s.id, created_at: s.createdAt, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }
  await appendFeed(
    trx,
    rows.map(({ record, stationId, version }) => ({
      stationId: null,
      kind: 'suggestion_status',
      op: 'put',
      recordId: record.id,
      version,
      payload: JSON.stringify(suggestionStatusOf(record, names.get(stationId))),
      at,
    })),
  );
}

/** A suggestion as the console reads it. */
export interface StoredSuggestion {
  record: SuggestionRecord;
  stationId: string;
  stationName: string;
  version: number;
  updatedAt: string;
  photo: { type: string; bytes: number } | null;
}

const OPEN = ['received', 'in_progress'];
const SORT_COLUMN = {
  age: 'suggestion_index.created_at',
  updated: 'suggestion_index.updated_at',
  station: 'stations.name',
  category: 'suggestion_index.category',
  status: 'suggestion_index.status',
} as const;

/** The queue's filters, plus the stations a station manager may see (undefined: every station). */
export type SuggestionFilter = Omit<SuggestionListQuery, 'offset' | 'limit'> & { stationIds?: readonly string[] };

function filtered(db: Kysely<Db>, q: SuggestionFilter, now: Date) {
  let query = db
    .selectFrom('suggestion_index')
    .innerJoin('records', (j) =>
      j.onRef('records.id', '=', 'suggestion_index.id').on('records.kind', '=', 'suggestion'),
    )
    .leftJoin('stations', 'stations.id', 'suggestion_index.station_id')
    .leftJoin('suggestion_photos', 'suggestion_photos.suggestion_id', 'suggestion_index.id');
  if (q.category) query = query.where('suggestion_index.category', '=', q.category);
  if (q.station) query = query.where('suggestion_index.station_id', '=', q.station);
  if (q.stationIds) query = query.where('suggestion_index.station_id', 'in', ['', ...q.stationIds]);
  if (q.status === 'open') query = query.where('suggestion_index.status', 'in', OPEN);
  else if (q.status) query = query.where('suggestion_index.status', '=', q.status);
  if (q.assignee === '-') query = query.where('suggestion_index.assigned_to', 'is', null);
  else if (q.assignee) query = query.where('suggestion_index.assigned_to', '=', q.assignee);
  if (q.olderThan) {
    const before = new Date(now.getTime() - Number(q.olderThan) * 86_400_000).toISOString();
    query = query.where('suggestion_index.created_at', '<', before);
  }
  return query;
}

const COLUMNS = [
  'suggestion_index.id',
  'suggestion_index.station_id',
  'suggestion_index.updated_at',
  'records.body',
  'records.version',
  'stations.name',
  'suggestion_photos.type',
  'suggestion_photos.size',
] as const;

function toStored(r: {
  station_id: string;
  updated_at: string;
  body: string | null;
  version: number;
  name: string | null;
  type: string | null;
  size: number | null;
}): StoredSuggestion {
  return {
    record: JSON.parse(r.body!) as SuggestionRecord,
    stationId: r.station_id,
    stationName: r.name ?? '',
    version: Number(r.version),
    updatedAt: String(r.updated_at),
    photo: r.type ? { type: r.type, bytes: Number(r.size) } : null,
  };
}

/** One page of the queue, filtered and sorted in SQL, and how many match in all. */
export async function listSuggestions(
  db: Kysely<Db>,
  q: SuggestionFilter & { offset: number; limit: number },
  now = new Date(),
): Promise<{ rows: StoredSuggestion[]; total: number }> {
  const order = q.order ?? 'asc';
  const rows = await filtered(db, q, now)
    .select([...COLUMNS])
    .orderBy(SORT_COLUMN[q.sort ?? 'age'], order)
    .orderBy('suggestion_index.created_at', order)
    .orderBy('suggestion_index.id')
    .offset(q.offset)
    .limit(q.limit)
    .execute();
  const count = await filtered(db, q, now)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows: rows.map(toStored), total: Number(count.n) };
}

/** One suggestion by id, or null. */
export async function getSuggestion(db: Kysely<Db>, id: string): Promise<StoredSuggestion | null> {
  const row = await filtered(db, {}, new Date())
    .select([...COLUMNS])
    .where('suggestion_index.id', '=', id)
    .executeTakeFirst();
  return row ? toStored(row) : null;
}

/** The district's figures: collected (every suggestion) and how many stand in each status. */
export async function suggestionFigures(db: Kysely<Db>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('suggestion_index')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The admins a suggestion can be assigned to, by username. */
export async function adminUsernames(db: Kysely<Db>): Promise<string[]> {
  const rows = await db.selectFrom('admins').select('username').orderBy('username').execute();
  return rows.map((r) => r.username);
}
