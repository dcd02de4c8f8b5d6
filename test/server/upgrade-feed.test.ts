/**
 * An operator's upgrade to migration 0016 (feed positions from a sequence on
 * PostgreSQL, the district's rollup rows in parts): a store written by the
 * version before keeps its cursors valid, hands out positions above every old
 * one, and gets its dashboard counts recounted from the visits it holds; and
 * to 0017 on PostgreSQL: every row it held belongs to the district it is given.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { districtOf } from '../../server/store/district-key';
import { feedSince, takeFeedSeqs } from '../../server/store/feed';
import { openSqlite, type OpenDatabase } from '../../server/store/open-database';
import { openPostgres } from '../../server/store/open-postgres';
import { readRollups } from '../../server/store/rollups';
import type { Db } from '../../server/store/schema';
import { uuid7 } from '../../src/protocol/uuid7';
import { dropTestSchema, STORE_KINDS, TEST_PG_URL, testSchemaName, type StoreKind } from '../support/stores';

const BEFORE = '0015-pin-resets';

/** The same store opened at a migration, then again at the newest. */
function storeAt(kind: StoreKind) {
  const dir = mkdtempSync(join(tmpdir(), 'waystation-upgrade-'));
  const schema = testSchemaName();
  const open = (migrateTo?: string): Promise<OpenDatabase> =>
    kind === 'sqlite' ? openSqlite(dir, migrateTo) : openPostgres(TEST_PG_URL, { schema, migrateTo });
  return {
    open,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
      if (kind === 'postgres') await dropTestSchema(schema);
    },
  };
}

/** What the version before wrote: a station, a kiosk, three visits and a feed entry, positions 1–4 from the counter. */
async function writeAsBefore(db: Kysely<Db>) {
  const stationId = uuid7();
  await sql`insert into stations (id, name, kind, services, created_at)
    values (${stationId}, '康民药店分站', 'branch', '["rest","water"]', ${'2026-11-20T01:00:00.000Z'})`.execute(db);
  const enrolled = await enrollDevice(db, (await createEnrollCode(db, stationId)).code, 'kiosk');
  if (!enrolled.ok) throw new Error(enrolled.reason);
  // 10:00, 11:00 and 12:00 in Shanghai on 2026-11-20.
  for (const [i, hour] of [2, 3, 4].entries()) {
    const at = `2026-11-20T0${hour}:00:00.000Z`;
    await sql`insert into visits (seq, id, station_id, device_id, created_at, received_at, services, phone, member_id, receipt_seq)
      values (${i + 1}, ${uuid7(Date.parse(at))}, ${stationId}, ${enrolled.deviceId}, ${at}, ${at}, '["rest"]', null, null, ${i + 1})`.execute(
      db,
    );
    await sql`insert into visit_services (service, seq) values ('rest', ${i + 1})`.execute(db);
  }
  await sql`insert into change_log (seq, station_id, kind, op, record_id, version, payload, created_at)
    values (4, null, 'station_entry', 'put', ${stationId}, 1, '{}', ${'2026-11-20T05:00:00.000Z'})`.execute(db);
  await sql`update feed_counter set seq = 4 where id = 1`.execute(db);
  return stationId;
}

describe.each(STORE_KINDS)('upgrading a %s store to the concurrent feed', (kind) => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });

  it('keeps old cursors valid, hands out positions above the old ones, and recounts the dashboard', async () => {
    const store = storeAt(kind);
    drop = store.drop;
    const before = await store.open(BEFORE);
    const stationId = await writeAsBefore(before.db);
    await before.close();

    const after = await store.open();
    try {
      const db = after.db;
      // A kiosk's cursor from before still reads on from where it was.
      expect((await feedSince(db, stationId, 0, 10)).map((r) => Number(r.seq))).toEqual([4]);
      expect(await feedSince(db, stationId, 4, 10)).toEqual([]);
      // New positions come after every one handed out before.
      const taken = await db.transaction().execute((trx) => takeFeedSeqs(trx, 3));
      expect(taken[0]).toBeGreaterThan(4);
      expect(new Set(taken).size).toBe(3);
      // The dashboard's counts were made from the visits the store already held.
      const figures = await readRollups(db, { from: '2026-11-20', to: '2026-11-20' });
      expect(figures.perDay).toEqual([{ day: '2026-11-20', n: 3 }]);
      expect(figures.perStation).toEqual([{ stationId, n: 3 }]);
      expect(figures.perService).toEqual([{ service: 'rest', n: 3 }]);
      expect(figures.perDayHour.sort((a, b) => a.hour - b.hour)).toEqual(
        [10, 11, 12].map((hour) => ({ day: '2026-11-20', hour, n: 1 })),
      );
      if (kind === 'postgres') {
        // Migration 0017 gave the store a district and every row it held that district (district-key.ts).
        const district = districtOf(db);
        expect(district).toMatch(/^d[0-9a-f]{10}$/);
        const raw = db.withoutPlugins();
        for (const table of ['visits', 'visit_services', 'change_log', 'rollup_days', 'rollup_hours'] as const) {
          const { rows } = await sql<{ district_id: string; n: string }>`
            select district_id, count(*) as n from ${sql.table(table)} group by district_id`.execute(raw);
          expect([table, rows.map((r) => r.district_id)]).toEqual([table, [district]]);
        }
        // Reopened, it keeps the same district.
        const again = await store.open();
        expect(districtOf(again.db)).toBe(district);
        await again.close();
      } else {
        expect(districtOf(db)).toBeUndefined();
      }
    } finally {
      await after.close();
    }
  });
});
