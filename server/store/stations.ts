/** Stations and the change feed that carries their configuration down to kiosks. */
import type { Kysely, Transaction } from 'kysely';
import { appendFeed } from './feed';
import { DEFAULT_SERVICES, type ServiceId } from '../../src/protocol/services';
import type { StationRecord } from '../../src/protocol/schemas';
import { newId } from '../auth/secrets';
import type { Db } from './schema';

type Row = Db['stations'];

function toRecord(row: Pick<Row, 'id' | 'name' | 'kind' | 'services' | 'retention_days'>): StationRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    services: JSON.parse(row.services) as ServiceId[],
    ...(row.retention_days === null ? {} : { retentionDays: Number(row.retention_days) }),
  };
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
    const record = toRecord(row);
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
  });
  return record;
}

/** One station, or undefined. */
export async function getStation(db: Kysely<Db>, id: string): Promise<StationRecord | undefined> {
  const row = await db.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

/** All stations, hub first, then by name. */
export async function listStations(db: Kysely<Db>): Promise<(StationRecord & { createdAt: string })[]> {
  const rows = await db.selectFrom('stations').selectAll().orderBy('kind', 'desc').orderBy('name').execute();
  return rows.map((r) => ({ ...toRecord(r), createdAt: r.created_at }));
}
