/**
 * The security side of the store, on SQLite and PostgreSQL alike: throttle
 * counters that several processes share, back-off, the audit log, API token
 * scopes and expiry, sessions, and enrollment codes under a keyed hash.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackoff } from '../../server/auth/backoff';
import { hashSecret } from '../../server/auth/secrets';
import {
  adminBySession,
  apiTokenHolder,
  createApiToken,
  purgeExpiredSessions,
  revokeApiToken,
  signIn,
  upsertAdmin,
} from '../../server/store/admins';
import { readAudit, writeAudit } from '../../server/store/audit-log';
import { createEnrollCode, DeviceRevokedError, enrollDevice, revokeDevice } from '../../server/store/devices';
import { createStation } from '../../server/store/stations';
import { purgeThrottleCounters, RateLimiterKysely } from '../../server/store/throttle-store';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores';

describe.each(STORE_KINDS)('the security store on %s', (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(async () => {
    await t.drop();
  });
  const db = () => t.store.db;

  it('counts every hit of many racing requests exactly once', async () => {
    const limiter = new RateLimiterKysely(db(), { keyPrefix: 'race', points: 1000, duration: 60 });
    await Promise.all(Array.from({ length: 40 }, () => limiter.penalty('k', 1)));
    expect((await limiter.get('k'))?.consumedPoints).toBe(40);
  });

  it('starts a counter again once its window has passed, and purges passed ones', async () => {
    const limiter = new RateLimiterKysely(db(), { keyPrefix: 'win', points: 10, duration: 1 });
    await limiter.penalty('k', 3);
    await db()
      .updateTable('throttle_counters')
      .set({ expires_ms: Date.now() - 1 })
      .execute();
    expect(await limiter.get('k')).toBeNull();
    expect((await limiter.penalty('k', 1)).consumedPoints).toBe(1);
    await db()
      .updateTable('throttle_counters')
      .set({ expires_ms: Date.now() - 1 })
      .execute();
    expect(await purgeThrottleCounters(db())).toBe(1);
  });

  it('backs off longer with each failure past the free ones, and forgets on success', async () => {
    const b = createBackoff(db(), { name: 't', free: 2, windowSec: 3600, baseSec: 1, maxSec: 60 });
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      await b.failed('alice');
      waits.push(await b.retryAfter('alice'));
    }
    expect(waits).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 60]);
    expect(await b.retryAfter('bob')).toBe(0);
    await b.reset('alice');
    expect(await b.retryAfter('alice')).toBe(0);
  });

  it('keeps an audit log, newest first, filtered by action', async () => {
    await writeAudit(db(), { actor: 'admin:alice', action: 'sign_in', address: '192.0.2.1' });
    await writeAudit(db(), { actor: 'token:t1', action: 'export_clear_phones', detail: '/api/v1/export/visits' });
    expect((await readAudit(db())).map((e) => e.action)).toEqual(['export_clear_phones', 'sign_in']);
    const [entry] = await readAudit(db(), { action: 'sign_in' });
    expect(entry).toMatchObject({ actor: 'admin:alice', address: '192.0.2.1' });
    expect(Number.isNaN(Date.parse(entry!.at))).toBe(false);
  });

  it('gives API tokens scopes and an expiry, and refuses them once revoked', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const plain = await createApiToken(db(), 'bi', { now, days: 30 });
    const phones = await createApiToken(db(), 'bi-phones', { now, scopes: ['export:phones'] });
    expect((await apiTokenHolder(db(), plain.token, now))?.scopes).toEqual(['export']);
    expect((await apiTokenHolder(db(), phones.token, now))?.scopes).toEqual(['export', 'export:phones']);
    expect(await apiTokenHolder(db(), plain.token, new Date('2026-02-01T00:00:00Z'))).toBeUndefined();
    expect(await revokeApiToken(db(), phones.id)).toBe(true);
    expect(await revokeApiToken(db(), phones.id)).toBe(false);
    expect(await apiTokenHolder(db(), phones.token, now)).toBeUndefined();
  });

  it('rotates sessions at sign-in, ends them at a password change, and purges expired ones', async () => {
    await upsertAdmin(db(), 'alice', 'a long password');
    const first = (await signIn(db(), 'alice', 'a long password'))!;
    const second = (await signIn(db(), 'alice', 'a long password', new Date(), { replacing: first }))!;
    expect(await adminBySession(db(), first)).toBeUndefined();
    expect(await adminBySession(db(), second)).toBeDefined();
    expect(await signIn(db(), 'nobody', 'a long password')).toBeUndefined();
    await upsertAdmin(db(), 'alice', 'another long password');
    expect(await adminBySession(db(), second)).toBeUndefined();
    await signIn(db(), 'alice', 'another long password', new Date('2020-01-01T00:00:00Z'));
    expect(await purgeExpiredSessions(db())).toBe(1);
  });

  it('stores enrollment codes under a keyed hash, and a re-enroll code cannot undo a revocation', async () => {
    const station = await createStation(db(), { name: '分站', kind: 'branch' });
    const { code } = await createEnrollCode(db(), station.id);
    const rows = await db().selectFrom('enroll_codes').select('code_hash').execute();
    expect(rows.map((r) => r.code_hash)).not.toContain(hashSecret(code));
    const device = await enrollDevice(db(), code, 'kiosk');
    if (!device.ok) throw new Error(device.reason);
    const older = await createEnrollCode(db(), station.id, { deviceId: device.deviceId });
    const reenroll = await createEnrollCode(db(), station.id, { deviceId: device.deviceId });
    expect(Date.parse(reenroll.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
    // A newer re-enroll code replaces the older one.
    expect((await enrollDevice(db(), older.code, 'kiosk')).ok).toBe(false);
    await revokeDevice(db(), device.deviceId);
    expect((await enrollDevice(db(), reenroll.code, 'kiosk')).ok).toBe(false);
    const still = await db().selectFrom('devices').select('revoked_at').executeTakeFirstOrThrow();
    expect(still.revoked_at).not.toBeNull();
    await expect(createEnrollCode(db(), station.id, { deviceId: device.deviceId })).rejects.toThrow(DeviceRevokedError);
  });
});
