/** The kiosk's sync pass (over fake-indexeddb) against the real server over real HTTP. */
import 'fake-indexeddb/auto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskDb } from '../../src/db/kiosk-db';
import { visitStates } from '../../src/db/visit-state';

const stateOf = async (db: KioskDb, id: string) => (await visitStates(db, [id])).get(id);
import { recordVisit } from '../../src/db/record-visit';
import { retryQuarantined } from '../../src/db/quarantine';
import { acknowledgeStorageLoss } from '../../src/db/storage-loss';
import { listDevices } from '../../server/store/devices';
import { setRetentionDays } from '../../server/store/stations';
import { MAX_BATCH_CHANGES } from '../../src/protocol/limits';
import { createApiClient, HttpError, OfflineError } from '../../src/sync/api-client';
import { syncOnce } from '../../src/sync/sync-once';
import { createKioskSync } from '../../src/sync/kiosk-sync';
import { createDeviceSettings } from '../../src/settings/device-settings';
import { enrolledDevice } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let db: KioskDb;
let token: string;
let requests: number;
const countingFetch: typeof fetch = (input, init) => {
  requests++;
  return fetch(input, init);
};

beforeEach(async () => {
  server = await startTestServer();
  db = new KioskDb(`kiosk-${Math.random()}`);
  token = (await enrolledDevice(server.store.db)).token;
  requests = 0;
});
afterEach(async () => {
  db.close();
  await server.close();
});

const serverCount = async () => (await server.store.db.selectFrom('visits').select('id').execute()).length;

