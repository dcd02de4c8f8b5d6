/**
 * Rollups stay exactly what the raw visits say, on SQLite and PostgreSQL, after a
 * chaos-style mixed run: several kiosks (on PostgreSQL through two separate
 * connection pools, as two server processes would) pushing overlapping batches at
 * once, retries, repeats inside a batch, a reused id with other content, and an
 * admin importing a transfer file of records already pushed. The recount below is
 * the test's own (Intl, not the store's clock), from the rows in `visits`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { openPostgres } from '../../server/store/open-postgres';
import { rebuildRollups } from '../../server/store/rollups';
import type { Db } from '../../server/store/schema';
import { createStation } from '../../server/store/stations';
import { importTransfer } from '../../server/sync/import-transfer';
import { handlePush } from '../../server/sync/push';
import { SERVICE_IDS, type ServiceId } from '../../src/protocol/services';
import { TRANSFER_FORMAT, transferMac } from '../../src/protocol/transfer';
import { uuid7 } from '../../src/protocol/uuid7';
import type { Kysely } from 'kysely';
import { createRandom } from '../support/prng';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores';

const ZONE = 'Asia/Shanghai';
const wall = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The rollups as the raw rows say they should be, counted here independently. */
async function recount(db: Kysely<Db>) {
  const days = new Map<string, number>();
  const hours = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const v of await db.selectFrom('visits').select(['station_id', 'created_at', 'services']).execute()) {
    const p = Object.fromEntries(wall.formatToParts(new Date(v.created_at)).map((x) => [x.type, x.value]));
    const day = `${p.year}-${p.month}-${p.day}`;
    // Each visit under its station and under the district's own rows (station '').
    for (const station of [v.station_id, '']) {
      bump(days, `${day}|${station}|*`);
      for (const s of new Set(JSON.parse(v.services) as string[])) bump(days, `${day}|${station}|${s}`);
      bump(hours, `${day}|${station}|${Number(p.hour)}`);
    }
  }
  return { days: [...days].sort(), hours: [...hours].sort() };
}

async function stored(db: Kysely<Db>) {
  // The district's rows come in parts on PostgreSQL: added up here as every reader does.
  const days = await db
    .selectFrom('rollup_days')
    .select((eb) => ['day', 'station_id', 'service', eb.fn.sum<number>('n').as('n')])
    .groupBy(['day', 'station_id', 'service'])
    .execute();
  const hours = await db
    .selectFrom('rollup_hours')
    .select((eb) => ['day', 'station_id', 'hour', eb.fn.sum<number>('n').as('n')])
    .groupBy(['day', 'station_id', 'hour'])
    .execute();
  return {
    days: days.map((r) => [`${r.day}|${r.station_id}|${r.service}`, Number(r.n)] as [string, number]).sort(),
    hours: hours.map((r) => [`${r.day}|${r.station_id}|${Number(r.hour)}`, Number(r.n)] as [string, number]).sort(),
  };
}

