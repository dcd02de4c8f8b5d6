/** Offline transfer: the host exports queued records to a file, the admin imports it; twice, late, tampered or cut short. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../server/store/admins';
import { createEnrollCode, enrollDevice, listDevices, revokeDevice } from '../../server/store/devices';
import { collectHeartbeat } from '../../src/sync/heartbeat';
import { KioskDb } from '../../src/db/kiosk-db';
import { recordVisit } from '../../src/db/record-visit';
import { transferMac, type TransferFile } from '../../src/protocol/transfer';
import { createApiClient } from '../../src/sync/api-client';
import { syncOnce } from '../../src/sync/sync-once';
import { sealPublicKey } from '../../server/auth/seal-key';
import { createSealer, type SealKey } from '../../src/protocol/sealed-box';
import { buildTransferFile } from '../../src/sync/transfer-export';
import { enrolledDevice } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let db: KioskDb;
let token: string;
/** The kiosk in most tests has not met the server yet, so it signs without sealing (version 2). */
let file: Extract<TransferFile, { version: 1 | 2 }>;
let cookie: string;
let device: Awaited<ReturnType<typeof enrolledDevice>>;

beforeEach(async () => {
  server = await startTestServer();
  device = await enrolledDevice(server.store.db);
  token = device.token;
  db = new KioskDb(`transfer-${Math.random()}`);
  for (let i = 0; i < 5; i++)
    await recordVisit(db, { services: ['rest', 'water'], phone: i % 2 ? '13812345678' : null });
  const built = await buildTransferFile(db, {
    deviceId: device.deviceId,
    stationId: device.station.id,
    token,
    deviceKey: device.deviceKey,
    enrolledAt: '',
  });
  if (built.version === 3) throw new Error('expected an unsealed file');
  file = built;
  await upsertAdmin(server.store.db, 'admin', 'correct horse');
  const login = await fetch(`${server.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterEach(async () => {
  db.close();
  await server.close();
});

const importText = (text: string, withCookie = true) =>
  fetch(`${server.url}/api/v1/admin/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(withCookie ? { cookie } : {}) },
    body: text,
  });
const stored = async () => (await server.store.db.selectFrom('visits').select('id').execute()).length;

