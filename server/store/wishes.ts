/**
 * Micro-wishes as the console reads them: the current copies in `records`, with the
 * station each was posted at. A district holds hundreds to a few thousand wishes, so
 * the console's filters run over the station's (or district's) copies here in one read.
 */
import type { Kysely } from 'kysely';
import type { WishRecord } from '../../src/protocol/wishes';
import type { Db } from './schema';

/** A wish's current copy with its server version and station. */
export interface StoredWish {
  record: WishRecord;
  version: number;
  stationId: string;
  stationName: string;
}

/** Every wish of the district (or of one station), newest first. */
export async function allWishes(db: Kysely<Db>, stationId?: string): Promise<StoredWish[]> {
  let q = db
    .selectFrom('records')
    .innerJoin('stations', 'stations.id', 'records.station_id')
    .select(['records.version', 'records.station_id', 'stations.name as station_name', 'records.body'])
    .where('records.kind', '=', 'wish')
    .where('records.body', 'is not', null);
  if (stationId) q = q.where('records.station_id', '=', stationId);
  const rows = await q.execute();
  return rows
    .map((r) => ({
      record: JSON.parse(r.body!) as WishRecord,
      version: Number(r.version),
      stationId: r.station_id,
      stationName: r.station_name,
    }))
    .sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt) || b.record.id.localeCompare(a.record.id));
}

/** One wish's current copy, if there is such a wish. */
export async function getWish(db: Kysely<Db>, id: string): Promise<StoredWish | undefined> {
  const r = await db
    .selectFrom('records')
    .innerJoin('stations', 'stations.id', 'records.station_id')
    .select(['records.version', 'records.station_id', 'stations.name as station_name', 'records.body'])
    .where('records.kind', '=', 'wish')
    .where('records.id', '=', id)
    .where('records.body', 'is not', null)
    .executeTakeFirst();
  return r
    ? {
        record: JSON.parse(r.body!) as WishRecord,
        version: Number(r.version),
        stationId: r.station_id,
        stationName: r.station_name,
      }
    : undefined;
}
