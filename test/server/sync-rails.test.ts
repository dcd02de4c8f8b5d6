/** The sync rails over real HTTP and a real SQLite file: idempotency by content, receipts, versions, times, epochs. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyConsoleChange } from '../../server/sync/console-change';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { startNewEpoch } from '../../server/store/feed';
import { uuid7 } from '../../src/protocol/uuid7';
import { enrolledDevice, feedUnknownKind, visit } from '../support/fixtures';
import { TEST_KINDS, type Ticket } from '../support/test-kinds';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ registry: TEST_KINDS });
});
afterEach(async () => {
  await server.close();
});

interface Result {
  id: string;
  status: string;
  code?: string;
  reason?: string;
  receipt?: number;
  version?: number;
  current?: Record<string, unknown>;
}

async function push(token: string, changes: unknown[]): Promise<Result[]> {
  const res = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ batchId: uuid7(), changes }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Result[] }).results;
}

const put = (record: unknown, kind = 'visit') => ({ kind, op: 'put', record });
const storedVisit = (id: string) =>
  server.store.db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();

/** A second device at another station. */
async function otherDevice() {
  return enrolledDevice(server.store.db, '另一个分站');
}

describe('idempotency by content', () => {
  it('answers duplicate with the first receipt when the same change comes again', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const v = visit();
    const [first] = await push(token, [put(v)]);
    const [again] = await push(token, [put(v)]);
    expect(first).toEqual({ id: v.id, status: 'accepted', receipt: 1 });
    expect(again).toEqual({ id: v.id, status: 'duplicate', receipt: 1 });
  });

  it('refuses the same id with other content, and keeps what was stored', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const v = visit(['rest']);
    await push(token, [put(v)]);
    const [changed] = await push(token, [put({ ...v, services: ['water'] })]);
    expect(changed).toMatchObject({ id: v.id, status: 'rejected', code: 'change_id_taken' });
    expect(JSON.parse((await storedVisit(v.id))!.services)).toEqual(['rest']);
  });

  it('refuses another device’s id with the same neutral answer, telling nothing of the other station', async () => {
    const a = await enrolledDevice(server.store.db);
    const b = await otherDevice();
    const v = visit();
    await push(a.token, [put(v)]);
    const [squat] = await push(b.token, [put(v)]);
    const [otherContent] = await push(a.token, [put({ ...v, services: ['internet'] })]);
    expect(squat).toMatchObject({ status: 'rejected', code: 'change_id_taken' });
    // The same words as a device's own clash: no oracle for other stations' records.
    expect(squat!.reason).toBe(otherContent!.reason);
    expect(squat!.reason).not.toContain(a.station.id);
    expect(squat!.reason).not.toContain(a.station.name);
    expect((await storedVisit(v.id))!.device_id).toBe(a.deviceId);
  });

  it('follows the same rule inside one batch', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const v = visit(['rest']);
    const w = visit(['water']);
    const results = await push(token, [put(v), put(v), put(w), put({ ...w, services: ['rest'] })]);
    expect(results).toEqual([
      { id: v.id, status: 'accepted', receipt: 1 },
      { id: v.id, status: 'duplicate', receipt: 1 },
      { id: w.id, status: 'accepted', receipt: 2 },
      expect.objectContaining({ id: w.id, status: 'rejected', code: 'change_id_taken' }),
    ]);
  });

  it('gives overlapping pushes from one device unique, contiguous receipts', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 40 }, () => visit()));
    // Every batch is sent twice at once, so the same records race each other too.
    const answers = await Promise.all(
      [...batches, ...batches].map((b) =>
        push(
          token,
          b.map((r) => put(r)),
        ),
      ),
    );
    const byId = new Map<string, number>();
    for (const r of answers.flat()) {
      expect(['accepted', 'duplicate']).toContain(r.status);
      if (byId.has(r.id)) expect(r.receipt).toBe(byId.get(r.id));
      byId.set(r.id, r.receipt!);
    }
    expect([...byId.values()].sort((x, y) => x - y)).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    const ledger = await server.store.db.selectFrom('changes').select('receipt').execute();
    expect(ledger).toHaveLength(240);
  });
});

