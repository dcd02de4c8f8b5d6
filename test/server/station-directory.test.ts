/**
 * The station directory on the rails, over real HTTP: every kiosk of the district pulls every station's
 * entry (never another's Wi-Fi); a kiosk may correct only its own station's opening hours.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../server/store/admins';
import { openSqlite } from '../../server/store/open-database';
import { seedDemoIfEmpty } from '../../server/demo-seed';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { listStations } from '../../server/store/stations';
import { createStation, getStationVersioned } from '../../server/store/stations';
import { applyConsoleChange } from '../../server/sync/console-change';
import { everyDay } from '../../src/protocol/opening-hours';
import type { StationRecord } from '../../src/protocol/schemas';
import { uuid7 } from '../../src/protocol/uuid7';
import { enrolledDevice } from '../support/fixtures';
import { pullAllAs, pushAs } from '../support/kiosk-http';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

/** The console gives a station its position, hours and Wi-Fi, as the station form does. */
async function consoleEdit(id: string, patch: Partial<StationRecord>) {
  const found = (await getStationVersioned(server.store.db, id))!;
  const result = await applyConsoleChange(
    server.store.db,
    { kind: 'station', op: 'put', baseVersion: found.version, record: { ...found.station, ...patch } },
    { stationId: id },
  );
  expect(result.status).toBe('accepted');
  return (await getStationVersioned(server.store.db, id))!;
}

/** The newest pulled copy of each record of `kind`. */
async function latest(token: string, kind: string) {
  const out = new Map<string, { record: Record<string, unknown>; version?: number }>();
  for (const c of await pullAllAs(server.url, token)) if (c.kind === kind) out.set(c.record.id as string, c);
  return out;
}

const hoursChange = (record: StationRecord, baseVersion: number) => ({
  kind: 'station',
  op: 'put',
  changeId: uuid7(),
  baseVersion,
  record,
});

describe('the directory on the pull feed', () => {
  it('carries every station of the district to every kiosk, without another station’s Wi-Fi', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '电信营业厅分站');
    const hub = await createStation(server.store.db, { name: '街道总站', kind: 'hub' });
    await consoleEdit(a.station.id, {
      lat: 30.661,
      lng: 104.062,
      openingHours: everyDay('08:00', '20:00'),
      wifiName: 'KM-Guest',
      wifiPassword: 'km-secret-2026',
      tip: '雨天路滑',
    });
    const atB = await latest(b.token, 'station_entry');
    expect([...atB.keys()].sort()).toEqual([a.station.id, b.station.id, hub.id].sort());
    expect(atB.get(a.station.id)).toMatchObject({ version: 1, record: { lat: 30.661, lng: 104.062 } });
    const everythingB = JSON.stringify(await pullAllAs(server.url, b.token));
    expect(everythingB).not.toContain('km-secret-2026');
    expect(everythingB).not.toContain('KM-Guest');
    expect(everythingB).not.toContain('雨天路滑');
    // Station A's own kiosk still gets its whole record.
    expect((await latest(a.token, 'station')).get(a.station.id)?.record).toMatchObject({
      wifiPassword: 'km-secret-2026',
    });
  });

  it('puts the stations made before the directory existed on the feed when the store migrates (0010)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waystation-dir-'));
    try {
      const old = await openSqlite(dir, '0008-suggestion-codes');
      await old.db
        .insertInto('stations')
        .values({
          id: 'old-station',
          name: '老驿站',
          kind: 'branch',
          services: '["rest"]',
          created_at: new Date().toISOString(),
          retention_days: null,
        })
        .execute();
      await old.close();
      const now = await openSqlite(dir);
      const rows = await now.db.selectFrom('change_log').selectAll().where('kind', '=', 'station_entry').execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ station_id: null, record_id: 'old-station' });
      expect(JSON.parse(rows[0]!.payload)).toEqual({
        id: 'old-station',
        name: '老驿站',
        kind: 'branch',
        services: ['rest'],
      });
      await now.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a kiosk correcting its station’s opening hours', () => {
  it('is accepted for its own station and reaches every kiosk, the rest of the station unchanged', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '电信营业厅分站');
    const { station, version } = await consoleEdit(a.station.id, {
      wifiPassword: 'km-secret-2026',
      lat: 30.66,
      lng: 104.06,
    });
    const later = everyDay('07:00', '22:00');
    const [result] = await pushAs(server.url, a.token, [hoursChange({ ...station, openingHours: later }, version)]);
    expect(result).toMatchObject({ status: 'accepted', version: version + 1 });
    const now = (await getStationVersioned(server.store.db, a.station.id))!;
    expect(now.station).toEqual({ ...station, openingHours: later });
    expect((await latest(b.token, 'station_entry')).get(a.station.id)).toMatchObject({
      version: version + 1,
      record: { openingHours: later },
    });
  });

  it('works for a station the console never edited (version 0)', async () => {
    const a = await enrolledDevice(server.store.db);
    const [result] = await pushAs(server.url, a.token, [
      hoursChange({ ...a.station, openingHours: everyDay('09:00', '21:00') }, 0),
    ]);
    expect(result).toMatchObject({ status: 'accepted', version: 1 });
  });

  it('is refused for another station, or for any other field, and changes nothing', async () => {
    const a = await enrolledDevice(server.store.db, '康民药店分站');
    const b = await enrolledDevice(server.store.db, '电信营业厅分站');
    const { station: bStation, version: bVersion } = await consoleEdit(b.station.id, { lat: 30.67, lng: 104.07 });
    const { station: aStation, version: aVersion } = await consoleEdit(a.station.id, { lat: 30.66, lng: 104.06 });
    const hours = everyDay('07:00', '22:00');
    const [other, renamed, moved, wifi] = await pushAs(server.url, a.token, [
      hoursChange({ ...bStation, openingHours: hours }, bVersion),
      hoursChange({ ...aStation, openingHours: hours, name: '改名分站' }, aVersion),
      hoursChange({ ...aStation, openingHours: hours, lat: 31 }, aVersion),
      hoursChange({ ...aStation, openingHours: hours, wifiPassword: 'mine-now' }, aVersion),
    ]);
    expect(other).toMatchObject({ status: 'rejected', code: 'wrong_station' });
    expect(renamed).toMatchObject({ status: 'rejected', code: 'station_field' });
    expect(moved).toMatchObject({ status: 'rejected', code: 'station_field' });
    expect(wifi).toMatchObject({ status: 'rejected', code: 'station_field' });
    expect(await getStationVersioned(server.store.db, a.station.id)).toEqual({ station: aStation, version: aVersion });
    expect(await getStationVersioned(server.store.db, b.station.id)).toEqual({ station: bStation, version: bVersion });
    // A new station cannot be made from a kiosk either.
    const [made] = await pushAs(server.url, a.token, [
      hoursChange({ id: uuid7(), name: '私设驿站', kind: 'branch', services: ['rest'] }, 0),
    ]);
    expect(made).toMatchObject({ status: 'rejected', code: 'wrong_station' });
  });

  it('loses to a console edit made meanwhile, with the server’s copy in the answer', async () => {
    const a = await enrolledDevice(server.store.db);
    const { station, version } = await consoleEdit(a.station.id, { openingHours: everyDay('08:00', '20:00') });
    await consoleEdit(a.station.id, { address: '铜河路 12 号' });
    const [result] = await pushAs(server.url, a.token, [
      hoursChange({ ...station, openingHours: everyDay('06:00', '23:00') }, version),
    ]);
    expect(result).toMatchObject({
      status: 'conflict',
      version: version + 1,
      current: { address: '铜河路 12 号', openingHours: everyDay('08:00', '20:00') },
    });
  });
});

