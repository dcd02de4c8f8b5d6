/**
 * The district key on PostgreSQL (server/store/district-key.ts): every table a
 * district's kiosks write has `district_id` in its keys, as a database
 * sharded by district needs, and two districts' stores in one database — the
 * same record ids, the same phones — each write, read and count only their own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPostgres, restorePostgres } from '../../server/store/backup';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { recordDiscards } from '../../server/store/discarded';
import { DISTRICT_TABLES, DistrictKey, districtOf, storeDistrict } from '../../server/store/district-key';
import { feedSince } from '../../server/store/feed';
import { listMembers } from '../../server/store/members';
import { openPostgres } from '../../server/store/open-postgres';
import { readRollups } from '../../server/store/rollups';
import type { Db } from '../../server/store/schema';
import { createStation } from '../../server/store/stations';
import { suggestionByCode } from '../../server/store/suggestions';
import { countVisits, queryVisits } from '../../server/store/visits';
import { handlePush } from '../../server/sync/push';
import { uuid7 } from '../../src/protocol/uuid7';
import { visit } from '../support/fixtures';
import { attendance, member, put, scheduleEvent, signup, suggestion } from '../support/people-fixtures';
import { dropTestSchema, openTestStore, TEST_PG_URL, type TestStore } from '../support/stores';

/** Tables every district shares (Citus reference or coordinator tables): stations, kiosks, admins, the store's own. */
const SHARED_TABLES = [
  'stations',
  'enroll_codes',
  'devices',
  'admins',
  'admin_stations',
  'admin_sessions',
  'api_tokens',
  'audit_log',
  'throttle_counters',
  'store_meta',
  'feed_counter',
  'kysely_migration',
  'kysely_migration_lock',
];

