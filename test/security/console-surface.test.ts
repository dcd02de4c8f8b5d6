/**
 * The console's surface (issue 12, attacks 5, 7, 8 and 9) against `npm start`:
 * security headers, CSRF, content types, session cookies, malformed URLs and
 * dates, and names that would not survive a round trip.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCookie, signInAs } from '../support/attack-kit';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
let cookie: string;
let stationId: string;
beforeAll(async () => {
  product = await startProduct({ TRUST_PROXY: '1' });
  cookie = await adminCookie(product);
  const stations = (await (await fetch(`${product.url}/api/v1/admin/stations`, { headers: { cookie } })).json()) as {
    stations: { id: string }[];
  };
  stationId = stations.stations[0]!.id;
});
afterAll(async () => {
  await product?.stop();
});

const post = (path: string, headers: Record<string, string>, body?: string) =>
  fetch(`${product.url}${path}`, { method: 'POST', headers: { cookie, ...headers }, body });

describe('security headers', () => {
  it('come with the kiosk, the console and the API', async () => {
    for (const path of ['/', '/admin', '/api/v1/health']) {
      const res = await fetch(`${product.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
      // Over plain HTTP a Strict-Transport-Security header means nothing; it comes with HTTPS.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('give a Secure __Host- session cookie and HSTS when a trusted proxy says the browser used HTTPS', async () => {
    const res = await fetch(`${product.url}/api/v1/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.200' },
      body: JSON.stringify({ username: product.adminUser, password: product.adminPassword }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-ws_admin=/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });
});

describe('cross-site requests', () => {
  it('refuses a cross-origin form POST carrying the admin cookie', async () => {
    const path = `/api/v1/admin/stations/${stationId}/enroll-codes`;
    const evil = await post(path, {
      origin: 'https://evil.example',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { code: string }).code).toBe('cross_origin');
    expect((await post(path, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post(path, { 'sec-fetch-site': 'same-site', origin: 'http://sub.127.0.0.1' })).status).toBe(403);
    expect((await post(path, { origin: 'null' })).status).toBe(403);
    // The console itself, same origin, still makes codes.
    expect((await post(path, { origin: product.url, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
  });

  it('refuses a cross-origin transfer import sent as text/plain (a form can send that)', async () => {
    const res = await post(
      '/api/v1/admin/import',
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      '{}',
    );
    expect(res.status).toBe(403);
  });

  it('refuses a cross-origin sign-in (login CSRF)', async () => {
    const res = await fetch(`${product.url}/api/v1/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ username: product.adminUser, password: product.adminPassword }),
    });
    expect(res.status).toBe(403);
  });

  it('wants application/json on JSON routes, and keeps the transfer import on its own type', async () => {
    const station = await post('/api/v1/admin/stations', { 'content-type': 'text/plain' }, '{"name":"x","kind":"hub"}');
    expect(station.status).toBe(415);
    const imported = await post('/api/v1/admin/import', { 'content-type': 'text/plain;charset=UTF-8' }, 'not a file');
    expect(imported.status).toBe(400);
    expect(((await imported.json()) as { code: string }).code).not.toBe('unsupported_media_type');
  });
});

describe('sessions', () => {
  it('rotates the session at sign-in and ends it at sign-out', async () => {
    const first = await adminCookie(product, '192.0.2.201');
    const res = await fetch(`${product.url}/api/v1/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first, 'x-forwarded-for': '192.0.2.201' },
      body: JSON.stringify({ username: product.adminUser, password: product.adminPassword }),
    });
    const second = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(second).not.toBe(first);
    const me = (c: string) => fetch(`${product.url}/api/v1/admin/me`, { headers: { cookie: c } });
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);
    await fetch(`${product.url}/api/v1/admin/logout`, { method: 'POST', headers: { cookie: second } });
    expect((await me(second)).status).toBe(401);
  });

  it('ends every session of an admin whose password is changed', async () => {
    const session = await adminCookie(product, '192.0.2.202');
    const me = () => fetch(`${product.url}/api/v1/admin/me`, { headers: { cookie: session } });
    expect((await me()).status).toBe(200);
    // Not execFileSync: a blocked event loop would miss the server closing idle connections.
    await new Promise<void>((resolve, reject) => {
      const args = ['run', '--silent', 'admin', '--', 'create-admin', '--user', 'admin', '--password-stdin'];
      const env = { ...process.env, DATA_DIR: product.dataDir, DATABASE_URL: product.databaseUrl };
      const child = execFile('npm', args, { cwd: new URL('../..', import.meta.url), env }, (err) =>
        err ? reject(err) : resolve(),
      );
      child.stdin!.end('a brand new password\n');
    });
    expect((await me()).status).toBe(401);
    expect((await signInAs(product, 'admin', 'a brand new password', '192.0.2.203')).status).toBe(200);
    product.adminPassword = 'a brand new password';
    cookie = await adminCookie(product, '192.0.2.204');
  });
});

describe('malformed input', () => {
  it('answers 400 with a code to a URL that cannot be decoded', async () => {
    for (const path of ['/%E0%A4%A', '/admin/%E0%A4%A', '/api/v1/%E0%A4%A']) {
      const res = await fetch(`${product.url}${path}`);
      expect([400, 404]).toContain(res.status);
      expect(((await res.json()) as { code: string }).code).toMatch(/bad_url|no_such_endpoint/);
    }
    expect((await fetch(`${product.url}/%E0%A4%A`)).status).toBe(400);
  });

  it('answers 400 to impossible, loose or extended-year dates and to huge cursors', async () => {
    const get = (path: string) => fetch(`${product.url}${path}`, { headers: { cookie } });
    for (const q of ['from=2024-13-45', 'from=1', 'to=%2B012024-01-01', 'from=2024-02-30', 'service=nap']) {
      const res = await get(`/api/v1/admin/visits?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('bad_query');
    }
    expect((await get('/api/v1/admin/visits?from=2024-05-01&to=2024-05-02T00:00:00%2B08:00')).status).toBe(200);
    for (const q of ['from=2024-13-45', 'from=1', 'cursor=100000000000000000000000', 'limit=1e3']) {
      const res = await get(`/api/v1/export/visits?${q}`);
      expect(res.status, q).toBe(400);
    }
  });

  it('refuses station names with a lone surrogate, NUL, a bidi override or nothing visible', async () => {
    for (const name of ['驿站\ud800', 'a\u0000b', 'abc\u202Egnp.exe', '\u200b\u200b']) {
      const res = await post(
        '/api/v1/admin/stations',
        { 'content-type': 'application/json' },
        JSON.stringify({ name, kind: 'branch' }),
      );
      expect(res.status, JSON.stringify(name)).toBe(400);
    }
    const ok = await post(
      '/api/v1/admin/stations',
      { 'content-type': 'application/json' },
      JSON.stringify({ name: '超市分站', kind: 'branch' }),
    );
    expect(ok.status).toBe(201);
  });
});
