/**
 * Many visits straight into a store, fast: for the dashboard's e2e test, its
 * screenshots and its benchmark (2,000,000 visits), where pushing them over HTTP
 * would take hours. Rows are what a push writes (visits, their services, feed
 * positions) in multi-row statements, many per transaction; the rollups are
 * counted by the push path's own function in the same transactions, or left to
 * a rebuild. Times bunch at lunch and dinner; some stations are much busier.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { executeShaped, rowValues } from '../../server/store/execute-shaped';
import { takeFeedSeqs } from '../../server/store/feed';
import { addToRollups } from '../../server/store/rollups';
import type { Db } from '../../server/store/schema';
import { SERVICE_IDS } from '../../src/protocol/services';
import { uuid7 } from '../../src/protocol/uuid7';
import { createRandom } from './prng';

/** Relative weight of each hour of the day (local): quiet nights, peaks at lunch and dinner. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 7, 8, 8, 10, 16, 18, 12, 8, 8, 10, 15, 17, 12, 8, 5, 3, 2];
const ROWS = 400;

export interface SeedOptions {
  count: number;
  /** Visits spread over the `days` days up to `now`. */
  days: number;
  now?: Date;
  seed?: number;
  /** Count them into the rollups as they go (default), or leave that to a rebuild. */
  rollups?: boolean;
  /** The district's UTC offset in hours, for where the peaks fall (Shanghai: 8). */
  utcOffsetHours?: number;
  /** Visits per transaction. */
  perTransaction?: number;
}

/** A kiosk for each station that has none (visits need a device), named as the seed's. */
async function seedDevices(db: Kysely<Db>, stationIds: string[]): Promise<Map<string, string>> {
  const existing = await db.selectFrom('devices').select(['id', 'station_id']).execute();
  const byStation = new Map(existing.map((d) => [d.station_id, d.id]));
  for (const stationId of stationIds) {
    if (byStation.has(stationId)) continue;
    const id = uuid7();
    await db
      .insertInto('devices')
      .values({
        id,
        station_id: stationId,
        name: '演示签到机',
        token_hash: randomBytes(32).toString('hex'),
        created_at: new Date().toISOString(),
        last_seen_at: null,
        revoked_at: null,
        clock_offset_ms: null,
        receipt_seq: null,
        app_version: null,
        queue_depth: null,
        oldest_pending_at: null,
        storage_persisted: null,
        storage_used: null,
        storage_quota: null,
        heartbeat_at: null,
        local_receipts: null,
        device_key: null,
        local_confirmed: null,
        quarantined: null,
        oldest_refused_at: null,
        resync_at: null,
        reenroll_at: null,
      })
      .execute();
    byStation.set(stationId, id);
  }
  return byStation;
}

/** Inserts `count` visits across `stationIds`; answers how many it inserted. */
export async function seedVisits(db: Kysely<Db>, stationIds: string[], opts: SeedOptions): Promise<number> {
  const rnd = createRandom(opts.seed ?? 1);
  const now = (opts.now ?? new Date()).getTime();
  const offset = (opts.utcOffsetHours ?? 8) * 3_600_000;
  const devices = await seedDevices(db, stationIds);
  // Busier stations first: station i gets weight 1/(i+1)^0.7.
  const weights = stationIds.map((_, i) => 1 / (i + 1) ** 0.7);
  const pick = (w: number[]) => {
    let r = rnd.next() * w.reduce((a, b) => a + b, 0);
    for (const [i, x] of w.entries()) if ((r -= x) < 0) return i;
    return w.length - 1;
  };
  const today = Math.floor((now + offset) / 86_400_000);
  const perTx = opts.perTransaction ?? 20_000;
  let made = 0;
  while (made < opts.count) {
    const n = Math.min(perTx, opts.count - made);
    await db.transaction().execute(async (trx) => {
      const seqs = await takeFeedSeqs(trx, n);
      const visits = [];
      for (let i = 0; i < n; i++) {
        const stationId = stationIds[pick(weights)]!;
        const day = today - rnd.int(opts.days);
        let at = day * 86_400_000 - offset + pick(HOUR_WEIGHTS) * 3_600_000 + rnd.int(3_600_000);
        // Later today than now: the same hour on one of the earlier days.
        if (at >= now) at -= (1 + rnd.int(Math.max(1, opts.days - 1))) * 86_400_000;
        const services = SERVICE_IDS.slice(0, 6).filter(() => rnd.chance(0.3));
        if (services.length === 0) services.push(rnd.pick(['rest', 'water', 'charging'] as const));
        visits.push({
          seq: seqs[i]!,
          id: uuid7(at),
          station_id: stationId,
          device_id: devices.get(stationId)!,
          created_at: new Date(at).toISOString(),
          received_at: new Date(now).toISOString(),
          services: JSON.stringify(services),
          phone: null,
          member_id: null,
          receipt_seq: null,
          list: services,
        });
      }
      for (let i = 0; i < visits.length; i += ROWS) {
        const values = visits.slice(i, i + ROWS).map(({ list: _list, ...row }) => row);
        await executeShaped(trx, `seed.visits:${values.length}`, rowValues(values), () =>
          trx.insertInto('visits').values(values),
        );
      }
      const services = visits.flatMap((v) => v.list.map((service) => ({ service, seq: v.seq })));
      for (let i = 0; i < services.length; i += ROWS * 2) {
        const values = services.slice(i, i + ROWS * 2);
        await executeShaped(trx, `seed.visit_services:${values.length}`, rowValues(values), () =>
          trx.insertInto('visit_services').values(values),
        );
      }
      if (opts.rollups ?? true) {
        await addToRollups(
          trx,
          visits.map((v) => ({ stationId: v.station_id, createdAt: v.created_at, services: v.list })),
        );
      }
    });
    made += n;
  }
  return made;
}
