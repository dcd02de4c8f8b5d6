/** Enrollment codes and enrolled devices (kiosks). */
import type { Kysely } from 'kysely';
import { hashSecret, newEnrollCode, newId, newToken } from '../auth/secrets';
import { keyedHash } from '../auth/server-secret';
import type { DeviceFlag } from '../../src/protocol/device-flags';
import type { Heartbeat } from '../../src/protocol/schemas';
import { discardCounts } from './discarded';
import { readBool, storedBool } from './encoding';
import type { Db } from './schema';

export interface EnrollCodeOptions {
  ttlMs?: number;
  now?: Date;
  /** Re-enrolls this device (a kiosk whose storage was wiped) instead of adding a new one. */
  deviceId?: string;
}

/** How long a re-enrollment code lives unless told otherwise: it hands over an existing device, so not long. */
export const REENROLL_TTL_MS = 3600_000;

/**
 * Makes a single-use enrollment code for a station, valid for 24 h unless told
 * otherwise (a re-enrollment code: 1 h). The code is stored as a keyed hash
 * (server/auth/server-secret.ts). A re-enrollment code replaces the device's
 * earlier unused ones, and a revoked device gets none (undefined).
 */
export async function createEnrollCode(
  db: Kysely<Db>,
  stationId: string,
  { ttlMs, now = new Date(), deviceId }: EnrollCodeOptions = {},
): Promise<{ code: string; expiresAt: string }> {
  const code = newEnrollCode();
  const expiresAt = new Date(now.getTime() + (ttlMs ?? (deviceId ? REENROLL_TTL_MS : 24 * 3600_000))).toISOString();
  return db.transaction().execute(async (trx) => {
    if (deviceId) {
      // The console shows the device as expecting a re-enrollment (its storage is gone) from now on.
      const live = await trx
        .updateTable('devices')
        .set({ reenroll_at: now.toISOString() })
        .where('id', '=', deviceId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (live.numUpdatedRows === 0n) throw new DeviceRevokedError();
      await trx
        .updateTable('enroll_codes')
        .set({ used_at: now.toISOString() })
        .where('device_id', '=', deviceId)
        .where('used_at', 'is', null)
        .execute();
    }
    await trx
      .insertInto('enroll_codes')
      .values({
        code_hash: keyedHash(code),
        station_id: stationId,
        expires_at: expiresAt,
        used_at: null,
        created_at: now.toISOString(),
        device_id: deviceId ?? null,
      })
      .execute();
    return { code, expiresAt };
  });
}

/** A re-enrollment code was asked for a revoked (or unknown) device: a revocation is undone only by enrolling anew. */
export class DeviceRevokedError extends Error {
  constructor() {
    super('This device is revoked or unknown; enroll the kiosk as a new device with a station enrollment code');
  }
}

/**
 * The station a live code would enroll a kiosk at, without spending it (the kiosk
 * checks the code before the host chooses a PIN); null for an unknown, used or
 * expired code, or a re-enrollment code of a revoked device.
 */
export async function peekEnrollCode(db: Kysely<Db>, code: string, now = new Date()): Promise<string | null> {
  const row = await db
    .selectFrom('enroll_codes')
    .leftJoin('devices', 'devices.id', 'enroll_codes.device_id')
    .select(['enroll_codes.station_id', 'enroll_codes.device_id', 'devices.revoked_at'])
    .where('enroll_codes.code_hash', '=', keyedHash(code))
    .where('enroll_codes.used_at', 'is', null)
    .where('enroll_codes.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (!row || (row.device_id !== null && row.revoked_at !== null)) return null;
  return row.station_id;
}

export type EnrollOutcome =
  { ok: true; deviceId: string; stationId: string; token: string; deviceKey: string } | { ok: false; reason: string };

/** Spends an enrollment code on a new device; a used, expired or unknown code enrolls nothing. */
export async function enrollDevice(
  db: Kysely<Db>,
  code: string,
  deviceName: string,
  now = new Date(),
): Promise<EnrollOutcome> {
  return db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    // Claiming the code and creating the device commit together, so a code is spent exactly once.
    const claimed = await trx
      .updateTable('enroll_codes')
      .set({ used_at: at })
      .where('code_hash', '=', keyedHash(code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning(['station_id', 'device_id'])
      .executeTakeFirst();
    if (!claimed) return { ok: false, reason: 'This enrollment code is unknown, already used or expired' };
    const token = newToken('wsd');
    if (claimed.device_id) {
      // The same kiosk, back after losing its storage: a new token, the same history and receipts.
      // Its device key stays: transfer files it wrote before the wipe still import.
      // A device revoked after its code was made stays revoked: the code enrolls nothing.
      const kept = await trx
        .updateTable('devices')
        .set((eb) => ({
          token_hash: hashSecret(token),
          last_seen_at: at,
          local_receipts: 0,
          local_confirmed: 0,
          reenroll_at: null,
          device_key: eb.fn.coalesce('device_key', eb.val(newToken('wsk'))),
        }))
        .where('id', '=', claimed.device_id)
        .where('revoked_at', 'is', null)
        .returning('device_key')
        .executeTakeFirst();
      if (!kept) return { ok: false, reason: 'This enrollment code is unknown, already used or expired' };
      return {
        ok: true,
        deviceId: claimed.device_id,
        stationId: claimed.station_id,
        token,
        deviceKey: kept.device_key!,
      };
    }
    const deviceId = newId();
    const deviceKey = newToken('wsk');
    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        station_id: claimed.station_id,
        name: deviceName,
        token_hash: hashSecret(token),
        created_at: at,
        last_seen_at: at,
        revoked_at: null,
        clock_offset_ms: null,
        receipt_seq: 0,
        app_version: null,
        queue_depth: null,
        oldest_pending_at: null,
        storage_persisted: null,
        storage_used: null,
        storage_quota: null,
        heartbeat_at: null,
        local_receipts: null,
        device_key: deviceKey,
        local_confirmed: null,
        quarantined: null,
        oldest_refused_at: null,
        resync_at: null,
        reenroll_at: null,
      })
      .execute();
    return { ok: true, deviceId, stationId: claimed.station_id, token, deviceKey };
  });
}