describe.each(STORE_KINDS)('visit rollups on %s', (kind) => {
  let t: TestStore;
  let second: Kysely<Db> | undefined;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(async () => {
    await second?.destroy();
    second = undefined;
    await t.drop();
  });

  for (const seed of [1, 20261129]) {
    it(`equal a recount from the raw rows after a mixed run of pushes, retries and an import (seed ${seed})`, async () => {
      const db = t.store.db;
      const rnd = createRandom(seed);
      // A second pool on the same store: on PostgreSQL, another server process's connections.
      if (kind === 'postgres') second = (await openPostgres(t.env.DATABASE_URL!)).db;
      const pools = [db, second ?? db];
      const kiosks: { id: string; stationId: string; revoked: false; deviceKey: string }[] = [];
      for (const name of ['总站', '药店分站', '超市分站']) {
        const station = await createStation(db, { name, kind: name === '总站' ? 'hub' : 'branch' });
        for (let k = 0; k < 2; k++) {
          const enrolled = await enrollDevice(db, (await createEnrollCode(db, station.id)).code, `${name} ${k}`);
          if (!enrolled.ok) throw new Error(enrolled.reason);
          kiosks.push({ id: enrolled.deviceId, stationId: station.id, revoked: false, deviceKey: enrolled.deviceKey });
        }
      }
      // Visits over four days, a third of them within an hour of local midnight (16:00 UTC).
      const base = Date.parse('2026-11-20T16:00:00Z');
      const made = kiosks.map(() =>
        Array.from({ length: 60 }, () => {
          const at =
            base + rnd.int(4) * 86_400_000 + (rnd.chance(0.33) ? rnd.int(7200) - 3600 : rnd.int(86_400)) * 1000;
          const services = SERVICE_IDS.filter(() => rnd.chance(0.4)) as ServiceId[];
          return {
            id: uuid7(at),
            createdAt: new Date(at).toISOString(),
            services: services.length ? services : ['rest'],
            phone: null,
            memberId: null,
          };
        }),
      );
      const put = (record: unknown) => ({ kind: 'visit', op: 'put', record });
      const pushes: Promise<unknown>[] = [];
      for (const [k, kiosk] of kiosks.entries()) {
        const records = made[k]!;
        for (let i = 0; i < records.length; i += 15) {
          // Overlapping batches: each also carries a few of the previous batch's records, and one repeated.
          const batch = records.slice(Math.max(0, i - rnd.int(6)), i + 15);
          const changes = [...batch.map(put), put(batch[rnd.int(batch.length)])];
          const body = { batchId: uuid7(), changes: changes as never };
          pushes.push(handlePush(rnd.pick(pools), kiosk, body));
          // A retry of the same batch (its answer was lost), through the other pool.
          if (rnd.chance(0.5)) pushes.push(handlePush(rnd.pick(pools), kiosk, body));
        }
        // The same id with other content: refused, and not counted.
        pushes.push(
          handlePush(rnd.pick(pools), kiosk, {
            batchId: uuid7(),
            changes: [put({ ...records[0]!, services: ['shelter', 'water'] })] as never,
          }),
        );
      }
      await Promise.all(pushes);
      // The first kiosk's transfer file holds all its records (all pushed already) and some never pushed.
      const extra = Array.from({ length: 20 }, (_, i) => {
        const at = base + i * 3_600_000;
        return {
          id: uuid7(at),
          createdAt: new Date(at).toISOString(),
          services: ['charging'],
          phone: null,
          memberId: null,
        };
      });
      const k0 = kiosks[0]!;
      const unsigned = {
        format: TRANSFER_FORMAT,
        version: 2 as const,
        deviceId: k0.id,
        stationId: k0.stationId,
        exportedAt: new Date().toISOString(),
        changes: [...made[0]!, ...extra].map(put) as never,
        refused: [],
      };
      const file = { ...unsigned, mac: await transferMac(k0.deviceKey, unsigned) };
      const [outcome] = await Promise.all([
        importTransfer(db, JSON.stringify(file)),
        handlePush(pools[1]!, kiosks[1]!, { batchId: uuid7(), changes: made[1]!.map(put) as never }),
      ]);
      expect(
        outcome.ok && { accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected },
      ).toEqual({
        accepted: 20,
        duplicates: 60,
        rejected: [],
      });

      const visits = await db.selectFrom('visits').select('id').execute();
      expect(visits).toHaveLength(6 * 60 + 20);
      const expected = await recount(db);
      expect(await stored(db)).toEqual(expected);
      // Every visit once in the day totals, and once in the hours.
      const total = (rows: [string, number][]) => rows.reduce((a, [, n]) => a + n, 0);
      const district = (rows: [string, number][]) => rows.filter(([k]) => k.split('|')[1] === '');
      expect(total(district(expected.days).filter(([k]) => k.endsWith('|*')))).toBe(380);
      expect(total(district(expected.hours))).toBe(380);
      expect(total(expected.hours)).toBe(760);
      // A rebuild from the raw rows finds the same counts.
      expect(await rebuildRollups(db)).toBe(380);
      expect(await stored(db)).toEqual(expected);
    }, 60_000);
  }

  it('miss and double nothing when rebuilt while pushes are committing', async () => {
    const db = t.store.db;
    if (kind === 'postgres') second = (await openPostgres(t.env.DATABASE_URL!)).db;
    const pools = [db, second ?? db];
    const kiosks = [];
    for (const name of ['总站', '药店分站']) {
      const station = await createStation(db, { name, kind: 'branch' });
      for (let k = 0; k < 3; k++) {
        const enrolled = await enrollDevice(db, (await createEnrollCode(db, station.id)).code, `${name} ${k}`);
        if (!enrolled.ok) throw new Error(enrolled.reason);
        kiosks.push({ id: enrolled.deviceId, stationId: station.id, revoked: false });
      }
    }
    const base = Date.parse('2026-11-20T02:00:00Z');
    const pushes: Promise<unknown>[] = [];
    const rebuilds: Promise<number>[] = [];
    for (let round = 0; round < 8; round++) {
      for (const [k, kiosk] of kiosks.entries()) {
        const changes = Array.from({ length: 25 }, (_, i) => {
          const at = base + (round * 1000 + k * 100 + i) * 60_000;
          const record = { id: uuid7(at), createdAt: new Date(at).toISOString(), services: ['rest', 'water'] };
          return { kind: 'visit', op: 'put', record: { ...record, phone: null, memberId: null } };
        });
        pushes.push(handlePush(pools[(round + k) % 2]!, kiosk, { batchId: uuid7(), changes: changes as never }));
      }
      // A rebuild from the other pool while this round's pushes are on their way.
      rebuilds.push(rebuildRollups(pools[(round + 1) % 2]!));
    }
    await Promise.all([...pushes, ...rebuilds]);
    expect(await db.selectFrom('visits').select('id').execute()).toHaveLength(8 * 6 * 25);
    expect(await stored(db)).toEqual(await recount(db));
  }, 60_000);

  it('count visits by the district’s local day and hour, and rebuild in another zone', async () => {
    const db = t.store.db;
    const station = await createStation(db, { name: 'A', kind: 'branch' });
    const enrolled = await enrollDevice(db, (await createEnrollCode(db, station.id)).code, 'k');
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const kiosk = { id: enrolled.deviceId, stationId: station.id, revoked: false };
    // The station's own rows (the district's rows under station '' hold the same here).
    const mine = (rows: [string, number][]) => rows.filter(([k]) => k.includes(station.id));
    // 15:59 UTC is 23:59 in Shanghai; 16:00 UTC is 00:00 the next day there.
    const v = (at: string, services: ServiceId[]) => ({
      kind: 'visit',
      op: 'put',
      record: { id: uuid7(Date.parse(at)), createdAt: at, services, phone: null, memberId: null },
    });
    await handlePush(db, kiosk, {
      batchId: uuid7(),
      changes: [v('2026-11-28T15:59:00Z', ['rest', 'water']), v('2026-11-28T16:00:00Z', ['rest'])] as never,
    });
    expect(mine((await stored(db)).days)).toEqual([
      [`2026-11-28|${station.id}|*`, 1],
      [`2026-11-28|${station.id}|rest`, 1],
      [`2026-11-28|${station.id}|water`, 1],
      [`2026-11-29|${station.id}|*`, 1],
      [`2026-11-29|${station.id}|rest`, 1],
    ]);
    expect(mine((await stored(db)).hours)).toEqual([
      [`2026-11-28|${station.id}|23`, 1],
      [`2026-11-29|${station.id}|0`, 1],
    ]);
    await rebuildRollups(db, 'UTC');
    expect(mine((await stored(db)).hours)).toEqual([
      [`2026-11-28|${station.id}|15`, 1],
      [`2026-11-28|${station.id}|16`, 1],
    ]);
  });
});
