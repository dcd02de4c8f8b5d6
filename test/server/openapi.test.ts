/**
 * /api/v1/openapi.json against the real server: it describes every public route, and real
 * answers of a running server (JSON, each NDJSON line, CSV, errors) validate against it with
 * ajv's JSON Schema 2020-12 validator, the dialect of OpenAPI 3.1.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createApiToken, upsertAdmin } from '../../server/store/admins';
import { createEnrollCode } from '../../server/store/devices';
import { createStation } from '../../server/store/stations';
import { uuid7 } from '../../src/protocol/uuid7';
import { pushBody, visit } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

// ajv-formats is CommonJS; under ESM its default export arrives wrapped.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ??
  addFormatsImport) as typeof addFormatsImport;

type Json = Record<string, unknown>;
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, Json> }> }>>;
  components: { schemas: Record<string, Json> };
}

let server: TestServer;
let doc: Doc;
let apiToken: string;
let cookie: string;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
/** Which (path, method, status, type) real answers were checked against. */
const checked = new Set<string>();

beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  apiToken = (await createApiToken(server.store.db, 'bi', { scopes: ['export', 'export:phones'] })).token;
  await upsertAdmin(server.store.db, 'dora', 'correct horse');
});
afterAll(async () => {
  await server?.close();
});

/** A schema with the document's `#/components/schemas/…` references put in place. */
function resolve(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(resolve);
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/'))
    return resolve(doc.components.schemas[ref.slice('#/components/schemas/'.length)]);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, resolve(v)]));
}

/** Checks a real answer against the document's schema for its path, method, status and content type. */
async function conforms(path: string, method: string, res: Response) {
  const status = String(res.status);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const op = doc.paths[path]?.[method];
  expect(op, `${method} ${path} is described`).toBeDefined();
  const media = op!.responses[status]?.content?.[type];
  expect(media, `${method} ${path} → ${status} ${type} is described`).toBeDefined();
  checked.add(`${method} ${path} ${status} ${type}`);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  const check = (schema: unknown, value: unknown, what: string) => {
    const validate = ajv.compile(resolve(schema) as Json);
    expect(validate(value) ? [] : validate.errors, `${method} ${path} → ${status} ${what}`).toEqual([]);
  };
  if (type === 'application/json') check(media!.schema, JSON.parse(text), 'body');
  else {
    check(media!.schema, text, 'text');
    if (type === 'application/x-ndjson')
      for (const line of text.split('\n').filter(Boolean)) check(media!['x-item-schema'], JSON.parse(line), line);
  }
  return text;
}

const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}/api/v1${path}`, init);
const jsonPost = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('the OpenAPI description', () => {
  it('is OpenAPI 3.1 and every schema in it compiles as JSON Schema 2020-12', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [name, schema] of Object.entries(doc.components.schemas))
      expect(() => ajv.compile(resolve(schema) as Json), name).not.toThrow();
  });

  it('describes every public route the server has, and the console routes it names exist', () => {
    const app = createApp({ db: null as never, version: 't', timeZone: 'Asia/Shanghai' });
    const routes = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
        .map((r) => `${r.method.toLowerCase()} ${r.path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}') || '/'}`),
    );
    const described = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    const publicRoutes = [...routes].filter((r) => !r.includes(' /admin/') && r !== 'get /openapi.json');
    expect(publicRoutes.filter((r) => !described.has(r))).toEqual([]);
    expect([...described].filter((r) => !routes.has(r))).toEqual([]);
  });
});

