/**
 * Stations and the change feed that carries their configuration down to kiosks.
 * The `stations` table holds what joins need (name, kind, services); an edit in the
 * console travels the sync rails as a versioned `station` record (server/sync/console-change.ts),
 * whose copy in `records` holds the rest (host type, Wi-Fi, hours, archive) and whose
 * store keeps the table in step (`mirrorStations`).
 */
import type { Kysely, Transaction } from 'kysely';
import { appendFeed } from './feed';
import { announceStationEntries } from './station-directory';
import { DEFAULT_SERVICES, type ServiceId } from '../../src/protocol/services';
import type { StationRecord } from '../../src/protocol/schemas';
import { newId } from '../auth/secrets';
import type { Db } from './schema';

type Row = Db['stations'];

/** A station's record: its edited copy (when it has one) under the table's own columns. */
function toRecord(
  row: Pick<Row, 'id' | 'name' | 'kind' | 'services' | 'retention_days'>,
  copy?: Partial<StationRecord>,
): StationRecord {
  return {
    ...copy,
    id: row.id,
    name: row.name,
    kind: row.kind,
    services: JSON.parse(row.services) as ServiceId[],
    ...(row.retention_days === null ? {} : { retentionDays: Number(row.retention_days) }),
  };
}

/** The edited copies of stations (all, or these ids) with their versions. */
async function copies(db: Kysely<Db>, ids?: string[]) {
  let q = db.selectFrom('records').select(['id', 'version', 'body']).where('kind', '=', 'station');
  if (ids) q = q.where('id', 'in', ids);
  const found = new Map<string, { version: number; record: Partial<StationRecord> }>();
  for (const r of await q.execute()) {
    if (r.body !== null) found.set(r.id, { version: Number(r.version), record: JSON.parse(r.body) as StationRecord });
  }
  return found;
}

/** Appends a station's current configuration to the feed its kiosks pull. */
async function announce(trx: Transaction<Db>, record: StationRecord, at: string) {
  await appendFeed(trx, [
    {
      stationId: record.id,
      kind: 'station',
      op: 'put',
      recordId: record.id,
      version: null,
      payload: JSON.stringify(record),
      at,
    },
  ]);
}

/** Sets how many days a station's kiosks keep synced visits readable; kiosks learn it on their next pull. */
export async function setRetentionDays(
  db: Kysely<Db>,
  id: string,
  days: number,
  now = new Date(),
): Promise<StationRecord | undefined> {
  return db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('stations').set({ retention_days: days }).where('id', '=', id).executeTakeFirst();
    if (res.numUpdatedRows === 0n) return undefined;
    const row = await trx.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const record = toRecord(row, (await copies(trx, [id])).get(id)?.record);
    await announce(trx, record, now.toISOString());
    return record;
  });
}

/** Creates a station and announces its configuration on the change feed. */
export async function createStation(
  db: Kysely<Db>,
  input: { name: string; kind: 'hub' | 'branch'; services?: ServiceId[] },
  now = new Date(),
): Promise<StationRecord> {
  const row: Row = {
    id: newId(),
    name: input.name,
    kind: input.kind,
    services: JSON.stringify(input.services ?? DEFAULT_SERVICES),
    created_at: now.toISOString(),
    retention_days: null,
  };
  const record = toRecord(row);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('stations').values(row).execute();
    await announce(trx, record, row.created_at);
    await announceStationEntries(trx, [{ record, version: null }], row.created_at);
  });
  return record;
}

/** One station with its version (0: never edited), or undefined. */
export async function getStationVersioned(
  db: Kysely<Db>,
  id: string,
): Promise<{ station: StationRecord; version: number } | undefined> {
  const row = await db.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const copy = (await copies(db, [id])).get(id);
  return { station: toRecord(row, copy?.record), version: copy?.version ?? 0 };
}

/** One station, or undefined. */
export async function getStation(db: Kysely<Db>, id: string): Promise<StationRecord | undefined> {
  return (await getStationVersioned(db, id))?.station;
}

/** All stations, hub first, then by name; archived ones too (the console sets them apart). */
export async function listStations(
  db: Kysely<Db>,
): Promise<(StationRecord & { createdAt: string; version: number })[]> {
  const rows = await db.selectFrom('stations').selectAll().orderBy('kind', 'desc').orderBy('name').execute();
  const edited = await copies(db);
  return rows.map((r) => {
    const copy = edited.get(r.id);
    return { ...toRecord(r, copy?.record), createdAt: r.created_at, version: copy?.version ?? 0 };
  });
}

/** Keeps the table's columns in step with station records just written on the rails (same transaction). */
export async function mirrorStations(trx: Transaction<Db>, records: (StationRecord | null)[]): Promise<void> {
  for (const s of records) {
    if (!s) continue;
    await trx
      .updateTable('stations')
      .set({
        name: s.name,
        kind: s.kind,
        services: JSON.stringify(s.services),
        ...(s.retentionDays === undefined ? {} : { retention_days: s.retentionDays }),
      })
      .where('id', '=', s.id)
      .execute();
  }
}