describe('the console’s station form', () => {
  it('takes a position and hours, refusing half a position or one off the globe, and changing nothing then', async () => {
    await upsertAdmin(server.store.db, 'admin', 'correct horse');
    const login = await fetch(`${server.url}/api/v1/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const a = await enrolledDevice(server.store.db);
    const put = (body: object) =>
      fetch(`${server.url}/api/v1/admin/stations/${a.station.id}`, {
        method: 'PUT',
        headers: { cookie, 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ baseVersion: 0, name: a.station.name, kind: 'branch', services: ['rest'], ...body }),
      });
    const half = await put({ lat: 30.66 });
    expect(half.status).toBe(400);
    expect(((await half.json()) as { error: string }).error).toMatch(/lat and lng go together/);
    expect((await put({ lat: 95, lng: 104 })).status).toBe(400);
    expect((await put({ lat: 30.66, lng: 104.06, openingHours: { week: [] } })).status).toBe(400);
    expect((await getStationVersioned(server.store.db, a.station.id))?.version).toBe(0);
    const ok = await put({ lat: 30.66, lng: 104.06, hostType: 'pharmacy', openingHours: everyDay('08:00', '20:00') });
    expect(ok.status).toBe(200);
    expect((await latest(a.token, 'station_entry')).get(a.station.id)?.record).toMatchObject({
      lat: 30.66,
      lng: 104.06,
      hostType: 'pharmacy',
      openingHours: everyDay('08:00', '20:00'),
    });
  });
});

describe('the demo network', () => {
  it('gives every demo station a position, hours and a host type, and every kiosk the whole directory', async () => {
    await seedDemoIfEmpty(server.store.db);
    const stations = await listStations(server.store.db);
    expect(stations.length).toBeGreaterThanOrEqual(9);
    const branch = stations.find((s) => s.name === '铜心驿站 · 康民药店分站')!;
    const { code } = await createEnrollCode(server.store.db, branch.id);
    const device = await enrollDevice(server.store.db, code, 'demo kiosk');
    if (!device.ok) throw new Error(device.reason);
    const entries = [...(await latest(device.token, 'station_entry')).values()].map((c) => c.record);
    expect(entries).toHaveLength(stations.length);
    for (const e of entries) {
      expect(e).toMatchObject({ lat: expect.any(Number), lng: expect.any(Number), hostType: expect.any(String) });
      expect(e.openingHours).toBeDefined();
    }
  });
});