describe('times at the edge', () => {
  it('stores a +08:00 time as the same instant in UTC and exports it so', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const v = { ...visit(), createdAt: '2024-05-31 23:30:00+08:00' };
    expect((await push(token, [put(v)]))[0]!.status).toBe('accepted');
    expect((await storedVisit(v.id))!.created_at).toBe('2024-05-31T15:30:00.000Z');
    const { token: api } = await import('../../server/store/admins').then((m) =>
      m.createApiToken(server.store.db, 'bi'),
    );
    const res = await fetch(`${server.url}/api/v1/export/visits?format=ndjson&from=2024-05-31&to=2024-06-01`, {
      headers: { authorization: `Bearer ${api}` },
    });
    const rows = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; created_at: string });
    expect(rows).toEqual([expect.objectContaining({ id: v.id, created_at: '2024-05-31T15:30:00.000Z' })]);
  });

  it('refuses impossible dates and years outside the window, with a reason', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const bad = ['2024-02-31T10:00:00Z', '9999-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '2024-05-31T10:00:00'];
    const results = await push(
      token,
      bad.map((createdAt) => put({ ...visit(), createdAt })),
    );
    expect(results.map((r) => [r.status, r.code])).toEqual(bad.map(() => ['rejected', 'invalid_record']));
    expect(results[0]!.reason).toContain('calendar');
    expect(await server.store.db.selectFrom('visits').selectAll().execute()).toHaveLength(0);
  });
});

describe('a kiosk whose clock runs days ahead', () => {
  it('has its visit kept and flagged, not dropped', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const ahead = visit(['rest'], null, new Date(Date.now() + 2 * 86_400_000));
    const onTime = visit();
    expect((await push(token, [put(ahead), put(onTime)])).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const { token: api } = await import('../../server/store/admins').then((m) =>
      m.createApiToken(server.store.db, 'bi'),
    );
    const res = await fetch(`${server.url}/api/v1/export/visits?format=ndjson`, {
      headers: { authorization: `Bearer ${api}` },
    });
    const rows = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; clock_ahead: string });
    expect(rows.map((r) => [r.id, r.clock_ahead])).toEqual([
      [ahead.id, 'yes'],
      [onTime.id, ''],
    ]);
  });
});

describe('a kind that exists only in the tests', () => {
  it('stores an append-only note through the same rails as visits', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const note = { id: uuid7(), createdAt: new Date().toISOString(), text: '门口的灯坏了' };
    expect(await push(token, [put(note, 'note')])).toEqual([{ id: note.id, status: 'accepted', receipt: 1 }]);
    expect(await push(token, [put(note, 'note')])).toEqual([{ id: note.id, status: 'duplicate', receipt: 1 }]);
    const row = await server.store.db.selectFrom('records').selectAll().where('id', '=', note.id).executeTakeFirst();
    expect(JSON.parse(row!.body!)).toEqual(note);
  });

  it('refuses a kind the server does not know, alone, and stores the rest of the batch', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const v = visit();
    const results = await push(token, [put({ id: uuid7() }, 'spaceship'), put(v)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'accepted']);
    expect(results[0]!.code).toBe('unknown_kind');
  });
});