describe('the district key on PostgreSQL', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore('postgres');
  });
  afterEach(async () => {
    await t.drop();
  });

  it('is in the primary and every unique key of each table a district writes, and the store knows its district', async () => {
    const db = t.store.db;
    const district = districtOf(db);
    expect(district).toMatch(/^d[0-9a-f]{10}$/);
    expect(await storeDistrict(db)).toBe(district);

    const { rows: tables } = await sql<{ name: string; has: boolean; nullable: string | null }>`
      select t.table_name as name, c.column_name is not null as has, c.is_nullable as nullable
      from information_schema.tables t
      left join information_schema.columns c
        on c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'district_id'
      where t.table_schema = current_schema()`.execute(db);
    // Every table is either a district's or shared: a new table must say which.
    expect(tables.map((r) => r.name).sort()).toEqual([...DISTRICT_TABLES, ...SHARED_TABLES].sort());
    for (const r of tables) {
      expect([r.name, r.has, r.has ? r.nullable : null]).toEqual(
        DISTRICT_TABLES.includes(r.name) ? [r.name, true, 'NO'] : [r.name, false, null],
      );
    }

    const { rows: keys } = await sql<{ table: string; name: string; columns: string[] }>`
      select c.relname as table, i.relname as name,
        array(select a.attname::text from unnest(x.indkey::int2[]) with ordinality k(n, o)
          join pg_attribute a on a.attrelid = c.oid and a.attnum = k.n order by k.o) as columns
      from pg_index x
      join pg_class c on c.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and x.indisunique`.execute(db);
    const districtKeys = keys.filter((k) => DISTRICT_TABLES.includes(k.table));
    // Each district table has its primary key; visits and photos a second unique key too.
    expect(new Set(districtKeys.map((k) => k.table))).toEqual(new Set(DISTRICT_TABLES));
    expect(districtKeys.map((k) => k.name)).toEqual(expect.arrayContaining(['visits_id_key', 'visits_pkey']));
    // Last: a look-up by id keeps the id leading the index.
    for (const k of districtKeys) {
      expect([k.table, k.name, k.columns.at(-1), k.columns.length]).toEqual([
        k.table,
        k.name,
        'district_id',
        expect.any(Number),
      ]);
      expect(k.columns.length).toBeGreaterThan(1);
    }
    expect(districtKeys.find((k) => k.name === 'changes_pkey')?.columns).toEqual(['change_id', 'district_id']);
  });

  it('lets a prepared look-up by id use the id in the index on a new, empty store', async () => {
    // A push's ledger look-up is a prepared statement; planned once for every table size, it must not
    // scan the district's rows for the ids (it did with the district leading the key: 9 of 10 sessions busy).
    const db = t.store.db;
    const ids = Array.from({ length: 100 }, () => uuid7());
    const q = db.selectFrom('changes').select(['change_id', 'receipt']).where('change_id', 'in', ids).compile();
    const plan = await db.connection().execute(async (c) => {
      await sql`set plan_cache_mode = force_generic_plan`.execute(c);
      await sql.raw(`prepare ledger_lookup as ${q.sql}`).execute(c);
      const args = q.parameters.map((p) => `'${String(p)}'`).join(', ');
      const { rows } = await sql.raw<{ 'QUERY PLAN': string }>(`explain execute ledger_lookup(${args})`).execute(c);
      await sql`deallocate ledger_lookup`.execute(c);
      await sql`reset plan_cache_mode`.execute(c);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Cond: \(+change_id = ANY/);
  });

  it('keeps the district id through a restore, even of a backup from before the district key', async () => {
    const url = t.env.DATABASE_URL!;
    const district = districtOf(t.store.db);
    await t.store.close();
    // The same schema as a store before migration 0017 held it: one station, no district.
    const schema = /search_path%3D([^&]+)/.exec(url)![1]!;
    await dropTestSchema(schema);
    const old = await openPostgres(TEST_PG_URL, { schema, migrateTo: '0016-concurrent-feed' });
    await createStation(old.db, { name: '升级前', kind: 'branch' });
    await old.close();
    const file = join(mkdtempSync(join(tmpdir(), 'ws-backup-')), 'before-0017.dump');
    await backupPostgres(url, file);
    // Upgraded, the store gets a district; restored from the old backup, it keeps that one.
    t.store = await openPostgres(url);
    const upgraded = districtOf(t.store.db);
    expect(upgraded).toMatch(/^d[0-9a-f]{10}$/);
    expect(upgraded).not.toBe(district);
    await t.store.close();
    await restorePostgres(url, file);
    t.store = await openPostgres(url);
    expect(districtOf(t.store.db)).toBe(upgraded);
    const { rows } = await sql<{ district_id: string }>`select distinct district_id from change_log`.execute(
      t.store.db.withoutPlugins(),
    );
    expect(rows.map((r) => r.district_id)).toEqual([upgraded]);
  });

  it('refuses to open a store that lost its district id, rather than write rows nothing keeps apart', async () => {
    const url = t.env.DATABASE_URL!;
    await sql`delete from store_meta where key = 'district_id'`.execute(t.store.db);
    await t.store.close();
    await expect(openPostgres(url)).rejects.toThrow(/the store has no district id/);
    t.store = await openPostgres(url, { migrateTo: '0017-district-key' });
  });

  it('keeps two districts in one database apart: the same ids and phones are two districts’ own rows', async () => {
    const a = t.store.db;
    // A second district's server over the same database (as on a cluster sharded by district).
    const b = a.withoutPlugins().withPlugin(new DistrictKey('dtest-other'));
    const districts = [districtOf(a)!, 'dtest-other'];

    const sameVisits = [visit(['rest', 'water']), visit(['charging'])];
    const samePhone = '13912345678';
    const sameMember = member(samePhone);
    const sameSuggestion = suggestion();

    async function district(db: Kysely<Db>, name: string) {
      const station = await createStation(db, { name, kind: 'branch' });
      const { code } = await createEnrollCode(db, station.id);
      const enrolled = await enrollDevice(db, code, 'kiosk');
      if (!enrolled.ok) throw new Error(enrolled.reason);
      const authed = { id: enrolled.deviceId, stationId: station.id, revoked: false };
      const pushed = async (changes: unknown[]) =>
        (await handlePush(db, authed, { batchId: uuid7(), changes: changes as never })).results;
      const event = await scheduleEvent(db, station.id);
      const results = [
        ...(await pushed(sameVisits.map((v) => ({ kind: 'visit', op: 'put', record: v })))),
        ...(await pushed([put('member', sameMember)])),
        ...(await pushed([
          put('signup', signup(event.id, sameMember.id)),
          put('attendance', attendance(event.id, sameMember.id)),
          { kind: 'suggestion', op: 'put', changeId: uuid7(), baseVersion: 0, record: sameSuggestion },
        ])),
      ];
      await recordDiscards(db, authed, {
        items: [
          {
            changeId: uuid7(),
            kind: 'visit',
            recordId: uuid7(),
            reason: 'discarded by the host',
            discardedAt: new Date().toISOString(),
            record: {},
          },
        ],
      });
      return { station, results, event };
    }
    const inA = await district(a, '康民药店分站');
    const inB = await district(b, '铜河电信营业厅');

    // Nothing in B is a duplicate of A's: each district stored every record as new, receipts from 1.
    for (const d of [inA, inB]) {
      expect(d.results.map((r) => r.status)).toEqual(Array(d.results.length).fill('accepted'));
      expect(d.results[0]!.receipt).toBe(1);
    }

    // Each reads its own: visits, counts, members, the feed, the dashboard, a suggestion's code.
    for (const [db, own, other] of [
      [a, inA, inB],
      [b, inB, inA],
    ] as const) {
      const visits = await queryVisits(db, { limit: 10 });
      expect(visits.map((v) => [v.id, v.stationId])).toEqual(sameVisits.map((v) => [v.id, own.station.id]));
      expect((await queryVisits(db, { limit: 10, service: 'water' })).map((v) => v.stationId)).toEqual([
        own.station.id,
      ]);
      expect((await countVisits(db, {})).total).toBe(2);
      expect((await listMembers(db, { offset: 0, limit: 10 })).total).toBe(1);
      const feed = (await feedSince(db, own.station.id, 0, 100)).map((f) => ({
        kind: f.kind,
        id: (JSON.parse(f.payload) as { id?: string }).id,
      }));
      expect(feed.filter((f) => f.kind === 'member').map((f) => f.id)).toEqual([sameMember.id]);
      expect(feed).toContainEqual({ kind: 'event', id: own.event.id });
      expect(feed).not.toContainEqual({ kind: 'event', id: other.event.id });
      const rollups = await readRollups(db, { from: '2000-01-01', to: '2100-01-01' });
      expect(rollups.perStation).toEqual([{ stationId: own.station.id, n: 2 }]);
      expect(rollups.perDay.reduce((n, d) => n + d.n, 0)).toBe(2);
      expect(await suggestionByCode(db, sameSuggestion.receiptCode)).toBe(sameSuggestion.id);
    }

    // Every row in every district table carries one of the two districts, and each wrote to each table.
    const raw = a.withoutPlugins();
    for (const table of DISTRICT_TABLES) {
      const { rows } = await sql<{ district_id: string; n: string }>`
        select district_id, count(*) as n from ${sql.table(table)} group by district_id`.execute(raw);
      const found = new Set(rows.map((r) => r.district_id));
      if (table === 'suggestion_photos') {
        expect(rows).toEqual([]);
        continue;
      }
      expect([table, [...found].sort()]).toEqual([table, [...districts].sort()]);
    }
  });
});

