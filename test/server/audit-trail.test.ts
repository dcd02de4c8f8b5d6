/**
 * The audit log over real HTTP: each console action leaves one line (who, what, when, from
 * where); the console reads it filtered and a page at a time, downloads it as CSV, and old
 * lines are pruned after the retention period.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../server/store/admins';
import { pruneAudit, readAudit, writeAudit } from '../../server/store/audit-log';
import { AuditListResponseSchema, type AuditAction } from '../../src/protocol/audit';
import { KioskDb } from '../../src/db/kiosk-db';
import { recordVisit } from '../../src/db/record-visit';
import { parseWire } from '../../src/protocol/schemas';
import { buildTransferFile } from '../../src/sync/transfer-export';
import { enrolledDevice } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let cookie: string;
let device: Awaited<ReturnType<typeof enrolledDevice>>;

async function signIn(username: string, password = 'correct horse') {
  return fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
    body: JSON.stringify({ username, password }),
  });
}

beforeAll(async () => {
  server = await startTestServer();
  device = await enrolledDevice(server.store.db);
  await upsertAdmin(server.store.db, 'dora', 'correct horse', new Date(), { role: 'district' });
  cookie = ((await signIn('dora')).headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterAll(async () => {
  await server?.close();
});

async function admin(method: string, path: string, body?: unknown, raw = false) {
  const res = await fetch(`${server.url}${path.startsWith('/api') ? path : `/api/v1/admin${path}`}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: raw ? String(body) : JSON.stringify(body) }),
  });
  return { status: res.status, text: await res.text() };
}

/** The newest audit line, which the last action should have written. */
async function last() {
  const [line] = await readAudit(server.store.db, { limit: 1 });
  return line!;
}

describe('each console action leaves one audit line', () => {
  it('sign-in and a failed sign-in, with the address they came from', async () => {
    expect((await signIn('dora', 'wrong password')).status).toBe(401);
    expect(await last()).toMatchObject({ actor: 'admin:dora', action: 'sign_in_failed' });
    const [ok] = await readAudit(server.store.db, { action: 'sign_in', limit: 1 });
    expect(ok).toMatchObject({ actor: 'admin:dora' });
  });

  it('stations, codes, devices, imports, exports and people, by the admin who did them', async () => {
    const steps: [AuditAction, () => Promise<{ status: number; text: string }>, string][] = [
      ['station_created', () => admin('POST', '/stations', { name: '新建分站', kind: 'branch' }), '/stations'],
      [
        'station_edited',
        () =>
          admin('PUT', `/stations/${device.station.id}`, {
            baseVersion: 0,
            name: '康民药店分站',
            kind: 'branch',
            services: ['rest', 'water'],
          }),
        device.station.id,
      ],
      ['enroll_code_created', () => admin('POST', `/stations/${device.station.id}/enroll-codes`, {}), 'enroll-codes'],
      ['device_renamed', () => admin('PUT', `/devices/${device.deviceId}/name`, { name: '一号机' }), device.deviceId],
      ['reenroll_code_created', () => admin('POST', `/devices/${device.deviceId}/reenroll-code`, {}), device.deviceId],
      ['export', () => admin('GET', '/api/v1/export/visits?format=csv'), '/api/v1/export/visits?format=csv'],
      ['export_clear_phones', () => admin('GET', '/api/v1/export/members?phones=clear'), 'phones=clear'],
      [
        'party_org_created',
        () => admin('POST', '/party-orgs', { name: '快递行业党委', type: 'industry_committee' }),
        '/party-orgs',
      ],
      ['device_revoked', () => admin('POST', `/devices/${device.deviceId}/revoke`, {}), device.deviceId],
    ];
    for (const [action, run, mentions] of steps) {
      const res = await run();
      expect(res.status, `${action}: ${res.text}`).toBeLessThan(300);
      const line = await last();
      expect(line, action).toMatchObject({ actor: 'admin:dora', action });
      expect(line.detail, action).toContain(mentions);
      expect(line.address, action).toBe('127.0.0.1');
      // Never a phone number or a code in the log.
      expect(line.detail ?? '').not.toMatch(/1\d{10}|\b\d{10}\b/);
    }
  });

  it('a transfer import, naming the station and what it stored', async () => {
    const kiosk = new KioskDb(`audit-${Math.random()}`);
    const other = await enrolledDevice(server.store.db, '联通营业厅分站');
    await recordVisit(kiosk, { services: ['rest'], phone: null });
    const file = await buildTransferFile(kiosk, {
      deviceId: other.deviceId,
      stationId: other.station.id,
      token: other.token,
      deviceKey: other.deviceKey,
      enrolledAt: '',
    });
    const res = await admin('POST', '/import', JSON.stringify(file), true);
    expect(res.status, res.text).toBe(200);
    expect(await last()).toMatchObject({
      action: 'transfer_imported',
      detail: expect.stringContaining(`station ${other.station.id}: 1 records, 1 new`),
    });
    kiosk.close();
  });

  it('a role change and a refusal', async () => {
    await upsertAdmin(server.store.db, 'vic', 'correct horse', new Date(), { role: 'viewer' });
    expect((await admin('PUT', '/admins/vic/role', { role: 'manager', stations: [device.station.id] })).status).toBe(
      200,
    );
    expect(await last()).toMatchObject({ action: 'role_changed', detail: expect.stringContaining('viewer → manager') });
    const vic = ((await signIn('vic')).headers.get('set-cookie') ?? '').split(';')[0]!;
    const res = await fetch(`${server.url}/api/v1/admin/audit`, { headers: { cookie: vic } });
    expect(res.status).toBe(403);
    expect(await last()).toMatchObject({ actor: 'admin:vic', action: 'access_refused' });
  });
});

