/**
 * A kiosk catching up with a server restored from an older backup ends with the
 * server's count as its receipt high-water, even when the newest receipt went to
 * a change the resync does not push again (a ticket; only visits and attendance
 * are held whole). Real server over real HTTP and a real SQLite file.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupSqlite, restoreSqlite } from '../../server/store/backup';
import { KioskDb } from '../../src/db/kiosk-db';
import { queueChange } from '../../src/db/queue-change';
import { recordVisit } from '../../src/db/record-visit';
import { uuid7 } from '../../src/protocol/uuid7';
import { createApiClient } from '../../src/sync/api-client';
import { syncOnce } from '../../src/sync/sync-once';
import { enrolledDevice } from '../support/fixtures';
import { TEST_KINDS, type Ticket } from '../support/test-kinds';
import { startTestServer, type TestServer } from '../support/test-server';

let dataDir: string;
let server: TestServer;
let db: KioskDb;
let device: Awaited<ReturnType<typeof enrolledDevice>>;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'waystation-resync-'));
  server = await startTestServer({ registry: TEST_KINDS, dataDir });
  db = new KioskDb(`resync-${Math.random()}`);
  device = await enrolledDevice(server.store.db);
});
afterEach(async () => {
  db.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sync = (fetcher?: typeof fetch) =>
  syncOnce({ db, client: createApiClient(server.url, fetcher), token: device.token });

/** Backs the store up, runs `after`, then restores the backup under a restarted server (a new epoch). */
async function restoreAfter(after: () => Promise<unknown>) {
  const backup = join(dataDir, 'backup.sqlite');
  await backupSqlite(dataDir, backup);
  await after();
  await server.close();
  const epoch = await restoreSqlite(dataDir, backup);
  server = await startTestServer({ registry: TEST_KINDS, dataDir });
  return epoch;
}

/** A new ticket made at the kiosk: a versioned kind, so a resync does not push it again. */
async function queueTicket() {
  const at = new Date();
  const ticket: Ticket = { id: uuid7(at.getTime()), createdAt: at.toISOString(), title: '冬季手套', status: 'open' };
  await db.transaction('rw', db.outbox, () =>
    queueChange(db, { kind: 'ticket', op: 'put', record: ticket, baseVersion: 0, versioned: true }, at),
  );
}

/** The device's receipts on the server (sorted), its count, and the kiosk's high-water. */
async function receipts() {
  const rows = await server.store.db
    .selectFrom('changes')
    .select('receipt')
    .where('device_id', '=', device.deviceId)
    .execute();
  const row = await server.store.db
    .selectFrom('devices')
    .select('receipt_seq')
    .where('id', '=', device.deviceId)
    .executeTakeFirstOrThrow();
  const hw = await db.meta.get('receiptHighWater');
  return {
    receipts: rows.map((r) => Number(r.receipt)).sort((a, b) => a - b),
    count: Number(row.receipt_seq),
    highWater: hw?.key === 'receiptHighWater' ? hw.value : 0,
  };
}

describe('the receipt high-water through a resync', () => {
  it('keeps the receipt of a change the new epoch took before the kiosk noticed the restore', async () => {
    for (let i = 0; i < 3; i++) await recordVisit(db, { services: ['rest'], phone: null });
    await sync();
    const epoch = await restoreAfter(() => Promise.resolve());
    // Queued after every visit: the pass that meets the new epoch pushes it first, then starts the resync.
    await queueTicket();
    const report = await sync();
    expect(report.resent).toBe(3);
    expect(await receipts()).toEqual({ receipts: [1, 2, 3, 4], count: 4, highWater: 4 });
    expect(await db.meta.get('epoch')).toMatchObject({ value: epoch });
    expect(await db.meta.get('resyncing')).toBeUndefined();
  });

  it('keeps the receipt of a change pushed while an unfinished resync is still catching up', async () => {
    for (let i = 0; i < 3; i++) await recordVisit(db, { services: ['rest'], phone: null });
    await sync();
    const epoch = await restoreAfter(async () => {
      // Two visits the restore loses: the resync must push them again.
      for (let i = 0; i < 2; i++) await recordVisit(db, { services: ['water'], phone: null });
      await sync();
    });
    // The resync pass pushes everything again, then its last heartbeat is lost: the resync is not finished.
    let heartbeats = 0;
    const losesSecondHeartbeat: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/sync/heartbeat') && ++heartbeats === 2) throw new TypeError('network down');
      return fetch(input, init);
    };
    await expect(sync(losesSecondHeartbeat)).rejects.toThrow();
    expect(await db.meta.get('resyncing')).toMatchObject({ value: epoch });
    expect(await db.outbox.count()).toBe(0);
    // The host's ticket is the newest change; the next pass pushes it and finishes catching up.
    await queueTicket();
    await sync();
    expect(await receipts()).toEqual({ receipts: [1, 2, 3, 4, 5, 6], count: 6, highWater: 6 });
    expect(await db.meta.get('epoch')).toMatchObject({ value: epoch });
    expect(await db.meta.get('resyncing')).toBeUndefined();
    // Nothing is pushed again once caught up.
    expect((await sync()).resent).toBe(0);
  });
});
