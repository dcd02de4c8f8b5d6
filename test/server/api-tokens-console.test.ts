/**
 * API tokens made and revoked from the console's routes, over real HTTP and a real SQLite file:
 * the token made works on the export at once, its scopes and expiry hold, a revoked one is refused,
 * only district admins may touch them, bad bodies change nothing, and the audit log says who did what.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listApiTokens, upsertAdmin } from '../../server/store/admins';
import { readAudit } from '../../server/store/audit-log';
import type { ApiTokenCreatedResponse, ApiTokenListResponse } from '../../src/protocol/api-tokens';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
const cookies: Record<string, string> = {};
const DAY = 24 * 3600_000;

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
  const kiosk = await enrolledDevice(db);
  await upsertAdmin(db, 'dora', 'correct horse', new Date(), { role: 'district' });
  await upsertAdmin(db, 'mia', 'correct horse', new Date(), { role: 'manager', stations: [kiosk.station.id] });
  await upsertAdmin(db, 'vic', 'correct horse', new Date(), { role: 'viewer' });
  for (const who of ['dora', 'mia', 'vic']) cookies[who] = await signIn(who);
  const pushed = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.token}` },
    body: JSON.stringify(pushBody([visit(['rest'], '13812345678')])),
  });
  expect(pushed.status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

function console_(who: string, method: string, path: string, body?: unknown, type = 'application/json') {
  return fetch(`${server.url}/api/v1/admin${path}`, {
    method,
    headers: {
      cookie: cookies[who]!,
      ...(body !== undefined ? { 'content-type': type, origin: server.url } : { origin: server.url }),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

async function create(body: unknown, who = 'dora') {
  const res = await console_(who, 'POST', '/api-tokens', body);
  expect(res.status).toBe(201);
  return (await res.json()) as ApiTokenCreatedResponse;
}

const exportVisits = (token: string, q = 'format=ndjson') =>
  fetch(`${server.url}/api/v1/export/visits?${q}`, { headers: { authorization: `Bearer ${token}` } });

const codeOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code?: string }).code });

describe('an API token made in the console', () => {
  it('works on the visits export at once, and is never listed with its secret', async () => {
    const made = await create({ name: '区数据中心 BI', scopes: [], days: 30 });
    expect(made.token).toMatch(/^wsa_/);
    expect(made).toMatchObject({ name: '区数据中心 BI', scopes: ['export'], state: 'live', revokedAt: null });
    const res = await exportVisits(made.token);
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split('\n')).toHaveLength(1);
    const listText = await (await console_('dora', 'GET', '/api-tokens')).text();
    expect(listText).not.toContain(made.token);
    const list = JSON.parse(listText) as ApiTokenListResponse;
    expect(list.tokens[0]).toEqual({
      id: made.id,
      name: made.name,
      scopes: ['export'],
      createdAt: made.createdAt,
      expiresAt: made.expiresAt,
      revokedAt: null,
      state: 'live',
    });
  });

  it('gives clear phones only with the export:phones scope', async () => {
    const plain = await create({ name: 'plain', scopes: ['export'], days: 30 });
    expect(await codeOf(await exportVisits(plain.token, 'format=ndjson&phones=clear'))).toEqual({
      status: 403,
      code: 'scope_missing',
    });
    const masked = (await (await exportVisits(plain.token)).text()).trim();
    expect(masked).not.toContain('13812345678');
    const phones = await create({ name: 'phones', scopes: ['export', 'export:phones'], days: 30 });
    expect(phones.scopes).toEqual(['export', 'export:phones']);
    const clear = (await (await exportVisits(phones.token, 'format=ndjson&phones=clear')).text()).trim();
    expect((JSON.parse(clear) as { phone: string }).phone).toBe('13812345678');
  });

  it('is refused once revoked, and a second revoke is a 404 with its code', async () => {
    const made = await create({ name: 'to revoke', scopes: ['export'], days: 30 });
    const res = await console_('dora', 'POST', `/api-tokens/${made.id}/revoke`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: made.id, state: 'revoked', revokedAt: expect.any(String) });
    expect(await codeOf(await exportVisits(made.token))).toEqual({ status: 401, code: 'unknown_api_token' });
    expect(await codeOf(await console_('dora', 'POST', `/api-tokens/${made.id}/revoke`))).toEqual({
      status: 404,
      code: 'api_token_not_found',
    });
    expect(await codeOf(await console_('dora', 'POST', '/api-tokens/no-such-token/revoke'))).toEqual({
      status: 404,
      code: 'api_token_not_found',
    });
  });

  it('lasts the days asked for, and not a minute more', async () => {
    const made = await create({ name: 'one day', scopes: ['export'], days: 1 });
    expect(Date.parse(made.expiresAt!) - Date.parse(made.createdAt)).toBe(DAY);
    const longer = await create({ name: 'two days', scopes: ['export'], days: 2 });
    // The server runs in this process: moving its clock a day and a minute on is time passing for it.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + DAY + 60_000 });
    expect(await codeOf(await exportVisits(made.token))).toEqual({ status: 401, code: 'unknown_api_token' });
    expect((await exportVisits(longer.token)).status).toBe(200);
    // Sessions last 12 hours, so the admin signs in again on the later day.
    cookies.dora = await signIn('dora');
    const list = (await (await console_('dora', 'GET', '/api-tokens')).json()) as ApiTokenListResponse;
    expect(list.tokens.find((t) => t.id === made.id)?.state).toBe('expired');
    expect(list.tokens.find((t) => t.id === longer.id)?.state).toBe('live');
    // An expired token is no live token: nothing to revoke.
    expect(await codeOf(await console_('dora', 'POST', `/api-tokens/${made.id}/revoke`))).toEqual({
      status: 404,
      code: 'api_token_not_found',
    });
    vi.useRealTimers();
    // Signing in on the later day purged every session that had expired by then: everyone signs in anew.
    for (const who of ['dora', 'mia', 'vic']) cookies[who] = await signIn(who);
  });
});

describe('who may manage tokens', () => {
  it.each(['mia', 'vic'])('%s (not a district admin) is refused listing, making and revoking', async (who) => {
    const before = await listApiTokens(server.store.db);
    const live = before.find((t) => !t.revokedAt)!;
    expect(await codeOf(await console_(who, 'GET', '/api-tokens'))).toEqual({ status: 403, code: 'forbidden_role' });
    expect(
      await codeOf(
        await console_(who, 'POST', '/api-tokens', { name: 'sneaky', scopes: ['export:phones'], days: 365 }),
      ),
    ).toEqual({ status: 403, code: 'forbidden_role' });
    expect(await codeOf(await console_(who, 'POST', `/api-tokens/${live.id}/revoke`))).toEqual({
      status: 403,
      code: 'forbidden_role',
    });
    expect(await listApiTokens(server.store.db)).toEqual(before);
  });
});

describe('a bad body', () => {
  it.each([
    ['an empty name', { name: '', scopes: ['export'], days: 30 }],
    ['a blank name', { name: '   ', scopes: ['export'], days: 30 }],
    ['a name of 61 characters', { name: '驿'.repeat(61), scopes: ['export'], days: 30 }],
    ['a lone surrogate in the name', { name: 'bi \ud800', scopes: ['export'], days: 30 }],
    ['an unknown scope', { name: 'bi', scopes: ['export', 'admin'], days: 30 }],
    ['0 days', { name: 'bi', scopes: ['export'], days: 0 }],
    ['366 days', { name: 'bi', scopes: ['export'], days: 366 }],
    ['half a day', { name: 'bi', scopes: ['export'], days: 0.5 }],
    ['days as text', { name: 'bi', scopes: ['export'], days: '30' }],
  ])('with %s is refused with bad_request and makes nothing', async (_what, body) => {
    const before = await listApiTokens(server.store.db);
    expect(await codeOf(await console_('dora', 'POST', '/api-tokens', body))).toEqual({
      status: 400,
      code: 'bad_request',
    });
    expect(await listApiTokens(server.store.db)).toEqual(before);
  });

  it('that is not JSON is refused (415 text/plain, 400 broken JSON) and makes nothing', async () => {
    const before = await listApiTokens(server.store.db);
    const body = JSON.stringify({ name: 'bi', scopes: ['export'], days: 30 });
    expect(await codeOf(await console_('dora', 'POST', '/api-tokens', body, 'text/plain'))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
    });
    expect(await codeOf(await console_('dora', 'POST', '/api-tokens', '{"name": "bi",'))).toEqual({
      status: 400,
      code: 'bad_request',
    });
    expect(await listApiTokens(server.store.db)).toEqual(before);
  });

  it('takes a 60-character name', async () => {
    const made = await create({ name: '康'.repeat(60), scopes: ['export'], days: 365 });
    expect([...made.name]).toHaveLength(60);
  });
});

describe('the audit log', () => {
  it('records who made and who revoked a token, never its secret', async () => {
    const made = await create({ name: '审计测试', scopes: ['export', 'export:phones'], days: 7 });
    expect((await console_('dora', 'POST', `/api-tokens/${made.id}/revoke`)).status).toBe(200);
    const [created] = await readAudit(server.store.db, { action: 'api_token_created', limit: 1 });
    expect(created).toMatchObject({
      actor: 'admin:dora',
      detail: expect.stringContaining(`${made.id} "审计测试" export export:phones until ${made.expiresAt}`),
    });
    const [revoked] = await readAudit(server.store.db, { action: 'api_token_revoked', limit: 1 });
    expect(revoked).toMatchObject({ actor: 'admin:dora', detail: expect.stringContaining(made.id) });
    const all = JSON.stringify(await readAudit(server.store.db, { limit: 1000 }));
    expect(all).not.toContain(made.token);
    // Refusals made no line of their own kind.
    const refusedMaking = (await readAudit(server.store.db, { action: 'api_token_created', limit: 1000 })).filter((e) =>
      e.detail?.includes('sneaky'),
    );
    expect(refusedMaking).toEqual([]);
  });
});
