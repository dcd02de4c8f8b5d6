/**
 * Roles over real HTTP: every console and export route the app actually registers, for every
 * role, refused or let through as its rule says; a route without a rule is refused; a station
 * manager sees and touches only their own stations; refusals change nothing.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { ACCESS_RULES, GUARDED_PREFIXES } from '../../server/auth/access-rules';
import { listAdmins } from '../../server/store/admin-roles';
import { createApiToken, upsertAdmin } from '../../server/store/admins';
import { readAudit } from '../../server/store/audit-log';
import { listDevices } from '../../server/store/devices';
import { ADMIN_ROLES, type AdminRole } from '../../src/protocol/roles';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
const cookies = {} as Record<AdminRole, string>;
let a: Awaited<ReturnType<typeof enrolledDevice>>;
let b: Awaited<ReturnType<typeof enrolledDevice>>;

async function signIn(username: string) {
  const res = await fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, password: 'correct horse' }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.store.db;
  a = await enrolledDevice(db, '康民药店分站');
  b = await enrolledDevice(db, '联通营业厅分站');
  await upsertAdmin(db, 'dora', 'correct horse', new Date(), { role: 'district' });
  await upsertAdmin(db, 'mia', 'correct horse', new Date(), { role: 'manager', stations: [a.station.id] });
  await upsertAdmin(db, 'vic', 'correct horse', new Date(), { role: 'viewer' });
  cookies.district = await signIn('dora');
  cookies.manager = await signIn('mia');
  cookies.viewer = await signIn('vic');
  for (const dev of [a, b]) {
    const res = await fetch(`${server.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${dev.token}` },
      body: JSON.stringify(pushBody([visit(['rest'], '13812345678'), visit(['water'])])),
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await server?.close();
});

function call(role: AdminRole | null, method: string, path: string, body?: unknown) {
  const hasBody = method !== 'GET';
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(role ? { cookie: cookies[role] } : {}),
      ...(hasBody ? { 'content-type': 'application/json', origin: server.url } : {}),
    },
    ...(hasBody ? { body: JSON.stringify(body ?? {}) } : {}),
  });
}

async function answer(res: Response) {
  const text = await res.text();
  try {
    return { status: res.status, code: (JSON.parse(text) as { code?: string }).code };
  } catch {
    return { status: res.status, code: undefined };
  }
}

/** Who may use a route of each need: written here apart from the product's table, so a wrong rule shows. */
const MAY: Record<string, readonly AdminRole[]> = {
  read: ['district', 'manager', 'viewer'],
  write: ['district', 'manager'],
  phones: ['district', 'manager'],
  district: ['district'],
};

/** A few routes whose need is pinned here, so a rule loosened by mistake fails the test. */
const PINNED: Record<string, string> = {
  'POST /api/v1/admin/stations': 'district',
  'PUT /api/v1/admin/admins/:username/role': 'district',
  'GET /api/v1/admin/admins': 'district',
  'GET /api/v1/admin/api-tokens': 'district',
  'POST /api/v1/admin/api-tokens': 'district',
  'POST /api/v1/admin/api-tokens/:id/revoke': 'district',
  'GET /api/v1/admin/audit': 'district',
  'GET /api/v1/admin/audit/export': 'district',
  'POST /api/v1/admin/party-orgs': 'district',
  'POST /api/v1/admin/devices/:id/revoke': 'write',
  'POST /api/v1/admin/devices/:id/reenroll-code': 'write',
  'POST /api/v1/admin/stations/:id/enroll-codes': 'write',
  'POST /api/v1/admin/import': 'write',
  'GET /api/v1/export/visits': 'read',
};

/** The console and export routes the app registers (middleware left out), as `METHOD /path`. */
function appRoutes(app: Hono): string[] {
  const keys = app.routes
    .filter((r) => !(r.method === 'ALL' && r.path.endsWith('*')))
    .filter((r) => GUARDED_PREFIXES.some((p) => r.path.startsWith(p)))
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)];
}

/** A concrete path for a route: a station or device param is the manager's own, so only the role decides. */
function concrete(path: string): string {
  const rule = ACCESS_RULES[`GET ${path}`] ?? ACCESS_RULES[`POST ${path}`] ?? ACCESS_RULES[`PUT ${path}`];
  const id = rule && 'stations' in rule && rule.stations === 'device' ? a.deviceId : a.station.id;
  return path.replace(':id', id).replace(':username', 'nobody').replace(':name', 'nothings');
}