describe('sync pass', () => {
  it('drains N queued visits in ⌈N / batch⌉ pushes plus one pull, and empties the outbox', async () => {
    const n = MAX_BATCH_CHANGES * 2 + 17;
    for (let i = 0; i < n; i++) await recordVisit(db, { services: ['rest'], phone: null });
    const report = await syncOnce({ db, client: createApiClient(server.url, countingFetch), token });
    expect(report.accepted).toBe(n);
    expect(requests).toBeLessThanOrEqual(Math.ceil(n / MAX_BATCH_CHANGES) + 2);
    expect(await db.outbox.count()).toBe(0);
    expect(
      [...(await visitStates(db, await db.visits.toCollection().primaryKeys())).values()].filter((s) => s === 'synced'),
    ).toHaveLength(n);
    expect(await serverCount()).toBe(n);
  });

  it('pulls the station configuration and keeps the cursor with it', async () => {
    await syncOnce({ db, client: createApiClient(server.url), token });
    const station = await db.meta.get('station');
    expect(station?.key === 'station' && station.value.name).toBe('康民药店分站');
    const cursor = (await db.meta.get('pullCursor'))?.value;
    expect(cursor).not.toBe('0');
    // A changed retention window reaches the kiosk on its next pull.
    const stationId = station?.key === 'station' ? station.value.id : '';
    await setRetentionDays(server.store.db, stationId, 30);
    await syncOnce({ db, client: createApiClient(server.url), token });
    const updated = await db.meta.get('station');
    expect(updated?.key === 'station' && updated.value.retentionDays).toBe(30);
    expect((await db.meta.get('pullCursor'))?.value).not.toBe(cursor);
  });

  it('keeps every visit queued while the server answers 503, then delivers each once', async () => {
    for (let i = 0; i < 3; i++) await recordVisit(db, { services: ['water'], phone: null });
    const down = createServer((_req, res) =>
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"maintenance"}'),
    );
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await expect(syncOnce({ db, client: createApiClient(downUrl), token })).rejects.toBeInstanceOf(HttpError);
    down.close();
    expect(await db.outbox.count()).toBe(3);
    await syncOnce({ db, client: createApiClient(server.url), token });
    expect(await serverCount()).toBe(3);
  });

  it('treats a refused connection as offline and loses nothing', async () => {
    await recordVisit(db, { services: ['water'], phone: null });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(syncOnce({ db, client: createApiClient(url), token })).rejects.toBeInstanceOf(OfflineError);
    expect(await db.outbox.count()).toBe(1);
  });

  it('gives up on a server that accepts the connection but never answers, and keeps the queue', async () => {
    await recordVisit(db, { services: ['water'], phone: null });
    const silent = createServer(() => {
      // Never answers: a stalled connection, as behind a broken captive portal.
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    await expect(syncOnce({ db, client: createApiClient(url, undefined, 300), token })).rejects.toBeInstanceOf(
      OfflineError,
    );
    silent.closeAllConnections();
    silent.close();
    expect(await db.outbox.count()).toBe(1);
  });

  it('keeps every answered batch when the network drops in the middle of a long drain, and sends the rest once', async () => {
    const n = MAX_BATCH_CHANGES * 4;
    for (let i = 0; i < n; i++) await recordVisit(db, { services: ['rest'], phone: null });
    let pushes = 0;
    let lateTapIn: Promise<unknown> = Promise.resolve();
    // The third push never reaches the server; a worker taps in while the drain is under way.
    const dropsThird: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/sync/push') && ++pushes === 3) throw new TypeError('network down');
      if (pushes === 2) lateTapIn = recordVisit(db, { services: ['water'], phone: null });
      return fetch(input, init);
    };
    await expect(syncOnce({ db, client: createApiClient(server.url, dropsThird), token })).rejects.toBeInstanceOf(
      OfflineError,
    );
    await lateTapIn;
    // Both answered batches were settled before the error surfaced; nothing else left the queue.
    expect(await serverCount()).toBe(MAX_BATCH_CHANGES * 2);
    expect(await db.outbox.count()).toBe(n + 1 - MAX_BATCH_CHANGES * 2);
    const report = await syncOnce({ db, client: createApiClient(server.url), token });
    expect(report).toMatchObject({ accepted: n + 1 - MAX_BATCH_CHANGES * 2, duplicates: 0 });
    expect(await serverCount()).toBe(n + 1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('loses and doubles nothing when the page closes its database while a batch is being settled', async () => {
    const n = MAX_BATCH_CHANGES * 3;
    for (let i = 0; i < n; i++) await recordVisit(db, { services: ['rest'], phone: null });
    let pushes = 0;
    // The page goes away while the first answer is being settled and the second push is on the wire.
    const closesOnSecond: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/sync/push') && ++pushes === 2) db.close();
      return fetch(input, init);
    };
    await expect(syncOnce({ db, client: createApiClient(server.url, closesOnSecond), token })).rejects.toThrow();
    // A new page opens the same data and finishes the work: every visit once on the server.
    db = new KioskDb(db.name);
    const report = await syncOnce({ db, client: createApiClient(server.url), token });
    expect(report.accepted + report.duplicates).toBeGreaterThan(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await serverCount()).toBe(n);
  });

  it('pushes again after a lost answer without storing anything twice', async () => {
    const v = await recordVisit(db, { services: ['rest'], phone: '13912345678' });
    // The server commits the batch but the kiosk never hears back.
    const lossy: typeof fetch = async (input, init) => {
      await fetch(input, init);
      throw new TypeError('connection reset');
    };
    await expect(syncOnce({ db, client: createApiClient(server.url, lossy), token })).rejects.toBeInstanceOf(
      OfflineError,
    );
    expect(await db.outbox.count()).toBe(1);
    const report = await syncOnce({ db, client: createApiClient(server.url), token });
    expect(report.duplicates).toBe(1);
    expect(await serverCount()).toBe(1);
    expect(await stateOf(db, v.id)).toBe('synced');
  });

  it('moves a refused change to quarantine with the server’s reason, and can retry it', async () => {
    const good = await recordVisit(db, { services: ['rest'], phone: null });
    const bad = await recordVisit(db, { services: ['rest'], phone: null });
    // Corrupt the queued copy so the server refuses it.
    await db.outbox
      .where('recordId')
      .equals(bad.id)
      .modify((e) => {
        e.record = { ...e.record, stationId: 'another-station' };
      });
    const report = await syncOnce({ db, client: createApiClient(server.url), token });
    expect(report).toMatchObject({ accepted: 1, rejected: 1 });
    const q = await db.refused.get(bad.id);
    expect(q?.reason).toContain('another station');
    expect(await stateOf(db, bad.id)).toBe('rejected');
    expect(await stateOf(db, good.id)).toBe('synced');
    expect(await db.outbox.count()).toBe(0);
    await retryQuarantined(db, bad.id);
    expect(await db.refused.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
  });

  it('notices when the kiosk’s storage was wiped, tells the host, and flags the device for the admin', async () => {
    for (let i = 0; i < 3; i++) await recordVisit(db, { services: ['rest'], phone: null });
    await syncOnce({ db, client: createApiClient(server.url), token });
    expect((await db.meta.get('receiptHighWater'))?.value).toBe(3);
    // The visit database is gone (the token survived elsewhere): the kiosk must not start over quietly.
    db.close();
    await db.delete();
    db = new KioskDb(`kiosk-wiped-${Math.random()}`);
    await syncOnce({ db, client: createApiClient(server.url), token });
    expect((await db.meta.get('storageLost'))?.value).toMatchObject({ serverConfirmed: 3, localHighWater: 0 });
    expect((await listDevices(server.store.db))[0]?.flags).toContain('storage-lost');
    // The host acknowledges; the next sync clears the admin's flag.
    await acknowledgeStorageLoss(db);
    await syncOnce({ db, client: createApiClient(server.url), token });
    expect(await db.meta.get('storageLost')).toBeUndefined();
    expect((await listDevices(server.store.db))[0]?.flags).toEqual([]);
  });

  it('syncs from a kiosk whose clock is days off, keeping both times and measuring the offset', async () => {
    const kioskNow = () => new Date(Date.now() - 4 * 86_400_000);
    const v = await recordVisit(db, { services: ['water'], phone: null }, kioskNow());
    const report = await syncOnce({ db, client: createApiClient(server.url), token, now: kioskNow });
    expect(report.accepted).toBe(1);
    expect(report.clockOffsetMs).toBeGreaterThan(4 * 86_400_000 - 60_000);
    const row = await server.store.db.selectFrom('visits').selectAll().executeTakeFirstOrThrow();
    expect(row.created_at).toBe(v.createdAt);
    expect(Date.parse(row.received_at) - Date.parse(row.created_at)).toBeGreaterThan(4 * 86_400_000 - 60_000);
    const device = (await listDevices(server.store.db))[0]!;
    expect(device.flags).toContain('clock-off');
  });

  it('prunes synced visits past the station’s retention window after a pass, keeping unsynced ones', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    const synced = await recordVisit(db, { services: ['rest'], phone: null }, old);
    await syncOnce({ db, client: createApiClient(server.url), token });
    const unsynced = await recordVisit(db, { services: ['rest'], phone: null }, old);
    // The server will refuse this one, so it never becomes synced.
    await db.outbox
      .where('recordId')
      .equals(unsynced.id)
      .modify((e) => {
        e.record = { ...e.record, stationId: 'elsewhere' };
      });
    const stationId = (await server.store.db.selectFrom('stations').select('id').executeTakeFirstOrThrow()).id;
    await setRetentionDays(server.store.db, stationId, 30);
    const settings = createDeviceSettings(`settings-${Math.random()}`);
    await settings.setEnrollment({ deviceId: 'd', stationId, token, enrolledAt: '' });
    const sync = createKioskSync(db, settings, createApiClient(server.url), 'test');
    const done = new Promise<void>((resolve) => sync.subscribe((_s, busy) => !busy && resolve()));
    sync.trigger('manual');
    await done;
    sync.stop();
    // The pass pulled the 30-day window first, then pruned with it.
    expect(await db.visits.get(synced.id)).toBeUndefined();
    expect(await stateOf(db, unsynced.id)).toBe('rejected');
    expect(await db.visits.get(unsynced.id)).toBeDefined();
    expect((await settings.getSyncStatus()).lastSuccessAt).not.toBeNull();
  });

  it('records a refused device token as "refused" for the host, keeping the queue', async () => {
    await recordVisit(db, { services: ['rest'], phone: null });
    const settings = createDeviceSettings(`settings-${Math.random()}`);
    await settings.setEnrollment({ deviceId: 'd', stationId: 's', token: 'wsd_revoked', enrolledAt: '' });
    const sync = createKioskSync(db, settings, createApiClient(server.url), 'test');
    const done = new Promise<void>((resolve) => sync.subscribe((_s, busy) => !busy && resolve()));
    sync.trigger('manual');
    await done;
    sync.stop();
    expect((await settings.getSyncStatus()).lastError).toBe('refused');
    expect(await db.outbox.count()).toBe(1);
  });

  it('stops with a clear error when the device token was revoked, keeping the queue', async () => {
    await recordVisit(db, { services: ['rest'], phone: null });
    await expect(syncOnce({ db, client: createApiClient(server.url), token: 'wsd_revoked' })).rejects.toThrow(
      /Unknown device token/,
    );
    expect(await db.outbox.count()).toBe(1);
  });
});
