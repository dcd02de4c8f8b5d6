/**
 * The district's station directory on the pull feed: beside every station change the
 * server appends the station's directory entry (`station_entry`, no Wi-Fi, no tip) for
 * every kiosk of the district, while the full record still goes to the station's own kiosks.
 */
import type { Kysely, Transaction } from 'kysely';
import { toStationEntry } from '../../src/protocol/directory';
import type { StationRecord } from '../../src/protocol/schemas';
import { appendFeed } from './feed';
import type { Db } from './schema';

/** Appends the directory entries of these stations to the district's feed, inside the writing transaction. */
export async function announceStationEntries(
  trx: Transaction<Db>,
  stations: { record: StationRecord; version: number | null }[],
  at: string,
): Promise<void> {
  await appendFeed(
    trx,
    stations.map(({ record, version }) => ({
      stationId: null,
      kind: 'station_entry',
      op: 'put',
      recordId: record.id,
      version,
      payload: JSON.stringify(toStationEntry(record)),
      at,
    })),
  );
}

/**
 * Migration 0010: every station that exists already gets its directory entry on the feed,
 * so kiosks enrolled before the directory learn the whole district on their next pull.
 * Runs inside the migration's transaction (so it takes feed positions by hand, as feed.ts does).
 */
export async function backfillStationEntries(raw: Kysely<unknown>, at: string): Promise<void> {
  const db = raw as Kysely<Db>;
  const rows = await db.selectFrom('stations').selectAll().orderBy('id').execute();
  if (rows.length === 0) return;
  const copies = new Map<string, { version: number; body: string }>();
  for (const r of await db
    .selectFrom('records')
    .select(['id', 'version', 'body'])
    .where('kind', '=', 'station')
    .execute()) {
    if (r.body !== null) copies.set(r.id, { version: Number(r.version), body: r.body });
  }
  const counter = await db
    .updateTable('feed_counter')
    .set((eb) => ({ seq: eb('seq', '+', rows.length) }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  const first = Number(counter.seq) - rows.length + 1;
  await db
    .insertInto('change_log')
    .values(
      rows.map((row, i) => {
        const copy = copies.get(row.id);
        const record: StationRecord = {
          ...(copy ? (JSON.parse(copy.body) as StationRecord) : {}),
          id: row.id,
          name: row.name,
          kind: row.kind,
          services: JSON.parse(row.services) as StationRecord['services'],
        };
        return {
          seq: first + i,
          station_id: null,
          kind: 'station_entry',
          op: 'put',
          record_id: row.id,
          version: copy?.version ?? null,
          payload: JSON.stringify(toStationEntry(record)),
          created_at: at,
        };
      }),
    )
    .execute();
}