describe('every console and export route × every role', () => {
  const routes = appRoutes(createApp({ db: null as never, version: 't', timeZone: 'Asia/Shanghai' }));

  it('finds the routes (the console, people, stations, audit and every export)', () => {
    expect(routes.length).toBeGreaterThan(35);
    expect(routes).toContain('GET /api/v1/export/visits');
    expect(routes).toContain('POST /api/v1/admin/devices/:id/revoke');
  });

  it('has a rule for every route, and no rule for a route that does not exist', () => {
    const undeclared = routes.filter((r) => !ACCESS_RULES[r]);
    expect(undeclared, 'declare these in server/auth/access-rules.ts').toEqual([]);
    const stale = Object.keys(ACCESS_RULES).filter((k) => !routes.includes(k));
    expect(stale, 'rules for routes the app does not have').toEqual([]);
    for (const [key, need] of Object.entries(PINNED)) expect(ACCESS_RULES[key]?.need, key).toBe(need);
  });

  const checked = routes.filter((r) => r !== 'POST /api/v1/admin/login' && r !== 'POST /api/v1/admin/logout');
  it.each(checked)('%s: refuses the roles without the right, lets the others through', async (key) => {
    const rule = ACCESS_RULES[key]!;
    const [method, path] = key.split(' ') as [string, string];
    if (rule.need !== 'signed-in' && rule.need !== 'anyone') {
      const anonymous = await answer(await call(null, method, concrete(path)));
      expect(anonymous.status, `${key} without a session`).toBe(401);
    }
    // Roles that may not come first: a refusal must leave things as they were for those that may.
    const order = [...ADMIN_ROLES].sort(
      (x, y) => Number(MAY[rule.need]?.includes(x)) - Number(MAY[rule.need]?.includes(y)),
    );
    for (const role of order) {
      const got = await answer(await call(role, method, concrete(path)));
      const allowed = rule.need === 'signed-in' || rule.need === 'anyone' || MAY[rule.need]!.includes(role);
      if (allowed) {
        expect(got.status, `${key} as ${role}`).not.toBe(401);
        expect(got.code ?? '', `${key} as ${role}`).not.toMatch(/^forbidden_|route_undeclared/);
      } else {
        expect(got, `${key} as ${role}`).toEqual({ status: 403, code: 'forbidden_role' });
      }
    }
  });
});

describe('a route nobody declared', () => {
  it('is refused before its handler runs, even for a district admin', async () => {
    const app = createApp({ db: server.store.db, version: 't', timeZone: 'Asia/Shanghai' });
    let ran = 0;
    const sneaky = new Hono();
    sneaky.post('/sneaky', (c) => {
      ran++;
      return c.json({ ok: true });
    });
    app.route('/api/v1/admin', sneaky);
    app.get('/api/v1/export/sneaky/too', (c) => {
      ran++;
      return c.text('rows');
    });
    const post = await app.request('/api/v1/admin/sneaky', {
      method: 'POST',
      headers: { cookie: cookies.district, 'content-type': 'application/json', origin: 'http://localhost' },
      body: '{}',
    });
    expect(await answer(post)).toEqual({ status: 403, code: 'route_undeclared' });
    const get = await app.request('/api/v1/export/sneaky/too', { headers: { cookie: cookies.district } });
    expect(await answer(get)).toEqual({ status: 403, code: 'route_undeclared' });
    expect(ran).toBe(0);
  });
});

describe('a station manager', () => {
  it('sees their own stations, devices and visits only', async () => {
    const stations = (await (await call('manager', 'GET', '/api/v1/admin/stations')).json()) as {
      stations: { id: string }[];
    };
    expect(stations.stations.map((s) => s.id)).toEqual([a.station.id]);
    const devices = (await (await call('manager', 'GET', '/api/v1/admin/devices')).json()) as {
      devices: { id: string }[];
    };
    expect(devices.devices.map((d) => d.id)).toEqual([a.deviceId]);
    const visits = (await (await call('manager', 'GET', '/api/v1/admin/visits')).json()) as {
      visits: { stationId: string }[];
      total: number;
    };
    expect(visits.total).toBe(2);
    expect(new Set(visits.visits.map((v) => v.stationId))).toEqual(new Set([a.station.id]));
    const all = (await (await call('district', 'GET', '/api/v1/admin/visits')).json()) as { total: number };
    expect(all.total).toBe(4);
  });

  it('is refused another station’s data with forbidden_station, and nothing changes', async () => {
    const other = [
      ['GET', `/api/v1/admin/visits?station=${b.station.id}`],
      ['GET', `/api/v1/admin/stations/${b.station.id}`],
      ['POST', `/api/v1/admin/stations/${b.station.id}/enroll-codes`],
      ['POST', `/api/v1/admin/devices/${b.deviceId}/revoke`],
      ['POST', `/api/v1/admin/devices/${b.deviceId}/reenroll-code`],
      ['GET', `/api/v1/export/visits?station=${b.station.id}`],
      ['GET', `/api/v1/export/members?station=${b.station.id}`],
      ['GET', `/api/v1/admin/members?station=${b.station.id}`],
      // A station id that does not exist is not theirs either.
      ['GET', `/api/v1/admin/visits?station=no-such-station`],
    ] as const;
    for (const [method, path] of other)
      expect(await answer(await call('manager', method, path)), path).toEqual({
        status: 403,
        code: 'forbidden_station',
      });
    const deviceB = (await listDevices(server.store.db)).find((d) => d.id === b.deviceId)!;
    expect(deviceB.revokedAt).toBeNull();
    expect(deviceB.flags).not.toContain('reenrolling');
    const refused = await readAudit(server.store.db, { action: 'access_refused', limit: 50 });
    expect(refused.some((e) => e.actor === 'admin:mia' && e.detail?.includes(`/devices/${b.deviceId}/revoke`))).toBe(
      true,
    );
  });

  it('exports their own stations only, and may ask for phones in clear', async () => {
    const res = await call('manager', 'GET', '/api/v1/export/visits?format=ndjson&phones=clear');
    expect(res.status).toBe(200);
    const rows = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { station_id: string; phone: string | null });
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.station_id))).toEqual(new Set([a.station.id]));
    expect(rows.map((r) => r.phone)).toContain('13812345678');
  });

  it('cannot create or archive stations', async () => {
    const create = await call('manager', 'POST', '/api/v1/admin/stations', { name: '新站', kind: 'branch' });
    expect(await answer(create)).toEqual({ status: 403, code: 'forbidden_role' });
    const archive = await call('manager', 'PUT', `/api/v1/admin/stations/${a.station.id}`, {
      baseVersion: 0,
      name: a.station.name,
      kind: 'branch',
      services: ['rest'],
      archived: true,
    });
    expect(await answer(archive)).toEqual({ status: 403, code: 'forbidden_role' });
    const mine = (await (await call('district', 'GET', `/api/v1/admin/stations/${a.station.id}`)).json()) as {
      archivedAt?: string;
    };
    expect(mine.archivedAt).toBeUndefined();
  });
});

