/**
 * Rotating the server secret (README "Security"): with the old secret as
 * WAYSTATION_PREVIOUS_SECRET the server still reads every phone and still knows a
 * kiosk's retried change as a duplicate; `reseal-phones` moves the phones to the new
 * secret, after which the old one is no longer needed to read them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerSecret } from '../../server/auth/server-secret';
import { resealPhones } from '../../server/store/migration-sealed-phones';
import { queryVisits } from '../../server/store/visits';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const OLD = randomBytes(32).toString('hex');
const NEW = randomBytes(32).toString('hex');
let server: TestServer;
beforeEach(async () => {
  loadServerSecret('/nonexistent', { WAYSTATION_SECRET: OLD });
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});
afterAll(() => {
  // Later tests in this process get a fresh random secret again.
  loadServerSecret('/nonexistent', { WAYSTATION_SECRET: randomBytes(32).toString('hex') });
});

const push = (token: string, records: unknown[]) =>
  fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(pushBody(records)),
  }).then((r) => r.json() as Promise<{ results: { status: string }[] }>);

describe('secret rotation', () => {
  it('reads old phones with the previous secret, knows retries, and reseals under the new one', async () => {
    const device = await enrolledDevice(server.store.db);
    const v = visit(['rest'], '13912345678');
    expect((await push(device.token, [v])).results[0]?.status).toBe('accepted');

    // A new secret alone cannot read what the old one sealed: the server says what to set.
    loadServerSecret('/nonexistent', { WAYSTATION_SECRET: NEW });
    await expect(queryVisits(server.store.db, { limit: 5 })).rejects.toThrow(/WAYSTATION_PREVIOUS_SECRET/);

    loadServerSecret('/nonexistent', { WAYSTATION_SECRET: NEW, WAYSTATION_PREVIOUS_SECRET: OLD });
    expect((await queryVisits(server.store.db, { limit: 5 }))[0]?.phone).toBe('13912345678');
    // The kiosk retries the same change after the rotation: still a duplicate, not a clash.
    expect((await push(device.token, [v])).results[0]?.status).toBe('duplicate');

    expect(await resealPhones(server.store.db)).toBe(1);
    expect(await resealPhones(server.store.db)).toBe(0);
    loadServerSecret('/nonexistent', { WAYSTATION_SECRET: NEW });
    expect((await queryVisits(server.store.db, { limit: 5 }))[0]?.phone).toBe('13912345678');
  });
});
