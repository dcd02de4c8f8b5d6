/** Station editing in the console reaches the station's kiosks on their next pull, over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../server/store/admins';
import type { StationRecord } from '../../src/protocol/schemas';
import { pushBody, visit } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let session: string;

beforeEach(async () => {
  server = await startTestServer();
  await upsertAdmin(server.store.db, 'admin', 'correct horse');
  const login = await fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
  });
  session = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterEach(async () => {
  await server.close();
});

async function admin<T>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  const res = await fetch(`${server.url}/api/v1/admin${path}`, {
    method,
    headers: { cookie: session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A kiosk enrolled at the station over HTTP, as the real one enrolls. */
async function enrollKiosk(stationId: string) {
  const { body: code } = await admin<{ code: string }>(`/stations/${stationId}/enroll-codes`, {});
  const res = await fetch(`${server.url}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: code.code, deviceName: '前台签到机' }),
  });
  const { token, deviceId } = (await res.json()) as { token: string; deviceId: string };
  let cursor = '';
  return {
    deviceId,
    token,
    /** Pulls everything new, as the kiosk's sync runner does, and answers the station records it got. */
    async pull(): Promise<StationRecord[]> {
      const got: StationRecord[] = [];
      for (;;) {
        const r = await fetch(`${server.url}/api/v1/sync/pull${cursor ? `?cursor=${cursor}` : ''}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const page = (await r.json()) as {
          changes: { kind: string; record: StationRecord }[];
          cursor: string;
          more: boolean;
        };
        cursor = page.cursor;
        got.push(...page.changes.filter((c) => c.kind === 'station').map((c) => c.record));
        if (!page.more) return got;
      }
    },
  };
}

const edit = (id: string, body: Record<string, unknown>) =>
  admin<StationRecord & { version: number; code?: string }>(`/stations/${id}`, body, 'PUT');

describe('station editing', () => {
  it("sends a station's new name, services, Wi-Fi and hours to its enrolled kiosk on the next pull", async () => {
    const { body: station } = await admin<StationRecord>('/stations', { name: '康民药店分站', kind: 'branch' });
    const kiosk = await enrollKiosk(station.id);
    expect((await kiosk.pull()).at(-1)?.services).toEqual(['rest', 'charging', 'water', 'internet', 'shelter']);

    const saved = await edit(station.id, {
      baseVersion: 0,
      name: '康民大药房分站',
      kind: 'branch',
      hostType: 'pharmacy',
      services: ['rest', 'water', 'toilet', 'first_aid'],
      wifiName: 'KangMin-Guest',
      wifiPassword: '88886666',
      hours: '08:00–21:00',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);

    const pulled = (await kiosk.pull()).at(-1);
    expect(pulled).toMatchObject({
      id: station.id,
      name: '康民大药房分站',
      hostType: 'pharmacy',
      services: ['rest', 'water', 'toilet', 'first_aid'],
      wifiName: 'KangMin-Guest',
      wifiPassword: '88886666',
      hours: '08:00–21:00',
    });
    // The list, the visits page and exports read the new name and services too.
    const { body: list } = await admin<{ stations: StationRecord[] }>('/stations');
    expect(list.stations.find((s) => s.id === station.id)).toMatchObject({ name: '康民大药房分站', version: 1 });
  });

  it('answers a stale edit with the current copy instead of overwriting it', async () => {
    const { body: station } = await admin<StationRecord>('/stations', { name: '新华超市分站', kind: 'branch' });
    const base = { name: '新华超市分站', kind: 'branch', services: ['rest'] };
    expect((await edit(station.id, { ...base, baseVersion: 0, hours: '9–18' })).status).toBe(200);
    const stale = await edit(station.id, { ...base, baseVersion: 0, hours: '10–20' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('conflict');
    expect((await admin<StationRecord>(`/stations/${station.id}`)).body.hours).toBe('9–18');
  });

  it('refuses an empty or oversized catalogue', async () => {
    const { body: station } = await admin<StationRecord>('/stations', { name: '营业厅分站', kind: 'branch' });
    const base = { baseVersion: 0, name: '营业厅分站', kind: 'branch' };
    expect((await edit(station.id, { ...base, services: [] })).status).toBe(400);
    expect((await edit(station.id, { ...base, services: ['rest', 'rest'] })).status).toBe(400);
  });

  it('archives a station with data, keeping its visits, and makes no enrollment codes for it', async () => {
    const { body: station } = await admin<StationRecord>('/stations', { name: '社区分站', kind: 'branch' });
    const kiosk = await enrollKiosk(station.id);
    await fetch(`${server.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.token}` },
      body: JSON.stringify(pushBody([visit(['rest'])])),
    });
    const archived = await edit(station.id, {
      baseVersion: 0,
      name: '社区分站',
      kind: 'branch',
      services: ['rest'],
      archived: true,
    });
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect((await admin(`/stations/${station.id}/enroll-codes`, {})).status).toBe(409);
    const { body: visits } = await admin<{ total: number }>(`/visits?station=${station.id}`);
    expect(visits.total).toBe(1);
    expect(
      (await edit(station.id, { baseVersion: 1, name: '社区分站', kind: 'branch', services: ['rest'] })).body
        .archivedAt,
    ).toBeUndefined();
  });

  it('shows and renames a device by the name it enrolled with', async () => {
    const { body: station } = await admin<StationRecord>('/stations', { name: '总站', kind: 'hub' });
    const kiosk = await enrollKiosk(station.id);
    const names = async () =>
      (await admin<{ devices: { id: string; name: string }[] }>('/devices')).body.devices.map((d) => d.name);
    expect(await names()).toEqual(['前台签到机']);
    expect((await admin(`/devices/${kiosk.deviceId}/name`, { name: '门口 1 号机' }, 'PUT')).status).toBe(200);
    expect(await names()).toEqual(['门口 1 号机']);
  });
});
