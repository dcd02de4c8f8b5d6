/** The admin's pull: CSV that Excel/WPS read with Chinese intact, NDJSON, and cursor paging without gaps or repeats. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken, upsertAdmin } from '../../server/store/admins';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let apiToken: string;
beforeEach(async () => {
  server = await startTestServer();
  apiToken = (await createApiToken(server.store.db, 'bi', { scopes: ['export', 'export:phones'] })).token;
});
afterEach(async () => {
  await server.close();
});

async function pushAs(token: string, records: unknown[]) {
  const res = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(pushBody(records)),
  });
  expect(res.status).toBe(200);
}

const exportVisits = (query: string, token = apiToken) =>
  fetch(`${server.url}/api/v1/export/visits?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('export', () => {
  it('refuses an export without an admin token or session', async () => {
    expect((await exportVisits('format=csv', '')).status).toBe(401);
    expect((await exportVisits('format=csv', 'wsa_wrong')).status).toBe(401);
  });

  it('writes CSV with a UTF-8 BOM, Chinese text intact and phones masked', async () => {
    const { token } = await enrolledDevice(server.store.db, '铜心驿站 · 康民药店分站');
    await pushAs(token, [visit(['charging', 'water'], '13812345678', new Date('2026-11-28T02:05:00Z'))]);
    const res = await exportVisits('format=csv');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const [header, row] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toContain('station_name');
    expect(row).toContain('铜心驿站 · 康民药店分站');
    expect(row).toContain('手机充电、饮水');
    expect(row).toContain('2026-11-28 10:05:00');
    expect(row).toContain('138****5678');
    expect(row).not.toContain('13812345678');
  });

  it('gives phones in clear only when asked explicitly', async () => {
    const { token } = await enrolledDevice(server.store.db);
    await pushAs(token, [visit(['rest'], '13812345678')]);
    const line = (await (await exportVisits('format=ndjson&phones=clear')).text()).trim();
    expect(JSON.parse(line).phone).toBe('13812345678');
  });

  it('defuses a station name that a spreadsheet would run as a formula', async () => {
    const { token } = await enrolledDevice(server.store.db, '=HYPERLINK("http://x")');
    await pushAs(token, [visit()]);
    const text = await (await exportVisits('format=csv')).text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('pages through every visit with the cursor, none missed and none repeated', async () => {
    const a = await enrolledDevice(server.store.db, 'A');
    const b = await enrolledDevice(server.store.db, 'B');
    const pushed: string[] = [];
    for (let i = 0; i < 5; i++) {
      const batchA = [visit(['rest']), visit(['water']), visit(['internet'])];
      const batchB = [visit(['shelter']), visit(['charging'])];
      await pushAs(a.token, batchA);
      await pushAs(b.token, batchB);
      pushed.push(...batchA.map((v) => v.id), ...batchB.map((v) => v.id));
    }
    const seen: string[] = [];
    let cursor = '0';
    for (let page = 0; page < 20; page++) {
      const res = await exportVisits(`format=ndjson&limit=7&cursor=${cursor}`);
      const lines = (await res.text()).split('\n').filter(Boolean);
      const next = res.headers.get('x-next-cursor') ?? '';
      if (lines.length === 0) {
        expect(next).toBe(cursor);
        break;
      }
      seen.push(...lines.map((l) => (JSON.parse(l) as { id: string }).id));
      cursor = next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(new Set(seen)).toEqual(new Set(pushed));
    // Rows pushed after the last page appear on the next page, after the same cursor.
    await pushAs(a.token, [visit(['toilet'])]);
    const later = (await (await exportVisits(`format=ndjson&cursor=${cursor}`)).text()).trim().split('\n');
    expect(later).toHaveLength(1);
  });

  it('filters by station and service', async () => {
    const a = await enrolledDevice(server.store.db, 'A');
    const b = await enrolledDevice(server.store.db, 'B');
    await pushAs(a.token, [visit(['rest', 'water']), visit(['charging'])]);
    await pushAs(b.token, [visit(['water'])]);
    const lines = (await (await exportVisits(`service=water&station=${a.station.id}`)).text()).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect((await exportVisits('service=karaoke')).status).toBe(400);
  });
});

describe('admin console API', () => {
  it('signs in with the right password only, and the session cookie is HttpOnly', async () => {
    await upsertAdmin(server.store.db, 'admin', 'correct horse');
    const login = (password: string) =>
      fetch(`${server.url}/api/v1/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
    expect((await login('wrong')).status).toBe(401);
    const ok = await login('correct horse');
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    const session = cookie.split(';')[0]!;
    const stations = await fetch(`${server.url}/api/v1/admin/stations`, { headers: { cookie: session } });
    expect(stations.status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/admin/stations`)).status).toBe(401);
    // The same session may download exports from the console.
    expect((await fetch(`${server.url}/api/v1/export/visits`, { headers: { cookie: session } })).status).toBe(200);
  });
});
