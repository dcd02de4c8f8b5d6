/** The admin issues a host-PIN reset code for a kiosk; the kiosk checks it offline with its device key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../server/store/admins';
import { revokeDevice } from '../../server/store/devices';
import { matchPinResetCode } from '../../src/protocol/pin-reset';
import { enrolledDevice } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  await upsertAdmin(server.store.db, 'admin', 'correct horse');
  const login = await fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterAll(async () => {
  await server.close();
});

const issue = (deviceId: string) =>
  fetch(`${server.url}/api/v1/admin/devices/${deviceId}/pin-reset-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: server.url },
    body: '{}',
  });

describe('host PIN reset codes', () => {
  it('gives each device a new 8-digit code each time, which only that kiosk’s key matches', async () => {
    const device = await enrolledDevice(server.store.db);
    const other = await enrolledDevice(server.store.db, '电信营业厅分站');
    const first = (await (await issue(device.deviceId)).json()) as { code: string; n: number };
    const second = (await (await issue(device.deviceId)).json()) as { code: string; n: number };
    expect(first).toMatchObject({ n: 1, code: expect.stringMatching(/^\d{8}$/) });
    expect(second.n).toBe(2);
    expect(second.code).not.toBe(first.code);
    expect(await matchPinResetCode(device.deviceKey, 0, first.code)).toBe(1);
    expect(await matchPinResetCode(device.deviceKey, 1, second.code)).toBe(2);
    // Another kiosk's key does not take it, and a code already used (n ≤ used) is dead.
    expect(await matchPinResetCode(other.deviceKey, 0, first.code)).toBeNull();
    expect(await matchPinResetCode(device.deviceKey, 1, first.code)).toBeNull();
  });

  it('refuses a revoked device or an unknown one, and audits what it gave', async () => {
    const device = await enrolledDevice(server.store.db, '超市分站');
    await revokeDevice(server.store.db, device.deviceId);
    const res = await issue(device.deviceId);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'device_not_found' });
    expect((await issue('nope')).status).toBe(404);
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'pin_reset_code_created')
      .execute();
    expect(audit).toHaveLength(2);
  });
});
