/** The admin's import of a kiosk's offline transfer file: verified whole before anything is written, then pushed like a sync. */
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MAX_BATCH_CHANGES } from '../../src/protocol/limits';
import { parseWire, type PushRequest } from '../../src/protocol/schemas';
import {
  transferMac,
  TransferContentsSchema,
  TransferFileSchema,
  type TransferContents,
  type TransferFile,
} from '../../src/protocol/transfer';
import { uuid7 } from '../../src/protocol/uuid7';
import type { Db } from '../store/schema';
import { handlePush, type OpenSealed } from './push';

export type ImportOutcome =
  | {
      ok: true;
      total: number;
      accepted: number;
      duplicates: number;
      conflicts: number;
      rejected: { id: string; reason: string }[];
    }
  | {
      ok: false;
      code: 'not_a_file' | 'unknown_device' | 'bad_signature' | 'device_revoked' | 'sealed_unreadable';
      reason: string;
    };

/**
 * Checks the file's form and signature, then stores its changes for the device
 * that made it. A revoked device's file is refused unless the admin confirms.
 * The device's "last seen" is left alone: an import is not the kiosk talking.
 */
export async function importTransfer(
  db: Kysely<Db>,
  text: string,
  { confirmRevoked = false, openSealed }: { confirmRevoked?: boolean; openSealed?: OpenSealed } = {},
): Promise<ImportOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      code: 'not_a_file',
      reason: 'This is not a complete transfer file (it may be truncated or damaged)',
    };
  }
  const parsed = parseWire(TransferFileSchema, json);
  if (!parsed.ok)
    return { ok: false, code: 'not_a_file', reason: `This is not a Waystation transfer file: ${parsed.message}` };
  const file = parsed.value;
  const device = await db
    .selectFrom('devices')
    .select(['id', 'station_id', 'token_hash', 'device_key', 'revoked_at'])
    .where('id', '=', file.deviceId)
    .executeTakeFirst();
  if (!device || device.station_id !== file.stationId)
    return { ok: false, code: 'unknown_device', reason: 'The file names a device this server does not know' };
  const key = file.version === 1 ? device.token_hash : device.device_key;
  // Sign the fields as the file holds them (not as parsed), so key order is the kiosk's own.
  const expected = key ? Buffer.from(await transferMac(key, json as TransferFile), 'hex') : Buffer.alloc(32);
  if (!key || !timingSafeEqual(expected, Buffer.from(file.mac, 'hex'))) {
    return {
      ok: false,
      code: 'bad_signature',
      reason: 'The file’s signature does not match: it was changed after the kiosk wrote it',
    };
  }
  if (device.revoked_at !== null && !confirmRevoked) {
    return {
      ok: false,
      code: 'device_revoked',
      reason: 'The kiosk that wrote this file was revoked; confirm to import its records anyway',
    };
  }
  let contents: TransferContents;
  if (file.version === 3) {
    const opened = await openContents(file.sealed, openSealed);
    if (!opened) {
      return {
        ok: false,
        code: 'sealed_unreadable',
        reason:
          'The file was sealed to another server’s key (or this server’s secret changed): it cannot be opened here',
      };
    }
    contents = opened;
  } else contents = { changes: file.changes, refused: file.refused ?? [] };
  const outcome = {
    ok: true as const,
    total: contents.changes.length + contents.refused.length,
    accepted: 0,
    duplicates: 0,
    conflicts: 0,
    rejected: [] as { id: string; reason: string }[],
  };
  const authed = { id: device.id, stationId: device.station_id, revoked: false };
  const all = [...contents.changes, ...contents.refused];
  for (let i = 0; i < all.length; i += MAX_BATCH_CHANGES) {
    const batch: PushRequest = { batchId: uuid7(), changes: all.slice(i, i + MAX_BATCH_CHANGES) };
    const { results } = await handlePush(db, authed, batch, {
      touchDevice: false,
      ...(openSealed ? { openSealed } : {}),
    });
    for (const r of results) {
      if (r.status === 'accepted') outcome.accepted++;
      else if (r.status === 'duplicate') outcome.duplicates++;
      else if (r.status === 'conflict') outcome.conflicts++;
      else outcome.rejected.push({ id: r.id, reason: r.reason ?? 'rejected' });
    }
  }
  return outcome;
}

/** A version-3 file's changes, opened and checked; null when this server cannot open them. */
async function openContents(sealed: string, open: OpenSealed | undefined): Promise<TransferContents | null> {
  if (!open) return null;
  try {
    const parsed = parseWire(TransferContentsSchema, JSON.parse(await open(sealed)));
    return parsed.ok ? parsed.value : null;
  } catch {
    return null;
  }
}

/** The station a transfer file names, read before anything is checked (for a manager's scope); undefined when unreadable. */
export function transferStation(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { stationId?: unknown };
    return typeof json.stationId === 'string' ? json.stationId : undefined;
  } catch {
    return undefined;
  }
}
