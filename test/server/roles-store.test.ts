/** The roles and audit store over SQLite and PostgreSQL alike: roles, a manager's stations, audit filters, paging, pruning. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerBySession, listAdmins, RoleError, setAdminRole } from '../../server/store/admin-roles';
import { signIn, upsertAdmin } from '../../server/store/admins';
import { pruneAudit, queryAudit, walkAudit, writeAudit } from '../../server/store/audit-log';
import { countVisits, queryVisits } from '../../server/store/visits';
import { handlePush } from '../../server/sync/push';
import type { PushRequest } from '../../src/protocol/schemas';
import { createStation } from '../../server/store/stations';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores';
import { enrolledDevice, pushBody, visit } from '../support/fixtures';

describe.each(STORE_KINDS)('roles and the audit log on %s', (kind) => {
  let t: TestStore;
  const db = () => t.store.db;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('keeps admins made before roles as district admins, and a manager’s stations', async () => {
    const a = await createStation(db(), { name: '康民药店分站', kind: 'branch' });
    const b = await createStation(db(), { name: '联通营业厅分站', kind: 'branch' });
    await upsertAdmin(db(), 'old', 'correct horse');
    await upsertAdmin(db(), 'mia', 'correct horse', new Date(), { role: 'manager', stations: [b.id, a.id, a.id] });
    expect(await listAdmins(db())).toEqual([
      { username: 'mia', role: 'manager', stations: [a.id, b.id].sort(), createdAt: expect.any(String) },
      { username: 'old', role: 'district', stations: null, createdAt: expect.any(String) },
    ]);
    const token = (await signIn(db(), 'mia', 'correct horse'))!;
    expect(await callerBySession(db(), token)).toMatchObject({ role: 'manager', stations: [a.id, b.id].sort() });
    // A password reset keeps the role unless told otherwise.
    await upsertAdmin(db(), 'mia', 'another long one');
    expect((await listAdmins(db()))[0]).toMatchObject({ role: 'manager' });
    expect(await setAdminRole(db(), 'mia', 'viewer')).toEqual({
      previous: 'manager',
      previousStations: [a.id, b.id].sort(),
    });
    expect((await listAdmins(db()))[0]).toMatchObject({ role: 'viewer', stations: null });
  });

  it('refuses a bad role change whole: unknown station, none for a manager, stations for others, no such admin', async () => {
    const a = await createStation(db(), { name: '康民药店分站', kind: 'branch' });
    await upsertAdmin(db(), 'vic', 'correct horse', new Date(), { role: 'viewer' });
    await upsertAdmin(db(), 'dora', 'correct horse');
    const before = await listAdmins(db());
    const codes = async (fn: () => Promise<unknown>) =>
      fn().then(
        () => 'ok',
        (e: unknown) => (e instanceof RoleError ? e.code : String(e)),
      );
    expect(await codes(() => setAdminRole(db(), 'vic', 'manager', [a.id, 'nope']))).toBe('unknown_station');
    expect(await codes(() => setAdminRole(db(), 'vic', 'manager', []))).toBe('stations_required');
    expect(await codes(() => setAdminRole(db(), 'vic', 'district', [a.id]))).toBe('stations_not_allowed');
    expect(await codes(() => setAdminRole(db(), 'nobody', 'viewer'))).toBe('admin_not_found');
    expect(await codes(() => setAdminRole(db(), 'dora', 'viewer'))).toBe('last_district_admin');
    // A new admin with a bad role is not created at all.
    expect(
      await codes(() => upsertAdmin(db(), 'eve', 'correct horse', new Date(), { role: 'manager', stations: ['nope'] })),
    ).toBe('unknown_station');
    expect(await listAdmins(db())).toEqual(before);
  });

  it('filters the audit log by who, action and time, pages newest first, walks it oldest first, prunes the old', async () => {
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 30; i++)
      await writeAudit(
        db(),
        { actor: i % 3 ? 'admin:dora' : 'cli', action: i % 2 ? 'export' : 'sign_in', detail: `n${i}` },
        new Date(t0 + i * 3600_000),
      );
    const all = await queryAudit(db(), {}, { offset: 0, limit: 10 });
    expect(all.total).toBe(30);
    expect(all.entries.map((e) => e.detail)).toEqual(Array.from({ length: 10 }, (_, i) => `n${29 - i}`));
    expect((await queryAudit(db(), {}, { offset: 25, limit: 10 })).entries).toHaveLength(5);
    expect((await queryAudit(db(), { actor: 'dora' }, { offset: 0, limit: 100 })).total).toBe(20);
    expect((await queryAudit(db(), { actor: 'cli' }, { offset: 0, limit: 100 })).total).toBe(10);
    expect((await queryAudit(db(), { action: 'export', actor: 'admin:dora' }, { offset: 0, limit: 100 })).total).toBe(
      10,
    );
    const window = { from: new Date(t0 + 10 * 3600_000).toISOString(), to: new Date(t0 + 20 * 3600_000).toISOString() };
    const inWindow = await queryAudit(db(), window, { offset: 0, limit: 100 });
    expect(inWindow.entries.map((e) => e.detail)).toEqual(Array.from({ length: 10 }, (_, i) => `n${19 - i}`));
    const walked: string[] = [];
    for await (const rows of walkAudit(db(), {}, 7)) walked.push(...rows.map((r) => r.detail!));
    expect(walked).toEqual(Array.from({ length: 30 }, (_, i) => `n${i}`));
    expect(await pruneAudit(db(), new Date(t0 + 5 * 3600_000))).toBe(5);
    expect((await queryAudit(db(), {}, { offset: 0, limit: 100 })).total).toBe(25);
  });

  it('reads visits of a manager’s stations only', async () => {
    const a = await enrolledDevice(db(), 'A');
    const b = await enrolledDevice(db(), 'B');
    for (const d of [a, b])
      await handlePush(
        db(),
        { id: d.deviceId, stationId: d.station.id, revoked: false },
        pushBody([visit(['rest']), visit(['water'])]) as PushRequest,
      );
    expect((await countVisits(db(), { stationIds: [a.station.id] })).total).toBe(2);
    expect((await countVisits(db(), { stationIds: [a.station.id, b.station.id] })).total).toBe(4);
    expect((await countVisits(db(), { stationIds: [] })).total).toBe(0);
    const rows = await queryVisits(db(), { stationIds: [b.station.id], limit: 10 });
    expect(new Set(rows.map((r) => r.stationId))).toEqual(new Set([b.station.id]));
  });
});
