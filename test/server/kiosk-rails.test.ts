/** The kiosk's side of the rails (fake-indexeddb) against the real server over real HTTP: splits, pulls, conflicts, losses, restores. */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupSqlite, restoreSqlite } from '../../server/store/backup';
import { sealPublicKey } from '../../server/auth/seal-key';
import { listDevices } from '../../server/store/devices';
import { queryVisits } from '../../server/store/visits';
import { setRetentionDays } from '../../server/store/stations';
import { applyConsoleChange } from '../../server/sync/console-change';
import { KioskDb } from '../../src/db/kiosk-db';
import { localView } from '../../src/db/local-view';
import { discardQuarantined } from '../../src/db/quarantine';
import { queueChange } from '../../src/db/queue-change';
import { recordVisit } from '../../src/db/record-visit';
import { uuid7 } from '../../src/protocol/uuid7';
import { createApiClient } from '../../src/sync/api-client';
import { pushOutbox } from '../../src/sync/push-outbox';
import { syncOnce } from '../../src/sync/sync-once';
import { enrolledDevice, feedUnknownKind } from '../support/fixtures';
import { TEST_KINDS, type Ticket } from '../support/test-kinds';
import { startTestServer, type TestServer } from '../support/test-server';

let dataDir: string;
let server: TestServer;
let db: KioskDb;
let device: Awaited<ReturnType<typeof enrolledDevice>>;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'waystation-rails-'));
  server = await startTestServer({ registry: TEST_KINDS, dataDir });
  db = new KioskDb(`rails-${Math.random()}`);
  device = await enrolledDevice(server.store.db);
});
afterEach(async () => {
  db.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sync = (kiosk = db) => syncOnce({ db: kiosk, client: createApiClient(server.url), token: device.token });
const serverVisitIds = async () =>
  (await server.store.db.selectFrom('visits').select('id').orderBy('id').execute()).map((r) => r.id);

describe('a batch the server refuses as a whole', () => {
  it('is split until the one unreadable change sits in quarantine, and every other change is delivered', async () => {
    for (let i = 0; i < 9; i++) await recordVisit(db, { services: ['rest'], phone: null });
    // A record whose id is longer than the envelope allows makes the server refuse the whole push (400).
    const bad = { id: 'x'.repeat(100), createdAt: new Date().toISOString(), services: ['rest'] };
    await db.transaction('rw', db.outbox, () =>
      queueChange(db, { kind: 'visit', op: 'put', record: bad, changeId: uuid7() }, new Date()),
    );
    for (let i = 0; i < 5; i++) await recordVisit(db, { services: ['water'], phone: null });
    const report = await sync();
    expect(report.accepted).toBe(14);
    expect(report.rejected).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    const [refused] = await db.refused.toArray();
    expect(refused).toMatchObject({ recordId: bad.id, code: 'batch_refused' });
    expect(await serverVisitIds()).toHaveLength(14);
  });
});

describe('a refused record the host discards', () => {
  it('is reported to the server, where the admin sees it, once', async () => {
    const foreign = { ...(await recordVisit(db, { services: ['rest'], phone: null })) };
    // Re-queue it as naming another station, which the server refuses.
    await db.outbox.clear();
    await db.transaction('rw', db.outbox, () =>
      queueChange(db, { kind: 'visit', op: 'put', record: { ...foreign, stationId: 'elsewhere' } }, new Date()),
    );
    await sync();
    expect(await db.refused.get(foreign.id)).toMatchObject({ code: 'wrong_station' });
    await discardQuarantined(db, foreign.id);
    await sync();
    await sync();
    const rows = await server.store.db.selectFrom('discarded').selectAll().execute();
    expect(rows).toEqual([
      expect.objectContaining({ change_id: foreign.id, device_id: device.deviceId, kind: 'visit' }),
    ]);
    expect((await listDevices(server.store.db))[0]!.discarded).toBe(1);
    expect((await db.refused.get(foreign.id))?.reportedAt).toBeTruthy();
  });
});

describe('pull', () => {
  it('keeps a kind this app does not know aside and applies the rest of the page', async () => {
    await feedUnknownKind(server.store.db);
    await setRetentionDays(server.store.db, device.station.id, 14);
    await sync();
    const station = await db.meta.get('station');
    expect(station?.key === 'station' && station.value.retentionDays).toBe(14);
    expect(await db.pulled.get(['future_thing', 'f1'])).toMatchObject({
      version: 3,
      record: { text: 'for a later app version' },
    });
    expect((await db.meta.get('pullCursor'))?.value).toMatch(/\.\d+$/);
  });
});

describe('a versioned record edited on the kiosk and in the console', () => {
  it('takes the server’s copy when the kiosk’s offline change lost, and keeps a notice for the host', async () => {
    const ticket: Ticket = { id: uuid7(), createdAt: new Date().toISOString(), title: '冬季手套', status: 'open' };
    await db.transaction('rw', db.outbox, () =>
      queueChange(db, { kind: 'ticket', op: 'put', record: ticket, baseVersion: 0, versioned: true }, new Date()),
    );
    await sync();
    expect(await db.pulled.get(['ticket', ticket.id])).toMatchObject({ version: 1 });
    await applyConsoleChange(
      server.store.db,
      { kind: 'ticket', op: 'put', baseVersion: 1, record: { ...ticket, status: 'withdrawn' } },
      { registry: TEST_KINDS },
    );
    // The host, offline, marks it done on version 1.
    await db.transaction('rw', db.outbox, () =>
      queueChange(
        db,
        { kind: 'ticket', op: 'put', record: { ...ticket, status: 'done' }, baseVersion: 1, versioned: true },
        new Date(),
      ),
    );
    // Until it syncs, the kiosk shows its own change over the server's copy.
    expect((await localView(db, 'ticket')).get(ticket.id)).toMatchObject({ pending: true, record: { status: 'done' } });
    const report = await sync();
    expect(report.conflicts).toBe(1);
    expect((await localView(db, 'ticket')).get(ticket.id)).toEqual({
      pending: false,
      serverVersion: 2,
      record: { ...ticket, status: 'withdrawn' },
    });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.refused.count()).toBe(0);
    expect(await db.pulled.get(['ticket', ticket.id])).toMatchObject({ version: 2, record: { status: 'withdrawn' } });
    const [notice] = await db.conflicts.toArray();
    expect(notice).toMatchObject({ recordId: ticket.id, mine: { status: 'done' }, theirs: { status: 'withdrawn' } });
  });
});

describe('lost storage', () => {
  it('is noticed by counts when a wiped kiosk was used before it synced again', async () => {
    for (let i = 0; i < 5; i++) await recordVisit(db, { services: ['rest'], phone: null });
    await sync();
    // The profile is wiped; the same device token is used again (re-enrollment keeps the device).
    const wiped = new KioskDb(`wiped-${Math.random()}`);
    for (let i = 0; i < 3; i++) await recordVisit(wiped, { services: ['rest'], phone: null });
    await sync(wiped);
    // Its highest receipt (8) equals the server's count: only counting what it holds shows the loss.
    const hw = await wiped.meta.get('receiptHighWater');
    expect(hw?.value).toBe(8);
    expect(await wiped.meta.get('storageLost')).toMatchObject({ value: { serverConfirmed: 8, localHighWater: 3 } });
    const [row] = await listDevices(server.store.db);
    expect(row!.flags).toContain('storage-lost');
    wiped.close();
  });

  it('raises nothing for a kiosk that kept all it had', async () => {
    for (let i = 0; i < 5; i++) await recordVisit(db, { services: ['rest'], phone: null });
    await sync();
    await sync();
    expect(await db.meta.get('storageLost')).toBeUndefined();
    expect((await listDevices(server.store.db))[0]!.flags).not.toContain('storage-lost');
  });
});

describe('a server restored from an older backup', () => {
  it('gets every record the kiosk still holds pushed again, and no cursor of the old epoch reads on', async () => {
    for (let i = 0; i < 3; i++) await recordVisit(db, { services: ['rest'], phone: null });
    await sync();
    const backup = join(dataDir, 'backup.sqlite');
    await backupSqlite(dataDir, backup);
    for (let i = 0; i < 4; i++) await recordVisit(db, { services: ['water'], phone: null });
    await sync();
    const confirmedBefore = await serverVisitIds();
    expect(confirmedBefore).toHaveLength(7);

    await server.close();
    const epoch = await restoreSqlite(dataDir, backup);
    server = await startTestServer({ registry: TEST_KINDS, dataDir });
    expect(await serverVisitIds()).toHaveLength(3);

    const report = await sync();
    expect(report.resent).toBe(7);
    expect(await serverVisitIds()).toEqual(confirmedBefore);
    expect(await db.meta.get('epoch')).toMatchObject({ value: epoch });
    expect(await db.meta.get('storageLost')).toBeUndefined();
    expect((await db.meta.get('pullCursor'))?.value).toMatch(new RegExp(`^${epoch}\\.`));
    // Receipts of the new epoch are unique and contiguous for the device.
    const receipts = (
      await server.store.db.selectFrom('changes').select('receipt').where('device_id', '=', device.deviceId).execute()
    )
      .map((r) => Number(r.receipt))
      .sort((a, b) => a - b);
    expect(receipts).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const [row] = await listDevices(server.store.db);
    expect(row!.flags).not.toContain('resyncing');
    expect(row!.flags).not.toContain('storage-lost');
  });
});

describe('a phone number on the kiosk once the server holds the visit', () => {
  it('is kept only masked and sealed, and still reaches a server restored from an older backup', async () => {
    // Enrollment hands the kiosk the server's key.
    await db.meta.put({ key: 'sealKey', value: sealPublicKey() });
    const backup = join(dataDir, 'backup.sqlite');
    await backupSqlite(dataDir, backup);
    const tapped = await recordVisit(db, { services: ['rest'], phone: '13912345678' });
    const anonymous = await recordVisit(db, { services: ['water'], phone: null });
    // The visit row holds the number masked from the start; the queued change carries it until confirmed.
    expect((await db.visits.get(tapped.id))?.phone).toBe('139****5678');
    expect((await db.outbox.toArray()).find((e) => e.recordId === tapped.id)?.record).toMatchObject({
      phone: '13912345678',
    });
    await sync();
    const kept = await db.visits.get(tapped.id);
    expect(kept?.phone).toBe('139****5678');
    expect(await db.phoneBoxes.get(tapped.id)).toEqual({ id: tapped.id, sealed: expect.stringMatching(/^sb1\./) });
    expect(await db.phoneBoxes.get(anonymous.id)).toBeUndefined();
    expect((await db.visits.get(anonymous.id))?.phone).toBeNull();
    const everything = JSON.stringify(
      await Promise.all([
        db.visits.toArray(),
        db.outbox.toArray(),
        db.refused.toArray(),
        db.meta.toArray(),
        db.phoneBoxes.toArray(),
      ]),
    );
    expect(everything).not.toContain('13912345678');
    expect(everything).not.toContain('12345678');
    // The host's log still finds it by the end of the number.
    expect(kept?.phone?.endsWith('5678')).toBe(true);

    await server.close();
    await restoreSqlite(dataDir, backup);
    server = await startTestServer({ registry: TEST_KINDS, dataDir });
    expect(await serverVisitIds()).toHaveLength(0);
    const report = await sync();
    expect(report.resent).toBe(2);
    const visits = await queryVisits(server.store.db, { limit: 10 });
    expect(visits.map((v) => [v.id, v.phone])).toEqual(
      [
        [tapped.id, '13912345678'],
        [anonymous.id, null],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect((await db.visits.get(tapped.id))?.phone).toBe('139****5678');
  });

  it('is kept on a kiosk that has no server key yet until its heartbeat brings one, then sealed, and still resent', async () => {
    // Enrolled before keys were handed out: nothing to seal with when the push is confirmed.
    const backup = join(dataDir, 'backup.sqlite');
    await backupSqlite(dataDir, backup);
    const tapped = await recordVisit(db, { services: ['rest'], phone: '13900002222' });
    const client = createApiClient(server.url);
    await pushOutbox(db, client, device.token, 200, () => new Date());
    // Confirmed, and the number kept (in clear, apart from the visit row) so a resend can carry it.
    expect(await db.outbox.count()).toBe(0);
    expect(await db.phoneBoxes.get(tapped.id)).toEqual({ id: tapped.id, clear: '13900002222' });
    expect((await db.visits.get(tapped.id))?.phone).toBe('139****2222');
    // A whole pass: the heartbeat brings the server's key and the kiosk seals what it held.
    await sync();
    expect(await db.phoneBoxes.get(tapped.id)).toEqual({ id: tapped.id, sealed: expect.stringMatching(/^sb1\./) });
    expect(JSON.stringify(await db.phoneBoxes.toArray())).not.toContain('13900002222');

    await server.close();
    await restoreSqlite(dataDir, backup);
    server = await startTestServer({ registry: TEST_KINDS, dataDir });
    expect((await sync()).resent).toBe(1);
    const [visit] = await queryVisits(server.store.db, { limit: 10 });
    expect(visit).toMatchObject({ id: tapped.id, phone: '13900002222' });
  });
});
