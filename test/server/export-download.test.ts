/** The console's downloads: every matching visit in one streamed file, in the order asked, and a table Excel can count. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, upsertAdmin } from '../../server/store/admins';
import { SERVICE_NAMES_ZH } from '../../src/protocol/service-names';
import { SERVICE_IDS, type ServiceId } from '../../src/protocol/services';
import { uuid7 } from '../../src/protocol/uuid7';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';
import { member, put } from '../support/people-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const COUNT = 12_000;
let server: TestServer;
let apiToken: string;
let session: string;

async function pushAs(token: string, records: unknown[]) {
  const res = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(pushBody(records)),
  });
  expect(res.status).toBe(200);
}

const download = (query: string) =>
  fetch(`${server.url}/api/v1/export/visits?all=1&${query}`, { headers: { authorization: `Bearer ${apiToken}` } });

beforeAll(async () => {
  server = await startTestServer();
  apiToken = (await createApiToken(server.store.db, 'bi')).token;
  await upsertAdmin(server.store.db, 'admin', 'correct horse');
  const login = await fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
  });
  session = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { token } = await enrolledDevice(server.store.db, '铜心驿站 · 康民药店分站');
  // Every third visit also used water, so per-service totals differ from the whole.
  const start = Date.parse('2026-11-01T00:00:00Z');
  const all = Array.from({ length: COUNT }, (_, i) => {
    const services: ServiceId[] = i % 3 === 0 ? ['rest', 'water'] : ['rest'];
    return visit(services, null, new Date(start + i * 60_000));
  });
  for (let i = 0; i < all.length; i += 200) await pushAs(token, all.slice(i, i + 200));
}, 120_000);
afterAll(async () => {
  await server.close();
});

// Each test reads a 12,000-row file over HTTP: seconds, not the default 5.
describe('downloading every visit', { timeout: 30_000 }, () => {
  it(`holds all ${COUNT} visits, oldest first, with the count announced`, async () => {
    const res = await download('format=ndjson');
    expect(res.headers.get('x-total-count')).toBe(String(COUNT));
    expect(res.headers.get('content-disposition')).toMatch(/\.ndjson"$/);
    const lines = (await res.text()).split('\n').filter(Boolean);
    expect(lines).toHaveLength(COUNT);
    const times = lines.map((l) => (JSON.parse(l) as { created_at: string }).created_at);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id)).size).toBe(COUNT);
    expect(times[0]! < times.at(-1)!).toBe(true);
  });

  it('puts the newest first when asked', async () => {
    const lines = (await (await download('format=csv&order=newest')).text()).trim().split('\r\n');
    expect(lines).toHaveLength(COUNT + 1);
    expect(lines[0]).toContain('station_name');
    expect(lines[1]).toContain('2026-11-09'); // the last of 12,000 minutes from 1 November
    expect(lines.at(-1)).toContain('2026-11-01 08:00:00');
  });

  it('writes the Excel table with Chinese headers and a 0/1 column per service', async () => {
    const res = await download('format=excel&service=water');
    expect(res.headers.get('content-disposition')).toMatch(/-excel\.csv"$/);
    const [header, ...rows] = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const cols = header!.split(',');
    expect(cols).toContain('到访时间');
    const water = cols.indexOf(SERVICE_NAMES_ZH.water);
    const shelter = cols.indexOf(SERVICE_NAMES_ZH.shelter);
    expect(cols.filter((c) => SERVICE_IDS.some((s) => SERVICE_NAMES_ZH[s] === c))).toHaveLength(SERVICE_IDS.length);
    expect(rows).toHaveLength(COUNT / 3);
    expect(rows.every((r) => r.split(',')[water] === '1' && r.split(',')[shelter] === '0')).toBe(true);
  });

  it('gives the console the totals per service that the download will hold', async () => {
    const res = await fetch(`${server.url}/api/v1/admin/visits`, { headers: { cookie: session } });
    const body = (await res.json()) as { visits: unknown[]; total: number; byService: Record<string, number> };
    expect(body.visits).toHaveLength(500);
    expect(body.total).toBe(COUNT);
    expect(body.byService).toEqual({ rest: COUNT, water: COUNT / 3 });
  });

  it('downloads every member past one page, with the header once', async () => {
    const { token } = await enrolledDevice(server.store.db, '铜心驿站 · 电信营业厅分站');
    const people = Array.from({ length: 1100 }, (_, i) => member(`139${String(i).padStart(8, '0')}`));
    for (let i = 0; i < people.length; i += 200) {
      const res = await fetch(`${server.url}/api/v1/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ batchId: uuid7(), changes: people.slice(i, i + 200).map((m) => put('member', m)) }),
      });
      expect(res.status).toBe(200);
    }
    const csv = await fetch(`${server.url}/api/v1/export/members?all=1&format=csv`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1101);
    expect(lines.filter((l) => l.startsWith('member_id,'))).toHaveLength(1);
    const ndjson = await fetch(`${server.url}/api/v1/export/members?all=1`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(ndjson.headers.get('content-disposition')).toMatch(/\.ndjson"$/);
    expect((await ndjson.text()).trim().split('\n')).toHaveLength(1100);
  });

  it('refuses an order it does not know', async () => {
    expect((await download('order=sideways')).status).toBe(400);
  });
});
