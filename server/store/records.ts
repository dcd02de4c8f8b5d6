/**
 * Records of kinds without a table of their own (every versioned kind starts
 * here): the current copy of each record with its server version and feed position.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AnyRecord } from '../../src/protocol/kinds';
import { openJson, sealedJson } from '../auth/phone-seal';
import { settledSeq } from './feed';
import type { Db } from './schema';

/** A record's current server copy; `record` is null once deleted (a tombstone). */
export interface CurrentRecord {
  stationId: string;
  version: number;
  record: AnyRecord | null;
}

/** Current copies of `ids` of one kind. On PostgreSQL the rows stay locked until the transaction ends. */
export async function currentRecords(
  trx: Transaction<Db>,
  kind: string,
  ids: string[],
  lock: boolean,
): Promise<Map<string, CurrentRecord>> {
  const found = new Map<string, CurrentRecord>();
  for (let i = 0; i < ids.length; i += 500) {
    let q = trx
      .selectFrom('records')
      .select(['id', 'station_id', 'version', 'body'])
      .where('kind', '=', kind)
      .where('id', 'in', ids.slice(i, i + 500));
    // Locked in id order, so two transactions locking overlapping sets cannot deadlock on them.
    if (lock) q = q.orderBy('id').forUpdate();
    for (const r of await q.execute()) {
      found.set(r.id, {
        stationId: r.station_id,
        version: Number(r.version),
        record: r.body === null ? null : openJson<AnyRecord>(r.body),
      });
    }
  }
  return found;
}

/** A new copy of a record, at a feed position. */
export interface RecordWrite {
  id: string;
  stationId: string;
  version: number;
  record: AnyRecord | null;
  feedSeq: number;
}

/** Writes new copies (insert or replace); a record keeps the station it was created at. */
export async function writeRecords(trx: Transaction<Db>, kind: string, rows: RecordWrite[], at: string): Promise<void> {
  for (const r of rows) {
    await trx
      .insertInto('records')
      .values({
        kind,
        id: r.id,
        station_id: r.stationId,
        version: r.version,
        body: r.record === null ? null : sealedJson(r.record),
        created_at: at,
        updated_at: at,
        feed_seq: r.feedSeq,
      })
      .onConflict((oc) =>
        oc.columns(['kind', 'id']).doUpdateSet({
          version: r.version,
          body: r.record === null ? null : sealedJson(r.record),
          updated_at: at,
          feed_seq: r.feedSeq,
        }),
      )
      .execute();
  }
}

/** A record as the export reads it. */
export interface RecordRow {
  seq: number;
  id: string;
  stationId: string;
  stationName: string;
  version: number;
  record: AnyRecord | null;
  updatedAt: string;
}

/**
 * Records of one kind changed after `afterSeq` and up to the settled feed position, in feed order
 * (a record changed again moves to its new position).
 */
export async function queryRecords(
  db: Kysely<Db>,
  kind: string,
  q: { afterSeq: number; limit: number; stationId?: string; stationIds?: readonly string[] },
): Promise<RecordRow[]> {
  let query = db
    .selectFrom('records')
    .innerJoin('stations', 'stations.id', 'records.station_id')
    .select([
      'records.feed_seq',
      'records.id',
      'records.station_id',
      'stations.name as station_name',
      'records.version',
      'records.body',
      'records.updated_at',
    ])
    .where('records.kind', '=', kind)
    .where('records.feed_seq', '>', q.afterSeq)
    .where('records.feed_seq', '<=', await settledSeq(db));
  if (q.stationId) query = query.where('records.station_id', '=', q.stationId);
  if (q.stationIds) query = query.where('records.station_id', 'in', q.stationIds.length ? [...q.stationIds] : ['']);
  const rows = await query.orderBy('records.feed_seq').limit(q.limit).execute();
  return rows.map((r) => ({
    seq: Number(r.feed_seq),
    id: r.id,
    stationId: r.station_id,
    stationName: r.station_name,
    version: Number(r.version),
    record: r.body === null ? null : openJson<AnyRecord>(r.body),
    updatedAt: r.updated_at,
  }));
}
