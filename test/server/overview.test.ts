/**
 * The console's dashboard over real HTTP: its figures are the ones the exports
 * give for the same days, stations and services; bad filters are refused with a code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../server/demo-seed';
import { upsertAdmin } from '../../server/store/admins';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { addDays } from '../../server/store/local-clock';
import { listStations } from '../../server/store/stations';
import { OverviewResponseSchema, type OverviewResponse } from '../../src/protocol/overview';
import { SERVICE_IDS, type ServiceId } from '../../src/protocol/services';
import { uuid7 } from '../../src/protocol/uuid7';
import * as v from 'valibot';
import { pushAs } from '../support/kiosk-http';
import { createRandom } from '../support/prng';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let cookie: string;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } });

async function overview(query = ''): Promise<OverviewResponse> {
  const res = await get(`/api/v1/admin/overview${query}`);
  expect(res.status).toBe(200);
  return v.parse(OverviewResponseSchema, await res.json());
}

/** How many visits the export holds for local days from…to (Shanghai midnight to midnight) and a filter. */
async function exported(from: string, to: string, filter: Record<string, string> = {}): Promise<number> {
  const q = new URLSearchParams({
    all: '1',
    format: 'ndjson',
    from: `${from}T00:00:00+08:00`,
    to: `${addDays(to, 1)}T00:00:00+08:00`,
    ...filter,
  });
  const res = await get(`/api/v1/export/visits?${q}`);
  expect(res.status).toBe(200);
  await res.text();
  return Number(res.headers.get('x-total-count'));
}

async function exportRows(name: string): Promise<Record<string, unknown>[]> {
  const res = await get(`/api/v1/export/${name}?format=ndjson&limit=5000`);
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.store.db;
  await seedDemoIfEmpty(db);
  await upsertAdmin(db, 'dash', 'correct horse battery');
  const login = await fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dash', password: 'correct horse battery' }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  // Two kiosks at two of the demo's stations push 120 days of visits, some near local midnight.
  const rnd = createRandom(7);
  const stations = await listStations(db);
  for (const station of stations.slice(0, 2)) {
    const enrolled = await enrollDevice(db, (await createEnrollCode(db, station.id)).code, 'dash kiosk');
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const records = Array.from({ length: 400 }, () => {
      const at = Date.now() - rnd.int(120 * 24) * 3_600_000 - rnd.int(3_600_000);
      const services = SERVICE_IDS.filter(() => rnd.chance(0.35)) as ServiceId[];
      return {
        id: uuid7(at),
        createdAt: new Date(at).toISOString(),
        services: services.length ? services : ['water'],
        phone: null,
        memberId: null,
      };
    });
    for (let i = 0; i < records.length; i += 100) {
      const results = await pushAs(
        server.url,
        enrolled.token,
        records.slice(i, i + 100).map((record) => ({ kind: 'visit', op: 'put', record })),
      );
      expect(results.every((r) => r.status === 'accepted')).toBe(true);
    }
  }
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe('the dashboard overview', () => {
  it('shows the last 90 days by default, with the visit figures the export gives', async () => {
    const o = await overview();
    expect(o.to).toBe(today);
    expect(o.from).toBe(addDays(today, -89));
    expect(o.visits.perDay).toHaveLength(90);
    const total = await exported(o.from, o.to);
    expect(total).toBeGreaterThan(400);
    expect(o.visits.total).toBe(total);
    expect(o.visits.perDay.reduce((a, d) => a + d.n, 0)).toBe(total);
    expect(o.visits.heat.flat().reduce((a, n) => a + n, 0)).toBe(total);
    for (const s of o.visits.perStation) expect(s.n).toBe(await exported(o.from, o.to, { station: s.stationId }));
    for (const s of o.visits.perService) expect(s.n).toBe(await exported(o.from, o.to, { service: s.service }));
    // One day, counted against the export's own rows of that day.
    const busy = o.visits.perDay.find((d) => d.n > 0)!;
    expect(busy.n).toBe(await exported(busy.day, busy.day));
  });

  it('filters by station and by days', async () => {
    const all = await overview();
    const station = all.visits.perStation[0]!;
    const from = addDays(today, -29);
    const o = await overview(`?station=${station.stationId}&from=${from}&to=${today}`);
    expect(o.stationId).toBe(station.stationId);
    expect(o.visits.perDay).toHaveLength(30);
    expect(o.visits.perStation.map((s) => s.stationId)).toEqual([station.stationId]);
    expect(o.visits.total).toBe(await exported(from, today, { station: station.stationId }));
    expect(o.stations.total).toBe(1);
  });

  it('counts the district’s people, trainings, wishes and suggestions as the exports list them', async () => {
    const o = await overview();
    const members = (await exportRows('members')).filter((m) => !m.merged_into);
    expect(o.people.workers).toBe(members.length);
    expect(o.people.partyMembers).toBe(members.filter((m) => m.party_member === true).length);
    expect(o.people.mobilePartyMembers).toBe(members.filter((m) => m.mobile_party === true).length);
    expect(o.people.mobilePartyMembers).toBeGreaterThan(0);
    const wishes = await exportRows('wishes');
    expect(o.wishes.posted).toBe(wishes.length);
    expect(o.wishes.fulfilled).toBe(wishes.filter((w) => w.status === 'fulfilled').length);
    const suggestions = await exportRows('suggestions');
    expect(o.suggestions.collected).toBe(suggestions.length);
    expect(o.suggestions.resolved).toBe(suggestions.filter((s) => s.status === 'resolved').length);
    const events = await exportRows('events');
    const held = events.filter(
      (e) => e.kind === 'training' && !e.cancelled && Date.parse(String(e.ends_at)) <= Date.now(),
    );
    expect(o.trainings.held).toBe(held.length);
    // The demo district's stations, counted as the console lists them.
    const all = (await listStations(server.store.db)).filter((st) => !st.archivedAt);
    expect(o.stations).toMatchObject({
      total: all.length,
      hub: all.filter((st) => st.kind === 'hub').length,
      branch: all.filter((st) => st.kind === 'branch').length,
    });
    expect(all.length).toBeGreaterThan(1);
    expect(o.devices).toMatchObject({ total: 2, online: 2, silent: 0 });
  });

  it('refuses a backwards or overlong range, an unknown station and a malformed day, with codes', async () => {
    const cases: [string, string][] = [
      [`?from=${today}&to=${addDays(today, -1)}`, 'range_backwards'],
      [`?from=2024-01-01&to=2026-01-02`, 'range_too_long'],
      ['?station=no-such-station', 'station_not_found'],
      ['?from=2026-02-30', 'bad_query'],
      ['?from=yesterday', 'bad_query'],
      ['?days=7', 'bad_query'],
    ];
    for (const [query, code] of cases) {
      const res = await get(`/api/v1/admin/overview${query}`);
      expect([query, res.status, ((await res.json()) as { code: string }).code]).toEqual([query, 400, code]);
    }
    expect((await fetch(`${server.url}/api/v1/admin/overview`)).status).toBe(401);
  });
});
