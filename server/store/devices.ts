/** Enrollment codes and enrolled devices (kiosks). */
import type { Kysely } from 'kysely';
import { hashSecret, newEnrollCode, newId, newToken } from '../auth/secrets';
import type { Db } from './schema';

/** Makes a single-use enrollment code for a station, valid for `ttlMs`. */
export async function createEnrollCode(
  db: Kysely<Db>,
  stationId: string,
  ttlMs = 24 * 3600_000,
  now = new Date(),
): Promise<{ code: string; expiresAt: string }> {
  const code = newEnrollCode();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db
    .insertInto('enroll_codes')
    .values({
      code_hash: hashSecret(code),
      station_id: stationId,
      expires_at: expiresAt,
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return { code, expiresAt };
}

export type EnrollOutcome =
  { ok: true; deviceId: string; stationId: string; token: string } | { ok: false; reason: string };

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
      .where('code_hash', '=', hashSecret(code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('station_id')
      .executeTakeFirst();
    if (!claimed) return { ok: false, reason: 'This enrollment code is unknown, already used or expired' };
    const token = newToken('wsd');
    const deviceId = newId();
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
      })
      .execute();
    return { ok: true, deviceId, stationId: claimed.station_id, token };
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
export async function touchDevice(db: Kysely<Db>, id: string, at: Date, clockOffsetMs?: number): Promise<void> {
  await db
    .updateTable('devices')
    .set({ last_seen_at: at.toISOString(), ...(clockOffsetMs === undefined ? {} : { clock_offset_ms: clockOffsetMs }) })
    .where('id', '=', id)
    .execute();
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

/** Devices with their station, newest first. */
export async function listDevices(db: Kysely<Db>) {
  const rows = await db
    .selectFrom('devices')
    .innerJoin('stations', 'stations.id', 'devices.station_id')
    .select([
      'devices.id',
      'devices.name',
      'devices.station_id',
      'stations.name as station_name',
      'devices.created_at',
      'devices.last_seen_at',
      'devices.revoked_at',
      'devices.clock_offset_ms',
    ])
    .orderBy('devices.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    stationId: r.station_id,
    stationName: r.station_name,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
    clockOffsetMs: r.clock_offset_ms === null ? null : Number(r.clock_offset_ms),
  }));
}