describe('real answers conform', () => {
  let deviceToken: string;

  it('health, enroll (and a refused code), push, pull, heartbeat, discarded', async () => {
    await conforms('/health', 'get', await call('/health'));
    const station = await createStation(server.store.db, { name: '康民药店分站', kind: 'branch' });
    const { code } = await createEnrollCode(server.store.db, station.id);
    const checkedCode = await jsonPost('/enroll/check', { code });
    expect(checkedCode.status).toBe(200);
    await conforms('/enroll/check', 'post', checkedCode);
    const refused = await jsonPost('/enroll', { code: '0000000000' });
    expect(refused.status).toBe(403);
    await conforms('/enroll', 'post', refused);
    const enrolled = await jsonPost('/enroll', { code, deviceName: '一号机' });
    deviceToken = (JSON.parse(await conforms('/enroll', 'post', enrolled)) as { token: string }).token;
    const auth = { authorization: `Bearer ${deviceToken}` };
    // A photo for a suggestion the server has not got yet: refused, and described.
    const early = await fetch(`${server.url}/api/v1/attachments/${uuid7()}?suggestion=${uuid7()}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'image/jpeg' },
      body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
    });
    expect(early.status).toBe(404);
    await conforms('/attachments/{id}', 'put', early);
    const records = [visit(['rest', 'water'], '13812345678'), visit(['charging'])];
    await conforms('/sync/push', 'post', await jsonPost('/sync/push', pushBody(records), auth));
    const bad = await jsonPost('/sync/push', { batchId: 'nope', changes: [] }, auth);
    expect(bad.status).toBe(400);
    await conforms('/sync/push', 'post', bad);
    await conforms('/sync/pull', 'get', await call('/sync/pull?cursor=0', { headers: auth }));
    const heartbeat = {
      sentAt: new Date().toISOString(),
      appVersion: '1.0.0',
      queueDepth: 0,
      oldestPendingAt: null,
      storagePersisted: true,
      storageUsed: 1000,
      storageQuota: 100000,
      clockOffsetMs: 12,
      receiptHighWater: 2,
      confirmedCount: 2,
      quarantined: 0,
    };
    await conforms('/sync/heartbeat', 'post', await jsonPost('/sync/heartbeat', heartbeat, auth));
    const discard = {
      items: [
        {
          changeId: uuid7(),
          kind: 'visit',
          recordId: uuid7(),
          reason: 'refused',
          code: 'invalid_record',
          discardedAt: new Date().toISOString(),
          record: { id: 'x' },
        },
      ],
    };
    await conforms('/sync/discarded', 'post', await jsonPost('/sync/discarded', discard, auth));
    await conforms('/sync/pull', 'get', await call('/sync/pull'));
  });

  it('exports: the index, visits as NDJSON and CSV (a page and all=1), the people kinds, a bad cursor', async () => {
    const auth = { headers: { authorization: `Bearer ${apiToken}` } };
    await conforms('/export', 'get', await call('/export', auth));
    const ndjson = await conforms(
      '/export/visits',
      'get',
      await call('/export/visits?format=ndjson&phones=clear', auth),
    );
    expect(ndjson.trim().split('\n')).toHaveLength(2);
    const csv = await conforms('/export/visits', 'get', await call('/export/visits?format=csv&limit=1', auth));
    expect(csv.startsWith('\uFEFFid,station_id')).toBe(true);
    await conforms('/export/visits', 'get', await call('/export/visits?all=1&format=excel&service=rest', auth));
    for (const kind of ['members', 'events', 'signups', 'attendance'])
      await conforms(`/export/${kind}`, 'get', await call(`/export/${kind}?format=ndjson`, auth));
    await conforms('/export/{name}', 'get', await call('/export/wishes?format=csv', auth));
    const gone = await call('/export/visits?cursor=oldepoch.5', auth);
    expect(gone.status).toBe(410);
    await conforms('/export/visits', 'get', gone);
    await conforms('/export/visits', 'get', await call('/export/visits?limit=x', auth));
    await conforms('/export', 'get', await call('/export'));
  });

  it('the console: sign-in, me, admins, API tokens, audit, members, events, party organisations, a refusal', async () => {
    const login = await jsonPost('/admin/login', { username: 'dora', password: 'correct horse' });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    await conforms('/admin/login', 'post', login);
    const s = { headers: { cookie } };
    await conforms('/admin/me', 'get', await call('/admin/me', s));
    await conforms('/admin/admins', 'get', await call('/admin/admins', s));
    await conforms('/admin/audit', 'get', await call('/admin/audit?limit=5&action=export', s));
    await conforms('/admin/audit', 'get', await call('/admin/audit?from=2024-13-45', s));
    await conforms('/admin/members', 'get', await call('/admin/members', s));
    await conforms('/admin/events', 'get', await call('/admin/events?when=all', s));
    await conforms('/admin/party-orgs', 'get', await call('/admin/party-orgs', s));
    const role = await call('/admin/admins/dora/role', {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'manager', stations: ['no-such-station'] }),
    });
    expect(role.status).toBe(400);
    await conforms('/admin/admins/{username}/role', 'put', role);
    const tokenPost = (body: string, type = 'application/json') =>
      call('/admin/api-tokens', { method: 'POST', headers: { cookie, 'content-type': type }, body });
    const made = await tokenPost(JSON.stringify({ name: 'BI 看板', scopes: ['export:phones'], days: 30 }));
    expect(made.status).toBe(201);
    const { id } = JSON.parse(await conforms('/admin/api-tokens', 'post', made)) as { id: string };
    await conforms('/admin/api-tokens', 'post', await tokenPost(JSON.stringify({ name: '', days: 0 })));
    await conforms('/admin/api-tokens', 'post', await tokenPost('{}', 'text/plain'));
    await conforms('/admin/api-tokens', 'get', await call('/admin/api-tokens', s));
    const revoke = () => call(`/admin/api-tokens/${id}/revoke`, { method: 'POST', headers: { cookie } });
    await conforms('/admin/api-tokens/{id}/revoke', 'post', await revoke());
    await conforms('/admin/api-tokens/{id}/revoke', 'post', await revoke());
    await conforms('/admin/me', 'get', await call('/admin/me'));
  });

  it('checked every public path against a real answer', () => {
    const paths = new Set([...checked].map((k) => k.split(' ')[1]));
    for (const path of Object.keys(doc.paths).filter((p) => !p.startsWith('/admin/')))
      expect(paths.has(path), path).toBe(true);
  });
});
