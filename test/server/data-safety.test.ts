/** Server-side data safety: receipts, heartbeats and device flags, durable commits, migrations over existing data. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrollCode, listDevices } from '../../server/store/devices';
import { contentHash, plainContentHash } from '../../server/store/content-hash';
import { phoneKey } from '../../server/store/members';
import { openSqlite } from '../../server/store/open-database';
import { queryVisits } from '../../server/store/visits';
import type { Heartbeat } from '../../src/protocol/schemas';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

const heartbeat = (over: Partial<Heartbeat> = {}): Heartbeat => ({
  sentAt: new Date().toISOString(),
  appVersion: '0.1.0',
  queueDepth: 0,
  oldestPendingAt: null,
  storagePersisted: true,
  storageUsed: 1_000_000,
  storageQuota: 100_000_000,
  clockOffsetMs: 0,
  receiptHighWater: 0,
  ...over,
});

describe('receipts', () => {
  it('numbers each device’s accepted records 1, 2, 3…, and answers a duplicate with its first receipt', async () => {
    const a = await enrolledDevice(server.store.db, 'A');
    const b = await enrolledDevice(server.store.db, 'B');
    const records = [visit(), visit(), visit()];
    const first = (await (await post('/api/v1/sync/push', pushBody(records), a.token)).json()) as {
      results: { receipt?: number }[];
    };
    expect(first.results.map((r) => r.receipt)).toEqual([1, 2, 3]);
    const again = (await (await post('/api/v1/sync/push', pushBody([records[1], visit()]), a.token)).json()) as {
      results: { status: string; receipt?: number }[];
    };
    expect(again.results).toEqual([
      { id: records[1]!.id, status: 'duplicate', receipt: 2 },
      expect.objectContaining({ status: 'accepted', receipt: 4 }),
    ]);
    const other = (await (await post('/api/v1/sync/push', pushBody([visit()]), b.token)).json()) as {
      results: { receipt?: number }[];
    };
    expect(other.results[0]?.receipt).toBe(1);
  });
});

describe('heartbeat and device flags', () => {
  it('shows the admin a kiosk whose clock is off, whose storage is not persistent, or that lost its storage', async () => {
    const { token, deviceId } = await enrolledDevice(server.store.db);
    await post('/api/v1/sync/push', pushBody([visit(), visit()]), token);
    const res = await post(
      '/api/v1/sync/heartbeat',
      heartbeat({
        sentAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        storagePersisted: false,
        receiptHighWater: 0,
        queueDepth: 4,
      }),
      token,
    );
    expect(((await res.json()) as { confirmed: number }).confirmed).toBe(2);
    const device = (await listDevices(server.store.db)).find((d) => d.id === deviceId)!;
    expect(device.flags.sort()).toEqual(['clock-off', 'storage-lost', 'storage-not-persistent']);
    expect(device).toMatchObject({ queueDepth: 4, confirmed: 2, appVersion: '0.1.0' });

    await post('/api/v1/sync/heartbeat', heartbeat({ receiptHighWater: 2 }), token);
    expect((await listDevices(server.store.db)).find((d) => d.id === deviceId)!.flags).toEqual([]);
  });

  it('flags a kiosk that has not synced for a day', async () => {
    const { deviceId } = await enrolledDevice(server.store.db);
    const tomorrow = new Date(Date.now() + 25 * 3600_000);
    expect((await listDevices(server.store.db, tomorrow)).find((d) => d.id === deviceId)!.flags).toEqual([
      'not-synced-for-a-day',
    ]);
  });

  it('refuses a malformed heartbeat', async () => {
    const { token } = await enrolledDevice(server.store.db);
    expect((await post('/api/v1/sync/heartbeat', { ...heartbeat(), queueDepth: -1 }, token)).status).toBe(400);
  });
});

describe('re-enrolling a wiped kiosk', () => {
  it('gives the same device a new token, refuses the old one, and keeps its receipts', async () => {
    const { token, deviceId, station } = await enrolledDevice(server.store.db);
    await post('/api/v1/sync/push', pushBody([visit(), visit(), visit()]), token);
    const { code } = await createEnrollCode(server.store.db, station.id, { deviceId });
    const enrolled = (await (await post('/api/v1/enroll', { code })).json()) as { deviceId: string; token: string };
    expect(enrolled.deviceId).toBe(deviceId);
    expect((await post('/api/v1/sync/heartbeat', heartbeat(), token)).status).toBe(401);
    const beat = await post('/api/v1/sync/heartbeat', heartbeat({ receiptHighWater: 0 }), enrolled.token);
    expect(((await beat.json()) as { confirmed: number }).confirmed).toBe(3);
    expect((await listDevices(server.store.db)).find((d) => d.id === deviceId)!.flags).toContain('storage-lost');
  });
});

describe('durability and migrations', () => {
  it('commits with synchronous=FULL under WAL, so "accepted" means on disk', async () => {
    const mode = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(server.store.db);
    expect(mode.rows[0]?.synchronous).toBe(2);
    const journal = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(server.store.db);
    expect(journal.rows[0]?.journal_mode).toBe('wal');
  });

  it('upgrades a database that already holds visits, keeping every row and numbering receipts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystation-migrate-'));
    try {
      const old = await openSqlite(dir, '0001-initial');
      // Written with the first schema's columns only, as a deployed server would have.
      const db = old.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const at = new Date().toISOString();
      await db
        .insertInto('stations')
        .values({ id: 's1', name: '老分站', kind: 'branch', services: '["rest"]', created_at: at })
        .execute();
      await db
        .insertInto('devices')
        .values({ id: 'd1', station_id: 's1', name: 'k', token_hash: 'h', created_at: at })
        .execute();
      for (const [id, createdAt, services] of [
        ['v1', at, '["rest"]'],
        ['v2', '2024-05-31T23:30:00+08:00', '["water","rest"]'],
        ['v3', at, '["rest"]'],
      ] as const) {
        await db
          .insertInto('visits')
          .values({
            id,
            station_id: 's1',
            device_id: 'd1',
            created_at: createdAt,
            received_at: at,
            services,
            phone: null,
            member_id: null,
          })
          .execute();
      }
      await old.close();

      const upgraded = await openSqlite(dir);
      const rows = await upgraded.db.selectFrom('visits').select(['id', 'receipt_seq']).orderBy('seq').execute();
      expect(rows.map((r) => [r.id, Number(r.receipt_seq)])).toEqual([
        ['v1', 1],
        ['v2', 2],
        ['v3', 3],
      ]);
      const device = await upgraded.db.selectFrom('devices').select('receipt_seq').executeTakeFirstOrThrow();
      expect(Number(device.receipt_seq)).toBe(3);
      // Later migrations: times stored as sent became UTC instants; old visits join the ledger and the service index.
      const v2 = await queryVisits(upgraded.db, { limit: 10, service: 'water' });
      expect(v2.map((v) => [v.id, v.createdAt])).toEqual([['v2', '2024-05-31T15:30:00.000Z']]);
      expect(await upgraded.db.selectFrom('changes').select('change_id').orderBy('change_id').execute()).toEqual([
        { change_id: 'v1' },
        { change_id: 'v2' },
        { change_id: 'v3' },
      ]);
      await upgraded.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seals the phones a database already holds, keys its phone index and ledger hashes, and still reads them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystation-migrate-'));
    try {
      const old = await openSqlite(dir, '0008-suggestion-codes');
      const db = old.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const at = '2026-11-01T08:00:00.000Z';
      await db
        .insertInto('stations')
        .values({ id: 's1', name: '老分站', kind: 'branch', services: '["rest"]', created_at: at })
        .execute();
      await db
        .insertInto('devices')
        .values({ id: 'd1', station_id: 's1', name: 'k', token_hash: 'h', created_at: at })
        .execute();
      const record = { id: 'v1', createdAt: at, services: ['rest'], phone: '13912345678', memberId: null };
      await db
        .insertInto('visits')
        .values({
          seq: 1,
          id: 'v1',
          station_id: 's1',
          device_id: 'd1',
          created_at: at,
          received_at: at,
          services: '["rest"]',
          phone: record.phone,
          member_id: null,
          receipt_seq: 1,
        })
        .execute();
      const change = { kind: 'visit', op: 'put', baseVersion: null, record };
      await db
        .insertInto('changes')
        .values({
          change_id: 'v1',
          kind: 'visit',
          record_id: 'v1',
          station_id: 's1',
          device_id: 'd1',
          receipt: 1,
          version: null,
          received_at: at,
          content_hash: plainContentHash(change),
        })
        .execute();
      const oldKey = createHash('sha256').update('waystation-member-phone:13800138001').digest('hex');
      const member = { id: 'm1', createdAt: at, name: '王建国', phone: '13800138001', occupation: 'courier' };
      await db
        .insertInto('records')
        .values({
          kind: 'member',
          id: 'm1',
          station_id: 's1',
          version: 1,
          body: JSON.stringify(member),
          created_at: at,
          updated_at: at,
          feed_seq: 2,
        })
        .execute();
      await db
        .insertInto('members')
        .values({
          id: 'm1',
          member_no: 'W0001',
          name: '王建国',
          phone_last4: '8001',
          phone_key: oldKey,
          station_id: 's1',
          occupation: 'courier',
          platform: null,
          party_member: 0,
          mobile_party: 0,
          home_org: null,
          branch_id: null,
          merged_into: null,
          created_at: at,
          version: 1,
        })
        .execute();
      await db.insertInto('member_phones').values({ phone_key: oldKey, member_id: 'm1' }).execute();
      await old.close();

      const upgraded = await openSqlite(dir);
      const raw = upgraded.db as unknown as Kysely<Record<string, Record<string, string>>>;
      const stored = await raw.selectFrom('visits').select('phone').executeTakeFirstOrThrow();
      expect(stored.phone).toMatch(/^p1\./);
      expect((await queryVisits(upgraded.db, { limit: 10 }))[0]?.phone).toBe('13912345678');
      // The same change pushed again still matches its ledger row: the hash is keyed, not changed in meaning.
      const ledger = await raw.selectFrom('changes').select('content_hash').executeTakeFirstOrThrow();
      expect(ledger.content_hash).toBe(contentHash(change));
      const body = await raw.selectFrom('records').select('body').where('id', '=', 'm1').executeTakeFirstOrThrow();
      expect(body.body).not.toContain('13800138001');
      expect(JSON.parse(body.body) as { name: string }).toMatchObject({ name: '王建国' });
      const keys = await raw.selectFrom('member_phones').select('phone_key').execute();
      expect(keys).toEqual([{ phone_key: phoneKey('13800138001') }]);
      const indexed = await raw.selectFrom('members').select('phone_key').executeTakeFirstOrThrow();
      expect(indexed.phone_key).toBe(phoneKey('13800138001'));
      await upgraded.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