describe('versioned records edited on both sides', () => {
  const ticket = (): Ticket => ({
    id: uuid7(),
    createdAt: new Date().toISOString(),
    title: '雨衣一件',
    status: 'open',
  });
  const change = (record: Ticket, baseVersion: number) => ({
    changeId: uuid7(),
    kind: 'ticket',
    op: 'put',
    baseVersion,
    record,
  });

  it('applies a change based on the current version and numbers the versions', async () => {
    const { token } = await enrolledDevice(server.store.db);
    const t = ticket();
    expect((await push(token, [change(t, 0)]))[0]).toMatchObject({ status: 'accepted', version: 1 });
    expect((await push(token, [change({ ...t, title: '雨衣两件' }, 1)]))[0]).toMatchObject({ version: 2 });
  });

  it('lets a forward status from an older version through, and answers conflict with the server copy otherwise', async () => {
    const a = await enrolledDevice(server.store.db);
    const t = ticket();
    await push(a.token, [change(t, 0)]);
    // The district withdraws the wish in the console…
    const withdrawn = await applyConsoleChange(
      server.store.db,
      { kind: 'ticket', op: 'put', baseVersion: 1, record: { ...t, status: 'withdrawn' } },
      { registry: TEST_KINDS },
    );
    expect(withdrawn).toMatchObject({ status: 'accepted', version: 2 });
    // …while the host, offline on version 1, marked it done: withdrawn → done is not a forward move.
    const [lost] = await push(a.token, [change({ ...t, status: 'done' }, 1)]);
    expect(lost).toMatchObject({ status: 'conflict', version: 2, current: { id: t.id, status: 'withdrawn' } });
    // A title edit from version 1 does not commute either.
    const [edit] = await push(a.token, [change({ ...t, title: 'x' }, 1)]);
    expect(edit!.status).toBe('conflict');

    const u = ticket();
    await push(a.token, [change(u, 0)]);
    await applyConsoleChange(
      server.store.db,
      { kind: 'ticket', op: 'put', baseVersion: 1, record: { ...u, status: 'claimed', claimedBy: '志愿者小王' } },
      { registry: TEST_KINDS },
    );
    // Done after claimed is forward: it applies on top of the server's copy, keeping who claimed it.
    const [done] = await push(a.token, [change({ ...u, status: 'done' }, 1)]);
    expect(done).toMatchObject({ status: 'accepted', version: 3 });
    const row = await server.store.db.selectFrom('records').select('body').where('id', '=', u.id).executeTakeFirst();
    expect(JSON.parse(row!.body!)).toMatchObject({ status: 'done', claimedBy: '志愿者小王' });
  });
});

describe('the change feed and epochs', () => {
  async function exportPage(cursor: string) {
    const { token } = await import('../../server/store/admins').then((m) => m.createApiToken(server.store.db, 'bi'));
    return fetch(`${server.url}/api/v1/export/visits?format=ndjson&cursor=${cursor}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  it('answers 410 with a clear message for a cursor from before a restore', async () => {
    const { token } = await enrolledDevice(server.store.db);
    await push(token, [put(visit())]);
    const cursor = (await exportPage('0')).headers.get('x-next-cursor')!;
    expect(cursor).toMatch(/^[\w-]+\.\d+$/);
    expect((await exportPage(cursor)).status).toBe(200);
    await startNewEpoch(server.store.db);
    const gone = await exportPage(cursor);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ code: 'cursor_epoch_gone', error: expect.stringContaining('restored') });
    // A bare number from before epochs is no longer trusted either.
    expect((await exportPage('1')).status).toBe(410);
    const pull = await fetch(`${server.url}/api/v1/sync/pull?cursor=${cursor}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pull.status).toBe(410);
  });

  it('pulls kinds the kiosk may not know yet, in feed order, without refusing the page', async () => {
    const { token, station } = await enrolledDevice(server.store.db);
    await feedUnknownKind(server.store.db);
    const res = await fetch(`${server.url}/api/v1/sync/pull?cursor=0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as { changes: { kind: string; record: { id: string } }[] };
    expect(page.changes.map((c) => [c.kind, c.record.id])).toEqual([
      ['station', station.id],
      ['station_entry', station.id],
      ['future_thing', 'f1'],
    ]);
  });
});

describe('enrollment keeps the device key', () => {
  it('gives a re-enrolled kiosk the same device key and marks the device when the code is made', async () => {
    const { station, deviceId } = await enrolledDevice(server.store.db);
    const before = await server.store.db.selectFrom('devices').select('device_key').executeTakeFirstOrThrow();
    const { code } = await createEnrollCode(server.store.db, station.id, { deviceId });
    const marked = await server.store.db.selectFrom('devices').select('reenroll_at').executeTakeFirstOrThrow();
    expect(marked.reenroll_at).not.toBeNull();
    const again = await enrollDevice(server.store.db, code, 'same kiosk');
    expect(again).toMatchObject({ ok: true, deviceId, deviceKey: before.device_key });
  });
});
