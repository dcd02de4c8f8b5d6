/**
 * API tokens, exports of phone numbers and device takeover (issue 12, attacks
 * 2 and 3) against `npm start` and its admin CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCookie, enroll, pushVisit } from '../support/attack-kit';
import { startProduct, type RunningProduct } from '../support/product';

const PHONE = '13912345678';
let product: RunningProduct;
let kiosk: { token: string; deviceId: string };
beforeAll(async () => {
  product = await startProduct();
  const enrolled = await enroll(product, product.demoCode);
  kiosk = { token: enrolled.token!, deviceId: enrolled.deviceId! };
  expect((await pushVisit(product, kiosk.token, PHONE)).status).toBe(200);
});
afterAll(async () => {
  await product?.stop();
});

const exportVisits = (token: string, query = '') =>
  fetch(`${product.url}/api/v1/export/visits?format=ndjson${query}`, { headers: { authorization: `Bearer ${token}` } });

describe('API tokens', () => {
  it('export with masked phones by default, and a token without export:phones cannot get them in clear', async () => {
    const token = await product.admin('create-api-token', '--name', 'bi');
    const masked = await exportVisits(token);
    expect(masked.status).toBe(200);
    expect(await masked.text()).not.toContain(PHONE);
    const clear = await exportVisits(token, '&phones=clear');
    expect(clear.status).toBe(403);
    expect(((await clear.json()) as { code: string }).code).toBe('scope_missing');
  });

  it('with export:phones, exports phones in clear and the audit log records who, what, when and from where', async () => {
    const token = await product.admin('create-api-token', '--name', 'bi-phones', '--scopes', 'export,export:phones');
    const clear = await exportVisits(token, '&phones=clear');
    expect(clear.status).toBe(200);
    expect(await clear.text()).toContain(PHONE);
    const cookie = await adminCookie(product);
    const audit = (await (
      await fetch(`${product.url}/api/v1/admin/audit?action=export_clear_phones`, { headers: { cookie } })
    ).json()) as { entries: { at: string; actor: string; action: string; detail: string; address: string }[] };
    const entry = audit.entries[0]!;
    expect(entry.actor).toMatch(/^token:/);
    expect(entry.detail).toContain('/api/v1/export/visits');
    expect(entry.address).toBe('127.0.0.1');
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
    // The same read from the CLI, and the sign-in that read it is there too.
    const cli = await product.admin('audit-log', '--action', 'sign_in');
    expect(cli).toMatch(/admin:admin\tsign_in\t127\.0\.0\.1/);
  });

  it('refuses a revoked token with 401', async () => {
    const token = await product.admin('create-api-token', '--name', 'leaked');
    expect((await exportVisits(token)).status).toBe(200);
    // The newest token is the last line.
    const [id, name] = (await product.admin('list-api-tokens')).split('\t');
    expect(name).toBe('leaked');
    expect(await product.admin('revoke-api-token', '--id', id!)).toBe('revoked');
    const res = await exportVisits(token);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('unknown_api_token');
  });
});

describe('re-enrollment', () => {
  it('cannot undo a revocation: a code made before is dead, and none is made after', async () => {
    const code = await product.admin('reenroll-code', '--device', kiosk.deviceId);
    expect(await product.admin('revoke-device', '--device', kiosk.deviceId)).toBe('revoked');
    expect((await enroll(product, code)).status).toBe(403);
    expect((await pushVisit(product, kiosk.token)).status).toBe(401);
    const cookie = await adminCookie(product);
    const res = await fetch(`${product.url}/api/v1/admin/devices/${kiosk.deviceId}/reenroll-code`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe('device_revoked');
  });
});