export interface AuthedDevice {
  id: string;
  stationId: string;
  revoked: boolean;
}

/** The device a bearer token belongs to, or undefined. */
export async function deviceByToken(db: Kysely<Db>, token: string): Promise<AuthedDevice | undefined> {
  const row = await db
    .selectFrom('devices')
    .select(['id', 'station_id', 'revoked_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  return row && { id: row.id, stationId: row.station_id, revoked: row.revoked_at !== null };
}

/** Notes that a device was heard from, and its measured clock offset when known. */
export async function touchDevice(db: Kysely<Db>, id: string, at: Date): Promise<void> {
  await db.updateTable('devices').set({ last_seen_at: at.toISOString() }).where('id', '=', id).execute();
}

/**
 * Stores what a kiosk reported about itself; answers how many of its changes the
 * server has confirmed, and whether the kiosk must push again all it holds: it
 * holds receipts above the server's count, so the server lost data (a restore).
 */
export async function recordHeartbeat(
  db: Kysely<Db>,
  id: string,
  hb: Heartbeat,
  now = new Date(),
): Promise<{ confirmed: number; resync: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('devices')
      .select(['receipt_seq', 'resync_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const confirmed = Number(row.receipt_seq ?? 0);
    const behind = hb.receiptHighWater > confirmed;
    const caughtUp = !behind && hb.queueDepth === 0;
    await trx
      .updateTable('devices')
      .set({
        last_seen_at: now.toISOString(),
        heartbeat_at: now.toISOString(),
        clock_offset_ms: now.getTime() - Date.parse(hb.sentAt),
        app_version: hb.appVersion,
        queue_depth: hb.queueDepth,
        oldest_pending_at: hb.oldestPendingAt,
        storage_persisted: storedBool(trx, hb.storagePersisted),
        storage_used: hb.storageUsed,
        storage_quota: hb.storageQuota,
        local_receipts: hb.receiptHighWater,
        local_confirmed: hb.confirmedCount ?? null,
        quarantined: hb.quarantined ?? null,
        oldest_refused_at: hb.oldestRefusedAt ?? null,
        // Flagged from the moment the server falls behind until the kiosk pushed everything again.
        resync_at: behind ? (row.resync_at ?? now.toISOString()) : caughtUp ? null : row.resync_at,
      })
      .where('id', '=', id)
      .execute();
    return { confirmed, resync: behind };
  });
}

/** Refuses a device from now on. */
export async function revokeDevice(db: Kysely<Db>, id: string, now = new Date()): Promise<boolean> {
  const res = await db
    .updateTable('devices')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Names a device as the console shows it; false when there is no such device. */
export async function renameDevice(db: Kysely<Db>, id: string, name: string): Promise<boolean> {
  const res = await db.updateTable('devices').set({ name }).where('id', '=', id).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Devices with their station, newest first. */
export async function listDevices(db: Kysely<Db>, now = new Date()) {
  const discarded = await discardCounts(db);
  const rows = await db
    .selectFrom('devices')
    .innerJoin('stations', 'stations.id', 'devices.station_id')
    .selectAll('devices')
    .select('stations.name as station_name')
    .orderBy('devices.created_at', 'desc')
    .execute();
  const num = (v: number | null) => (v === null ? null : Number(v));
  return rows.map((r) => {
    const clockOffsetMs = num(r.clock_offset_ms);
    const confirmed = Number(r.receipt_seq ?? 0);
    const localReceipts = num(r.local_receipts);
    const flags: DeviceFlag[] = [];
    if (r.revoked_at === null) {
      if (!r.last_seen_at || now.getTime() - Date.parse(r.last_seen_at) > STALE_MS) flags.push('not-synced-for-a-day');
      if (clockOffsetMs !== null && Math.abs(clockOffsetMs) > CLOCK_OFF_MS) flags.push('clock-off');
      if (readBool(r.storage_persisted) === false) flags.push('storage-not-persistent');
      // Lost storage: what the kiosk holds as confirmed, plus what it still queues or was refused,
      // is less than the server confirmed (a highest-receipt check misses a kiosk wiped then used).
      const localConfirmed = num(r.local_confirmed);
      const held =
        localConfirmed === null
          ? localReceipts
          : localConfirmed + (num(r.queue_depth) ?? 0) + (num(r.quarantined) ?? 0);
      if (held !== null && held < confirmed && r.resync_at === null) flags.push('storage-lost');
      if (r.resync_at !== null) flags.push('resyncing');
      if (r.reenroll_at !== null) flags.push('reenrolling');
      if ((num(r.quarantined) ?? 0) > 0) flags.push('refused-records');
    }
    return {
      id: r.id,
      name: r.name,
      stationId: r.station_id,
      stationName: r.station_name,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      revokedAt: r.revoked_at,
      clockOffsetMs,
      confirmed,
      localReceipts,
      appVersion: r.app_version,
      queueDepth: num(r.queue_depth),
      oldestPendingAt: r.oldest_pending_at,
      quarantined: num(r.quarantined),
      oldestRefusedAt: r.oldest_refused_at,
      /** When the kiosk last reported its state (its last sync pass). */
      heartbeatAt: r.heartbeat_at,
      resyncAt: r.resync_at,
      reenrollAt: r.reenroll_at,
      /** Refused records the station's host discarded (kept on the server for the admin). */
      discarded: discarded.get(r.id) ?? 0,
      storagePersisted: readBool(r.storage_persisted),
      storageUsed: num(r.storage_used),
      storageQuota: num(r.storage_quota),
      flags,
    };
  });
}

export type { DeviceFlag };

const STALE_MS = 24 * 3600_000;
/** A kiosk clock more than five minutes off makes its visit times misleading in reports. */
export const CLOCK_OFF_MS = 5 * 60_000;

/** The station a device belongs to, or undefined for an unknown device. */
export async function stationOfDevice(db: Kysely<Db>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('devices').select('station_id').where('id', '=', id).executeTakeFirst();
  return row?.station_id;
}

/**
 * Issues the device's next host-PIN reset code (its number is counted on the device
 * row, so two admins at once get two different codes); null for an unknown device,
 * one revoked, or one enrolled before device keys existed.
 */
export async function issuePinReset(
  db: Kysely<Db>,
  deviceId: string,
): Promise<{ n: number; deviceKey: string } | null> {
  const row = await db
    .updateTable('devices')
    .set((eb) => ({ pin_resets: eb('pin_resets', '+', 1) }))
    .where('id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .where('device_key', 'is not', null)
    .returning(['pin_resets', 'device_key'])
    .executeTakeFirst();
  return row?.device_key ? { n: Number(row.pin_resets), deviceKey: row.device_key } : null;
}
