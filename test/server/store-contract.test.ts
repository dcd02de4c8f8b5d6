/**
 * One contract for the store, run over SQLite and PostgreSQL alike: what the
 * routes and the sync handlers rely on must hold on both engines, concurrency included.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPostgres, backupSqlite, PID_FILE, restorePostgres, restoreSqlite } from '../../server/store/backup';
import { openSqlite } from '../../server/store/open-database';
import { openPostgres } from '../../server/store/open-postgres';
import { adminBySession, createApiToken, isLiveApiToken, signIn, upsertAdmin } from '../../server/store/admins';
import { createEnrollCode, enrollDevice, listDevices, recordHeartbeat, revokeDevice } from '../../server/store/devices';
import { recordDiscards } from '../../server/store/discarded';
import {
  appendFeed,
  feedSince,
  parseCursor,
  settledSeq,
  startNewEpoch,
  storeEpoch,
  takeFeedSeqs,
} from '../../server/store/feed';
import { queryRecords } from '../../server/store/records';
import { createStation, getStation, listStations, setRetentionDays } from '../../server/store/stations';
import { queryVisits } from '../../server/store/visits';
import { applyConsoleChange } from '../../server/sync/console-change';
import { handlePush } from '../../server/sync/push';
import { uuid7 } from '../../src/protocol/uuid7';
import { visit } from '../support/fixtures';
import { openTestStore, STORE_KINDS, TEST_PG_URL, type TestStore } from '../support/stores';
import { TEST_KINDS, type Ticket } from '../support/test-kinds';

describe.each(STORE_KINDS)('the store on %s', (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(async () => {
    await t.drop();
  });
  const db = () => t.store.db;

  async function device(stationName = '康民药店分站') {
    const station = await createStation(db(), { name: stationName, kind: 'branch' });
    const { code } = await createEnrollCode(db(), station.id);
    const enrolled = await enrollDevice(db(), code, 'kiosk');
    if (!enrolled.ok) throw new Error(enrolled.reason);
    return { station, authed: { id: enrolled.deviceId, stationId: station.id, revoked: false }, enrolled };
  }
  const push = (authed: { id: string; stationId: string; revoked: boolean }, changes: unknown[]) =>
    handlePush(db(), authed, { batchId: uuid7(), changes: changes as never }, { registry: TEST_KINDS });
  const put = (record: unknown, k = 'visit') => ({ kind: k, op: 'put', record });

  it('keeps stations, their retention and their feed entries', async () => {
    const hub = await createStation(db(), { name: '铜心驿站 · 总站', kind: 'hub' });
    await createStation(db(), { name: '超市分站', kind: 'branch' });
    expect((await listStations(db())).map((s) => s.name)).toEqual(['铜心驿站 · 总站', '超市分站']);
    await setRetentionDays(db(), hub.id, 30);
    expect((await getStation(db(), hub.id))?.retentionDays).toBe(30);
    const feed = await feedSince(db(), hub.id, 0, 10);
    // The hub's own record, and every station's directory entry (the whole district pulls those).
    expect(feed.map((f) => [f.kind, typeof f.seq])).toEqual([
      ['station', 'number'],
      ['station_entry', 'number'],
      ['station_entry', 'number'],
      ['station', 'number'],
    ]);
  });

  it('spends an enrollment code once, even when two kiosks race for it', async () => {
    const station = await createStation(db(), { name: 'A', kind: 'branch' });
    const { code } = await createEnrollCode(db(), station.id);
    const outcomes = await Promise.all([enrollDevice(db(), code, 'a'), enrollDevice(db(), code, 'b')]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(await listDevices(db())).toHaveLength(1);
  });

  it('answers duplicates by content and refuses other content, with receipts', async () => {
    const { authed } = await device();
    const v = visit();
    expect((await push(authed, [put(v)])).results).toEqual([{ id: v.id, status: 'accepted', receipt: 1 }]);
    expect((await push(authed, [put(v)])).results).toEqual([{ id: v.id, status: 'duplicate', receipt: 1 }]);
    const [other] = (await push(authed, [put({ ...v, services: ['internet'] })])).results;
    expect(other).toMatchObject({ status: 'rejected', code: 'change_id_taken' });
  });

  it('gives concurrent overlapping pushes of several devices unique, contiguous receipts and stores each record once', async () => {
    const kiosks = await Promise.all([device('一'), device('二'), device('三')]);
    const batches = kiosks.flatMap(({ authed }) =>
      Array.from({ length: 4 }, () => ({ authed, records: Array.from({ length: 25 }, () => visit()) })),
    );
    // Each batch goes twice at once, and a third time inside another batch of the same device.
    await Promise.all(
      [...batches, ...batches].map(({ authed, records }) =>
        push(
          authed,
          records.map((r) => put(r)),
        ),
      ),
    );
    for (const { authed } of kiosks) {
      const receipts = (await db().selectFrom('changes').select('receipt').where('device_id', '=', authed.id).execute())
        .map((r) => Number(r.receipt))
        .sort((a, b) => a - b);
      expect(receipts).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    }
    expect(await db().selectFrom('visits').select('id').execute()).toHaveLength(300);
  });

  it('reads visits back with instants in UTC, by station, service and time, in feed order', async () => {
    const { authed, station } = await device();
    const a = { ...visit(['rest']), createdAt: '2024-05-31T23:30:00+08:00' };
    const b = { ...visit(['water', 'rest']), createdAt: '2024-06-01T08:00:00Z' };
    await push(authed, [put(a), put(b)]);
    const all = await queryVisits(db(), { limit: 10 });
    expect(all.map((r) => [r.id, r.createdAt, r.stationName])).toEqual([
      [a.id, '2024-05-31T15:30:00.000Z', station.name],
      [b.id, '2024-06-01T08:00:00.000Z', station.name],
    ]);
    expect((await queryVisits(db(), { limit: 10, service: 'water' })).map((r) => r.id)).toEqual([b.id]);
    expect(
      (await queryVisits(db(), { limit: 10, from: '2024-06-01T00:00:00.000Z', to: '2024-06-02T00:00:00.000Z' })).map(
        (r) => r.id,
      ),
    ).toEqual([b.id]);
    expect(typeof all[0]!.seq).toBe('number');
    expect((await queryVisits(db(), { limit: 10, afterSeq: all[0]!.seq })).map((r) => r.id)).toEqual([b.id]);
  });

  it('orders versioned edits on the server: forward status merges, anything else conflicts', async () => {
    const { authed } = await device();
    const ticket: Ticket = { id: uuid7(), createdAt: new Date().toISOString(), title: '雨衣', status: 'open' };
    await push(authed, [{ changeId: uuid7(), kind: 'ticket', op: 'put', baseVersion: 0, record: ticket }]);
    const console = await applyConsoleChange(
      db(),
      { kind: 'ticket', op: 'put', baseVersion: 1, record: { ...ticket, status: 'withdrawn' } },
      { registry: TEST_KINDS },
    );
    expect(console).toMatchObject({ status: 'accepted', version: 2 });
    const [late] = (
      await push(authed, [
        { changeId: uuid7(), kind: 'ticket', op: 'put', baseVersion: 1, record: { ...ticket, status: 'done' } },
      ])
    ).results;
    expect(late).toMatchObject({ status: 'conflict', version: 2, current: { status: 'withdrawn' } });
    const rows = await queryRecords(db(), 'ticket', { afterSeq: 0, limit: 10 });
    expect(rows.map((r) => [r.version, r.record?.status])).toEqual([[2, 'withdrawn']]);
  });

  it('applies concurrent edits of one record from kiosks and the console one version at a time', async () => {
    const kiosks = await Promise.all([device('一'), device('二')]);
    const ticket: Ticket = { id: uuid7(), createdAt: new Date().toISOString(), title: '手套', status: 'open' };
    await push(kiosks[0]!.authed, [{ changeId: uuid7(), kind: 'ticket', op: 'put', baseVersion: 0, record: ticket }]);
    const edits = await Promise.all([
      ...kiosks.map(({ authed }, i) =>
        push(authed, [
          {
            changeId: uuid7(),
            kind: 'ticket',
            op: 'put',
            baseVersion: 1,
            record: { ...ticket, status: 'claimed', claimedBy: `k${i}` },
          },
        ]),
      ),
      applyConsoleChange(
        db(),
        { kind: 'ticket', op: 'put', baseVersion: 1, record: { ...ticket, title: '手套两双' } },
        { registry: TEST_KINDS },
      ),
    ]);
    const statuses = edits.map((e) => ('results' in e ? e.results[0]!.status : e.status));
    expect(statuses.filter((s) => s === 'accepted').length).toBeGreaterThanOrEqual(1);
    const versions = (await db().selectFrom('changes').select('version').where('record_id', '=', ticket.id).execute())
      .map((r) => Number(r.version))
      .sort((a, b) => a - b);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    // Edited at another station, a district record stays at the station it was made at.
    const owner = await db().selectFrom('records').select('station_id').where('id', '=', ticket.id).executeTakeFirst();
    expect(owner?.station_id).toBe(kiosks[0]!.station.id);
  });

  it('keeps a store epoch that a restore replaces, and refuses cursors of the old one', async () => {
    const before = await storeEpoch(db());
    expect(parseCursor(`${before.epoch}.5`, before)).toEqual({ ok: true, seq: 5 });
    expect(parseCursor('5', before)).toEqual({ ok: true, seq: 5 });
    await startNewEpoch(db());
    const after = await storeEpoch(db());
    expect(after.epoch).not.toBe(before.epoch);
    expect(parseCursor(`${before.epoch}.5`, after)).toMatchObject({ ok: false, status: 410 });
    expect(parseCursor('5', after)).toMatchObject({ ok: false, status: 410 });
  });

  it('records heartbeats, flags a kiosk behind the server and one that lost storage', async () => {
    const { authed } = await device();
    await push(authed, [put(visit()), put(visit())]);
    const hb = {
      sentAt: new Date().toISOString(),
      appVersion: 't',
      queueDepth: 0,
      oldestPendingAt: null,
      storagePersisted: true,
      storageUsed: 1,
      storageQuota: 2,
      clockOffsetMs: 0,
      receiptHighWater: 2,
      confirmedCount: 0,
      quarantined: 0,
      oldestRefusedAt: null,
    };
    expect(await recordHeartbeat(db(), authed.id, hb)).toEqual({ confirmed: 2, resync: false });
    expect((await listDevices(db()))[0]).toMatchObject({ storagePersisted: true });
    expect((await listDevices(db()))[0]!.flags).toContain('storage-lost');
    await recordHeartbeat(db(), authed.id, { ...hb, storagePersisted: false });
    expect((await listDevices(db()))[0]).toMatchObject({ storagePersisted: false });
    expect((await listDevices(db()))[0]!.flags).toContain('storage-not-persistent');
    expect(await recordHeartbeat(db(), authed.id, { ...hb, receiptHighWater: 9 })).toEqual({
      confirmed: 2,
      resync: true,
    });
    expect((await listDevices(db()))[0]!.flags).toContain('resyncing');
    await recordDiscards(db(), authed, {
      items: [
        {
          changeId: uuid7(),
          kind: 'visit',
          recordId: 'r',
          reason: 'x',
          discardedAt: new Date().toISOString(),
          record: {},
        },
      ],
    });
    expect((await listDevices(db()))[0]!.discarded).toBe(1);
    expect(await revokeDevice(db(), authed.id)).toBe(true);
    expect(await revokeDevice(db(), authed.id)).toBe(false);
  });

  it('backs up while in use, refuses to restore beside a running server, and restores the older state in a new epoch', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ws-backup-')), kind === 'sqlite' ? 'b.sqlite' : 'b.dump');
    const env = t.env;
    const backup = () =>
      env.DATABASE_URL ? backupPostgres(env.DATABASE_URL, file) : backupSqlite(env.DATA_DIR!, file);
    const restore = () =>
      env.DATABASE_URL ? restorePostgres(env.DATABASE_URL, file) : restoreSqlite(env.DATA_DIR!, file);
    await createStation(db(), { name: '备份前', kind: 'branch' });
    const { epoch } = await storeEpoch(db());
    await backup();
    // Members' names are in it: for its owner's eyes only, and never written over.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await expect(backup()).rejects.toThrow(/exists already/);
    await createStation(db(), { name: '备份后', kind: 'branch' });
    if (kind === 'sqlite') writeFileSync(join(env.DATA_DIR!, PID_FILE), String(process.pid));
    await expect(restore()).rejects.toThrow(/stop/);
    if (kind === 'sqlite') rmSync(join(env.DATA_DIR!, PID_FILE));
    await t.store.close();
    const newEpoch = await restore();
    expect(newEpoch).not.toBe(epoch);
    t.store = kind === 'sqlite' ? await openSqlite(env.DATA_DIR!) : await openPostgres(env.DATABASE_URL!);
    expect((await listStations(db())).map((s) => s.name)).toEqual(['备份前']);
    expect((await storeEpoch(db())).epoch).toBe(newEpoch);
  }, 30_000);

  it.runIf(kind === 'postgres')(
    'refuses to restore beside a server process however idle its pool, and names a missing schema',
    async () => {
      const url = t.env.DATABASE_URL!;
      const file = join(mkdtempSync(join(tmpdir(), 'ws-backup-')), 'b.dump');
      await backupPostgres(url, file);
      // A server process: the store opened as the server opens it. Its pool is empty (no request
      // served), as after ten idle seconds; only its lock says it is there.
      const server = await openPostgres(url, { serverLock: true, applicationName: 'an idle server' });
      try {
        await expect(restorePostgres(url, file)).rejects.toThrow(/server process is running.*stop every server/);
      } finally {
        await server.close();
      }
      await t.store.close();
      expect(await restorePostgres(url, file)).toMatch(/\S/);
      t.store = await openPostgres(url);
      const missing = url.replace(/search_path%3D[^&]+|search_path=[^&\s]+/, 'search_path%3Dno_such_schema');
      expect(missing).not.toBe(url);
      await expect(openPostgres(missing)).rejects.toThrow(/schema "no_such_schema".*does not exist; create it first/);
    },
    30_000,
  );

  it.runIf(kind === 'postgres')(
    'refuses to restore a backup of another schema, which pg_restore would overwrite instead, and changes nothing',
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'ws-backup-')), 'other.dump');
      const other = await openTestStore('postgres');
      try {
        await createStation(other.store.db, { name: '别的库', kind: 'branch' });
        await backupPostgres(other.env.DATABASE_URL!, file);
        await createStation(other.store.db, { name: '别的库 · 备份后', kind: 'branch' });
        const before = await storeEpoch(other.store.db);
        await other.store.close();
        await createStation(db(), { name: '本库', kind: 'branch' });
        const { epoch } = await storeEpoch(db());
        await t.store.close();
        await expect(restorePostgres(t.env.DATABASE_URL!, file)).rejects.toThrow(
          /is a backup of schema ws_test_\S+, not of ws_test_\S+ \(the URL's search_path\).*Nothing was changed/,
        );
        // Neither schema changed: the other keeps its later station and its epoch, this one its own.
        other.store = await openPostgres(other.env.DATABASE_URL!);
        expect((await listStations(other.store.db)).map((s) => s.name)).toEqual(['别的库', '别的库 · 备份后']);
        expect((await storeEpoch(other.store.db)).epoch).toBe(before.epoch);
        t.store = await openPostgres(t.env.DATABASE_URL!);
        expect((await listStations(db())).map((s) => s.name)).toEqual(['本库']);
        expect((await storeEpoch(db())).epoch).toBe(epoch);
      } finally {
        await other.drop();
      }
    },
    30_000,
  );

  it.runIf(kind === 'postgres')(
    'lets no feed reader pass a write that took a lower position and is still committing',
    async () => {
      const entry = (recordId: string) => ({
        stationId: null,
        kind: 'station_entry',
        op: 'put',
        recordId,
        version: 1,
        payload: '{}',
        at: new Date().toISOString(),
      });
      const gate = () => {
        let open!: () => void;
        return { wait: new Promise<void>((r) => (open = r)), open };
      };
      // A takes its position first and commits last; B takes a higher one and commits at once.
      const tookA = gate();
      const commitA = gate();
      let seqA = 0;
      const a = db()
        .transaction()
        .execute(async (trx) => {
          [seqA] = (await takeFeedSeqs(trx, 1)) as [number];
          tookA.open();
          await commitA.wait;
          await appendFeed(trx, [entry('a')], [seqA]);
        });
      await tookA.wait;
      let seqB = 0;
      await db()
        .transaction()
        .execute(async (trx) => {
          [seqB] = (await takeFeedSeqs(trx, 1)) as [number];
          await appendFeed(trx, [entry('b')], [seqB]);
        });
      expect(seqB).toBeGreaterThan(seqA);
      // B is committed, but a reader that gave it out now would skip A for good: it waits for A instead.
      let answered = false;
      const read = feedSince(db(), 'no-station', 0, 100).then((rows) => ((answered = true), rows));
      await new Promise((r) => setTimeout(r, 400));
      expect(answered).toBe(false);
      commitA.open();
      await a;
      expect((await read).map((r) => Number(r.seq))).toEqual([seqA, seqB]);
      // A write that stays open longer than a reader waits: the reader answers the last settled position.
      const holdC = gate();
      const tookC = gate();
      let seqC = 0;
      const c = db()
        .transaction()
        .execute(async (trx) => {
          [seqC] = (await takeFeedSeqs(trx, 1)) as [number];
          tookC.open();
          await holdC.wait;
        });
      await tookC.wait;
      const settled = await settledSeq(db(), { waitMs: 200 });
      expect(settled).toBeGreaterThanOrEqual(seqB);
      expect(settled).toBeLessThan(seqC);
      holdC.open();
      await c;
      expect(await settledSeq(db())).toBeGreaterThanOrEqual(seqC);
      // The exports tail the same way: a visit and a ticket pushed (and committed) above a position still
      // open are given out only once it has ended.
      const { authed } = await device();
      const tookD = gate();
      const holdD = gate();
      const d = db()
        .transaction()
        .execute(async (trx) => {
          await takeFeedSeqs(trx, 1);
          tookD.open();
          await holdD.wait;
        });
      await tookD.wait;
      const v = visit();
      const ticket: Ticket = { id: uuid7(), createdAt: new Date().toISOString(), title: '雨衣', status: 'open' };
      await push(authed, [put(v), { ...put(ticket, 'ticket'), changeId: uuid7() }]);
      const exported: string[] = [];
      const visits = queryVisits(db(), { afterSeq: 0, limit: 100 }).then((rows) => {
        exported.push('visits');
        return rows.map((r) => r.id);
      });
      const tickets = queryRecords(db(), 'ticket', { afterSeq: 0, limit: 100 }).then((rows) => {
        exported.push('tickets');
        return rows.map((r) => r.id);
      });
      await new Promise((r) => setTimeout(r, 400));
      expect(exported).toEqual([]);
      holdD.open();
      await d;
      expect(await visits).toEqual([v.id]);
      expect(await tickets).toEqual([ticket.id]);
    },
  );

  it.runIf(kind === 'postgres')('survives its sessions being terminated in the middle of a transaction', async () => {
    // The outcome is awaited below; catching at once keeps its rejection from counting as unhandled meanwhile.
    const outcome = db()
      .transaction()
      .execute(async (trx) => {
        await sql`select pg_sleep(5)`.execute(trx);
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    await new Promise((r) => setTimeout(r, 300));
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    try {
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where query like '%pg_sleep(5)%' and pid <> pg_backend_pid()`,
      );
    } finally {
      await admin.end();
    }
    expect(await outcome).toBeInstanceOf(Error);
    // The process is still here, and the pool serves the next request on a fresh connection.
    await createStation(db(), { name: '之后', kind: 'branch' });
    expect((await listStations(db())).map((s) => s.name)).toEqual(['之后']);
  });

  it('keeps admins, sessions and API tokens', async () => {
    await upsertAdmin(db(), 'alice', 'a long password');
    expect(await signIn(db(), 'alice', 'wrong password')).toBeFalsy();
    const session = await signIn(db(), 'alice', 'a long password');
    expect(session).toBeTruthy();
    expect(await adminBySession(db(), session as string)).toBeTruthy();
    const { token } = await createApiToken(db(), 'bi');
    expect(await isLiveApiToken(db(), token)).toBe(true);
    expect(await isLiveApiToken(db(), `${token}x`)).toBe(false);
  });
});