describe('the audit page and download', () => {
  it('filters by who, action and dates, and pages newest first', async () => {
    const page = async (q: string) => {
      const res = await admin('GET', `/audit?${q}`);
      expect(res.status, res.text).toBe(200);
      const parsed = parseWire(AuditListResponseSchema, JSON.parse(res.text));
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.value;
    };
    const all = await page('limit=5');
    expect(all.entries).toHaveLength(5);
    expect(all.total).toBeGreaterThan(12);
    expect(all.retentionDays).toBe(365);
    const seqs = all.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    const next = await page('limit=5&offset=5');
    expect(next.entries[0]!.seq).toBeLessThan(seqs.at(-1)!);
    const vic = await page('actor=vic');
    expect(new Set(vic.entries.map((e) => e.actor))).toEqual(new Set(['admin:vic']));
    const revoked = await page('action=device_revoked');
    expect(revoked.total).toBe(1);
    const future = await page('from=2099-01-01');
    expect(future.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await page(`from=${today}`)).total).toBe(all.total);
  });

  it('refuses a bad filter with a code and no rows', async () => {
    for (const q of ['action=nonsense', 'from=2024-13-45', 'limit=0', 'offset=-1']) {
      const res = await admin('GET', `/audit?${q}`);
      expect(res.status, q).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'bad_query' });
    }
  });

  it('downloads as CSV with a BOM, oldest first, formulas defused, and the download is itself audited', async () => {
    await writeAudit(server.store.db, { actor: 'cli', action: 'station_created', detail: '=HYPERLINK("x")' });
    const res = await fetch(`${server.url}/api/v1/admin/audit/export?format=csv`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFFseq,at,actor,action,address,detail\r\n')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines[1]).toContain('sign_in');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(await last()).toMatchObject({ action: 'audit_exported' });
  });
});

describe('retention', () => {
  it('prunes lines older than the period and keeps the rest', async () => {
    const old = new Date(Date.now() - 400 * 24 * 3600_000);
    await writeAudit(server.store.db, { actor: 'cli', action: 'sign_in', detail: 'long ago' }, old);
    const before = (await readAudit(server.store.db, { limit: 1000 })).length;
    expect(await pruneAudit(server.store.db, new Date(Date.now() - 365 * 24 * 3600_000))).toBe(1);
    const after = await readAudit(server.store.db, { limit: 1000 });
    expect(after).toHaveLength(before - 1);
    expect(after.some((e) => e.detail === 'long ago')).toBe(false);
  });
});