describe('offline transfer', () => {
  it('stores every record of the file once, however often it is imported', async () => {
    const first = await importText(JSON.stringify(file));
    expect(await first.json()).toMatchObject({ ok: true, total: 5, accepted: 5, duplicates: 0, rejected: [] });
    const again = await importText(JSON.stringify(file));
    expect(await again.json()).toMatchObject({ total: 5, accepted: 0, duplicates: 5 });
    expect(await stored()).toBe(5);
  });

  it('leaves the records queued on the kiosk, whose later sync doubles nothing', async () => {
    await importText(JSON.stringify(file));
    expect(await db.outbox.count()).toBe(5);
    const report = await syncOnce({ db, client: createApiClient(server.url), token });
    expect(report).toMatchObject({ accepted: 0, duplicates: 5 });
    expect(await db.outbox.count()).toBe(0);
    expect(await stored()).toBe(5);
  });

  it('stores nothing twice when the kiosk synced before the file was imported', async () => {
    await syncOnce({ db, client: createApiClient(server.url), token });
    expect(await (await importText(JSON.stringify(file))).json()).toMatchObject({ accepted: 0, duplicates: 5 });
    expect(await stored()).toBe(5);
  });

  it('refuses a tampered file with a clear message and changes nothing', async () => {
    const tampered = structuredClone(file);
    tampered.changes[2]!.record.services = ['rest', 'water', 'internet'];
    const res = await importText(JSON.stringify(tampered));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('signature does not match');
    expect(await stored()).toBe(0);
  });

  it('refuses a truncated file with a clear message and changes nothing', async () => {
    const text = JSON.stringify(file);
    const res = await importText(text.slice(0, Math.floor(text.length * 0.7)));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('truncated');
    expect(await stored()).toBe(0);
  });

  it('refuses a file with records removed, and an import without an admin session', async () => {
    const shortened = { ...file, changes: file.changes.slice(0, 3) };
    expect((await importText(JSON.stringify(shortened))).status).toBe(400);
    expect((await importText(JSON.stringify(file), false)).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('still imports a file written before the kiosk was re-enrolled (export, wipe, re-enroll, import)', async () => {
    const { code } = await createEnrollCode(server.store.db, device.station.id, { deviceId: device.deviceId });
    const again = await enrollDevice(server.store.db, code, 'same kiosk');
    expect(again.ok && again.token).not.toBe(token);
    expect(await (await importText(JSON.stringify(file))).json()).toMatchObject({ accepted: 5 });
    expect(await stored()).toBe(5);
  });

  it('imports a version-1 file signed with the token of a kiosk enrolled by an older server', async () => {
    const legacy = await buildTransferFile(db, {
      deviceId: device.deviceId,
      stationId: device.station.id,
      token,
      enrolledAt: '',
    });
    expect(legacy.version).toBe(1);
    expect(await (await importText(JSON.stringify(legacy))).json()).toMatchObject({ accepted: 5 });
  });

  it('refuses a revoked kiosk’s file unless the admin confirms', async () => {
    await revokeDevice(server.store.db, device.deviceId);
    const refused = await importText(JSON.stringify(file));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'device_revoked' });
    expect(await stored()).toBe(0);
    const confirmed = await fetch(`${server.url}/api/v1/admin/import?confirm=revoked`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(file),
    });
    expect(await confirmed.json()).toMatchObject({ accepted: 5 });
  });

  it('leaves the kiosk’s last-seen time alone and raises no storage-lost flag', async () => {
    const client = createApiClient(server.url);
    // The kiosk reported in once, with its five records queued, then went silent.
    await client.heartbeat(token, await collectHeartbeat(db, 'test', null, new Date()));
    const seen = async () =>
      (await server.store.db.selectFrom('devices').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at;
    const before = await seen();
    await new Promise((r) => setTimeout(r, 20));
    await importText(JSON.stringify(file));
    expect(await seen()).toBe(before);
    expect((await listDevices(server.store.db))[0]!.flags).not.toContain('storage-lost');
    await syncOnce({ db, client, token });
    expect(await db.meta.get('storageLost')).toBeUndefined();
    expect((await listDevices(server.store.db))[0]!.flags).not.toContain('storage-lost');
  });
});

describe('sealed transfer files', () => {
  const sealedFile = async () => {
    await db.meta.put({ key: 'sealKey', value: sealPublicKey() });
    return buildTransferFile(db, {
      deviceId: device.deviceId,
      stationId: device.station.id,
      token,
      deviceKey: device.deviceKey,
      enrolledAt: '',
    });
  };

  it('holds no phone number on the stick, and the admin’s import opens it and stores every record once', async () => {
    const sealed = await sealedFile();
    expect(sealed.version).toBe(3);
    const text = JSON.stringify(sealed);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('rest');
    expect(await (await importText(text)).json()).toMatchObject({ ok: true, total: 5, accepted: 5 });
    expect(await (await importText(text)).json()).toMatchObject({ accepted: 0, duplicates: 5 });
    const phones = await server.store.db.selectFrom('visits').select('phone').execute();
    expect(phones.filter((p) => p.phone !== null)).toHaveLength(2);
  });

  it('refuses a sealed file whose sealed part was swapped, and one sealed to another server, changing nothing', async () => {
    const sealed = await sealedFile();
    if (sealed.version !== 3) throw new Error('expected a sealed file');
    const swapped = {
      ...sealed,
      sealed: await (await createSealer(sealPublicKey())).seal('{"changes":[],"refused":[]}'),
    };
    const res = await importText(JSON.stringify(swapped));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_signature' });

    // Sealed to another district's server, and signed with the right device key: it cannot be opened here.
    const other = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
      'deriveBits',
    ])) as CryptoKeyPair;
    const { x, y } = await crypto.subtle.exportKey('jwk', other.publicKey);
    const otherKey: SealKey = { kty: 'EC', crv: 'P-256', x: x!, y: y! };
    const elsewhere = await (await createSealer(otherKey)).seal('{"changes":[],"refused":[]}');
    const body = { ...sealed, sealed: elsewhere };
    const { mac: _mac, ...unsigned } = body;
    const resigned = { ...unsigned, mac: await transferMac(device.deviceKey, unsigned) };
    const unreadable = await importText(JSON.stringify(resigned));
    expect(unreadable.status).toBe(400);
    expect(await unreadable.json()).toMatchObject({ code: 'sealed_unreadable' });
    expect(await stored()).toBe(0);
  });
});
