/** The central server over real HTTP against a real SQLite file: enrollment, refusals, idempotent push. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrollCode } from '../../server/store/devices';
import { revokeDevice } from '../../server/store/devices';
import { createStation } from '../../server/store/stations';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const post = (path: string, body: unknown, token?: string, raw = false) =>
  fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ? (body as string) : JSON.stringify(body),
  });

const storedVisits = async () => (await server.store.db.selectFrom('visits').selectAll().execute()).length;

describe('health', () => {
  it('says which store the server runs on and that it answers', async () => {
    const res = await fetch(`${server.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: 'test', store: 'sqlite', storeAnswers: true });
  });

  it('answers 503 when the store does not', async () => {
    await server.store.db.destroy();
    const res = await fetch(`${server.url}/api/v1/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, storeAnswers: false });
  });
});

describe('enrollment', () => {
  it('enrolls a kiosk with a fresh code and refuses the same code a second time', async () => {
    const station = await createStation(server.store.db, { name: '电信营业厅分站', kind: 'branch' });
    const { code } = await createEnrollCode(server.store.db, station.id);
    const first = await post('/api/v1/enroll', { code });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { stationId: string; token: string; station: { name: string } };
    expect(body.stationId).toBe(station.id);
    expect(body.station.name).toBe('电信营业厅分站');
    expect(body.token).toMatch(/^wsd_/);
    const again = await post('/api/v1/enroll', { code });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: string }).error).toMatch(/used|expired|unknown/);
  });

  it('refuses an expired code', async () => {
    const station = await createStation(server.store.db, { name: 'A', kind: 'branch' });
    const { code } = await createEnrollCode(server.store.db, station.id, {
      ttlMs: 1000,
      now: new Date(Date.now() - 60_000),
    });
    expect((await post('/api/v1/enroll', { code })).status).toBe(403);
  });

  it('stores only a hash of the device token', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const rows = await server.store.db.selectFrom('devices').select('token_hash').execute();
    expect(rows[0]?.token_hash).not.toContain(token.slice(4));
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 400 for a malformed code', async () => {
    const res = await post('/api/v1/enroll', { code: '12ab' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('code');
  });
});

describe('push refusals change nothing', () => {
  it('refuses a push without a token, and with an unknown token', async () => {
    expect((await post('/api/v1/sync/push', pushBody([visit()]))).status).toBe(401);
    expect((await post('/api/v1/sync/push', pushBody([visit()]), 'wsd_nope')).status).toBe(401);
    expect(await storedVisits()).toBe(0);
  });

  it('refuses a revoked device at once', async () => {
    const { token, deviceId } = await enrolledDevice(server.store.db);
    expect((await post('/api/v1/sync/push', pushBody([visit()]), token)).status).toBe(200);
    await revokeDevice(server.store.db, deviceId);
    const res = await post('/api/v1/sync/push', pushBody([visit()]), token);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toContain('revoked');
    expect(await storedVisits()).toBe(1);
  });

  it('rejects a record naming another station and stores the rest of the batch', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const other = await createStation(server.store.db, { name: 'B', kind: 'branch' });
    const good = visit();
    const foreign = { ...visit(), stationId: other.id };
    const res = await post('/api/v1/sync/push', pushBody([good, foreign]), token);
    const body = (await res.json()) as { results: { id: string; status: string; reason?: string }[] };
    expect(body.results).toEqual([
      { id: good.id, status: 'accepted', receipt: 1 },
      { id: foreign.id, status: 'rejected', code: 'wrong_station', reason: expect.stringContaining('another station') },
    ]);
    expect(await storedVisits()).toBe(1);
  });

  it('answers 413 for an oversized body', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const huge = JSON.stringify(pushBody([{ ...visit(), memberId: 'x'.repeat(600 * 1024) }]));
    const res = await post('/api/v1/sync/push', huge, token, true);
    expect(res.status).toBe(413);
    expect(await storedVisits()).toBe(0);
  });

  it('answers 400 for malformed JSON and for a wrongly typed envelope', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const bad = await post('/api/v1/sync/push', '{"batchId": ', token, true);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not valid JSON/);
    const wrong = await post('/api/v1/sync/push', { batchId: 'x', changes: 'all of them' }, token);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/batchId|changes/);
    expect(await storedVisits()).toBe(0);
  });

  it('rejects a record with wrong field types, with a reason naming the field', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const broken = { ...visit(), services: ['rest', 'karaoke'] };
    const res = await post('/api/v1/sync/push', pushBody([broken]), token);
    const body = (await res.json()) as { results: { status: string; reason?: string }[] };
    expect(body.results[0]?.status).toBe('rejected');
    expect(body.results[0]?.reason).toContain('services');
    expect(await storedVisits()).toBe(0);
  });
});

describe('idempotent push', () => {
  it('stores a re-pushed record once and answers duplicate', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const records = [visit(['rest']), visit(['water'], '13812345678')];
    const first = (await (await post('/api/v1/sync/push', pushBody(records), token)).json()) as {
      results: { status: string }[];
    };
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const again = (await (await post('/api/v1/sync/push', pushBody(records), token)).json()) as {
      results: { status: string }[];
    };
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await storedVisits()).toBe(2);
  });

  it('refuses a record whose id another station already used', async () => {
    const a = await enrolledDevice(server.store.db, 'A');
    const b = await enrolledDevice(server.store.db, 'B');
    const record = visit();
    await post('/api/v1/sync/push', pushBody([record]), a.token);
    const res = (await (await post('/api/v1/sync/push', pushBody([record]), b.token)).json()) as {
      results: { status: string }[];
    };
    expect(res.results[0]?.status).toBe('rejected');
    const rows = await server.store.db.selectFrom('visits').select('station_id').execute();
    expect(rows).toEqual([{ station_id: a.station.id }]);
  });

  it('records the kiosk clock offset measured from the batch', async () => {
    const { token, deviceId } = await enrolledDevice(server.store.db);
    const body = { ...pushBody([visit()]), sentAt: new Date(Date.now() - 3 * 3600_000).toISOString() };
    await post('/api/v1/sync/push', body, token);
    const device = await server.store.db
      .selectFrom('devices')
      .select('clock_offset_ms')
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(Number(device.clock_offset_ms)).toBeGreaterThan(3 * 3600_000 - 60_000);
  });
});

describe('pull', () => {
  it('sends the station configuration once, then nothing new after the cursor', async () => {
    const { token, station } = await enrolledDevice(server.store.db);
    const other = await createStation(server.store.db, { name: 'someone else', kind: 'branch' });
    const get = (cursor: string) =>
      fetch(`${server.url}/api/v1/sync/pull?cursor=${cursor}`, { headers: { authorization: `Bearer ${token}` } }).then(
        (r) => r.json() as Promise<{ changes: { kind: string; record: { id: string } }[]; cursor: string }>,
      );
    const first = await get('0');
    // Its own station's configuration; every station's directory entry (the whole district's).
    expect(first.changes.filter((c) => c.kind === 'station').map((c) => c.record.id)).toEqual([station.id]);
    expect(first.changes.filter((c) => c.kind === 'station_entry').map((c) => c.record.id)).toEqual([
      station.id,
      other.id,
    ]);
    const second = await get(first.cursor);
    expect(second.changes).toEqual([]);
    expect(second.cursor).toBe(first.cursor);
  });
});