describe('the district key plugin, as it compiles statements', () => {
  const db = new Kysely<Db>({ dialect: new PostgresDialect({ pool: {} as never }) }).withPlugin(
    new DistrictKey('dtest'),
  );

  it('keeps a joined district table in its join condition, and an or apart from the district test', () => {
    const joined = db
      .selectFrom('stations')
      .leftJoin('visits', 'visits.station_id', 'stations.id')
      .select('stations.id')
      .compile().sql;
    expect(joined).toContain(
      `left join "visits" on ("visits"."station_id" = "stations"."id") and "visits"."district_id" = 'dtest'`,
    );
    expect(joined).not.toContain('where');
    const either = db
      .selectFrom('visits')
      .select('id')
      .where((eb) => eb.or([eb('station_id', '=', 'a'), eb('device_id', '=', 'b')]))
      .compile().sql;
    expect(either).toMatch(
      /where \(+"station_id" = \$1 or "device_id" = \$2\)+ and "visits"\."district_id" = 'dtest'$/,
    );
  });

  it('refuses, rather than runs across districts, what it cannot keep to one', () => {
    const refused = [
      () => db.selectFrom('stations').rightJoin('visits', 'visits.station_id', 'stations.id').selectAll().compile(),
      () => db.selectFrom('visits').fullJoin('stations', 'stations.id', 'visits.station_id').selectAll().compile(),
      () => db.selectFrom('stations').crossJoin('visits').selectAll().compile(),
      () =>
        db.mergeInto('visits').using('members', 'members.id', 'visits.member_id').whenMatched().thenDelete().compile(),
      () =>
        db
          .insertInto('visits')
          .values({ id: 'v', district_id: 'dother' } as never)
          .compile(),
      () =>
        db
          .updateTable('visits')
          .set({ district_id: 'dother' } as never)
          .compile(),
      () =>
        db
          .selectFrom(sql`visits`.as('v') as never)
          .selectAll()
          .compile(),
    ];
    for (const statement of refused) expect(statement).toThrow(/^district key: /);
    // Its own district given again (a builder embedded in another is transformed twice) passes.
    expect(() =>
      db
        .insertInto('visits')
        .values({ id: 'v', district_id: 'dtest' } as never)
        .compile(),
    ).not.toThrow();
  });
});