describe('a viewer', () => {
  it('reads, exports masked, and is refused phones in clear and every change', async () => {
    expect((await call('viewer', 'GET', '/api/v1/admin/devices')).status).toBe(200);
    const masked = await call('viewer', 'GET', '/api/v1/export/visits?format=ndjson');
    expect(masked.status).toBe(200);
    expect(await masked.text()).not.toContain('13812345678');
    const clear = await call('viewer', 'GET', '/api/v1/export/visits?format=ndjson&phones=clear');
    expect(await answer(clear)).toEqual({ status: 403, code: 'forbidden_role' });
    const revoke = await call('viewer', 'POST', `/api/v1/admin/devices/${b.deviceId}/revoke`);
    expect(await answer(revoke)).toEqual({ status: 403, code: 'forbidden_role' });
    expect((await listDevices(server.store.db)).find((d) => d.id === b.deviceId)!.revokedAt).toBeNull();
  });
});

describe('me, role changes and API tokens', () => {
  it('tells the console each role and a manager’s stations', async () => {
    const me = async (role: AdminRole) => (await call(role, 'GET', '/api/v1/admin/me')).json();
    expect(await me('district')).toEqual({ username: 'dora', role: 'district', stations: null });
    expect(await me('manager')).toEqual({ username: 'mia', role: 'manager', stations: [a.station.id] });
    expect(await me('viewer')).toEqual({ username: 'vic', role: 'viewer', stations: null });
  });

  it('refuses an unknown station in a manager’s scope and changes nothing', async () => {
    const before = await listAdmins(server.store.db);
    const res = await call('district', 'PUT', '/api/v1/admin/admins/vic/role', {
      role: 'manager',
      stations: [a.station.id, 'no-such-station'],
    });
    expect(await answer(res)).toEqual({ status: 400, code: 'unknown_station' });
    const none = await call('district', 'PUT', '/api/v1/admin/admins/vic/role', { role: 'manager', stations: [] });
    expect(await answer(none)).toEqual({ status: 400, code: 'stations_required' });
    expect(await listAdmins(server.store.db)).toEqual(before);
  });

  it('changes a role at once for the live session, and audits it', async () => {
    const res = await call('district', 'PUT', '/api/v1/admin/admins/vic/role', {
      role: 'manager',
      stations: [b.station.id],
    });
    expect(res.status).toBe(200);
    const devices = (await (await call('viewer', 'GET', '/api/v1/admin/devices')).json()) as {
      devices: { id: string }[];
    };
    expect(devices.devices.map((d) => d.id)).toEqual([b.deviceId]);
    const [line] = await readAudit(server.store.db, { action: 'role_changed', limit: 1 });
    expect(line).toMatchObject({ actor: 'admin:dora', detail: expect.stringContaining('vic: viewer → manager') });
    // Back to viewer for the tests that follow.
    expect((await call('district', 'PUT', '/api/v1/admin/admins/vic/role', { role: 'viewer' })).status).toBe(200);
  });

  it('leaves API tokens their scopes: export only is refused clear phones', async () => {
    const { token } = await createApiToken(server.store.db, 'bi', { scopes: ['export'] });
    const get = (q: string) =>
      fetch(`${server.url}/api/v1/export/visits?${q}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get('format=ndjson')).status).toBe(200);
    expect(await answer(await get('format=ndjson&phones=clear'))).toEqual({ status: 403, code: 'scope_missing' });
  });
});
