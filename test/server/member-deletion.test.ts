/**
 * Data-subject deletion (issue 12): the admin deletes a member at their request;
 * the server keeps no name or phone of theirs (not in the database file either),
 * their visits stay as anonymous visits, every kiosk forgets them on its next pull,
 * and the audit log says who did it.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../server/store/admins';
import { readAudit } from '../../server/store/audit-log';
import { queryVisits } from '../../server/store/visits';
import { KioskDb } from '../../src/db/kiosk-db';
import { findMemberByPhone, registerMember } from '../../src/db/people';
import { recordVisit } from '../../src/db/record-visit';
import { createApiClient } from '../../src/sync/api-client';
import { syncOnce } from '../../src/sync/sync-once';
import { enrolledDevice } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

const PHONE = '13987654321';
const NAME = '赵铁柱';
let server: TestServer;
let here: KioskDb;
let there: KioskDb;
let cookie: string;
let devices: Awaited<ReturnType<typeof enrolledDevice>>[];

let dataDir: string;
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'waystation-erase-'));
  server = await startTestServer({ dataDir });
  devices = [
    await enrolledDevice(server.store.db, '康民药店分站'),
    await enrolledDevice(server.store.db, '电信营业厅分站'),
  ];
  here = new KioskDb(`erase-a-${Math.random()}`);
  there = new KioskDb(`erase-b-${Math.random()}`);
  await upsertAdmin(server.store.db, 'admin', 'correct horse');
  const login = await fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterEach(async () => {
  here.close();
  there.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sync = (db: KioskDb, i: number) =>
  syncOnce({ db, client: createApiClient(server.url), token: devices[i]!.token });

describe('deleting a member at their request', () => {
  it('leaves no name or phone on the server or any kiosk, keeps their visits anonymous, and is audited', async () => {
    const member = await registerMember(here, {
      name: NAME,
      phone: PHONE,
      occupation: 'courier',
      partyMember: false,
    });
    const tapped = await recordVisit(here, { services: ['rest'], phone: null, memberId: member.id });
    await sync(here, 0);
    await sync(there, 1);
    expect((await findMemberByPhone(there, PHONE))?.id).toBe(member.id);

    const res = await fetch(`${server.url}/api/v1/admin/members/${member.id}/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: server.url },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: [member.id] });
    // Once is enough: the second time there is no such member.
    const again = await fetch(`${server.url}/api/v1/admin/members/${member.id}/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: server.url },
      body: '{}',
    });
    expect(again.status).toBe(404);

    const [visit] = await queryVisits(server.store.db, { limit: 5 });
    expect(visit).toMatchObject({ id: tapped.id, memberId: null, phone: null });
    const detail = await fetch(`${server.url}/api/v1/admin/members/${member.id}`, { headers: { cookie } });
    expect(detail.status).toBe(404);
    const audit = await readAudit(server.store.db, { limit: 5, action: 'member_deleted' });
    expect(audit[0]).toMatchObject({ actor: 'admin:admin', detail: member.id });

    // Every kiosk forgets them on its next pull.
    await sync(there, 1);
    await sync(here, 0);
    expect(await findMemberByPhone(there, PHONE)).toBeNull();
    expect(await there.directory.get(member.id)).toBeUndefined();
    expect(await here.registrations.get(member.id)).toBeUndefined();

    // Nor is it left in the database file's free pages or its log.
    await server.close();
    const bytes = Buffer.concat(
      readdirSync(dataDir)
        .filter((f) => /\.(db|sqlite)(-wal)?$/.test(f))
        .map((f) => readFileSync(join(dataDir, f))),
    );
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.includes(Buffer.from(NAME))).toBe(false);
    expect(bytes.includes(Buffer.from(member.memberNo))).toBe(false);
    server = await startTestServer({ dataDir: dataDir });
  });
});
