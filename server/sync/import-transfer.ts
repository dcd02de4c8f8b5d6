/** The admin's import of a kiosk's offline transfer file: verified whole before anything is written, then pushed like a sync. */
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MAX_BATCH_CHANGES } from '../../src/protocol/limits';
import { parseWire, type PushRequest } from '../../src/protocol/schemas';
import { transferMac, TransferFileSchema, type TransferFile } from '../../src/protocol/transfer';
import { uuid7 } from '../../src/protocol/uuid7';
import type { Db } from '../store/schema';
import { handlePush } from './push';

export type ImportOutcome =
  | { ok: true; total: number; accepted: number; duplicates: number; rejected: { id: string; reason: string }[] }
  | { ok: false; reason: string };

/** Checks the file's form and signature, then stores its changes for the device that made it. */
export async function importTransfer(db: Kysely<Db>, text: string): Promise<ImportOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'This is not a complete transfer file (it may be truncated or damaged)' };
  }
  const parsed = parseWire(TransferFileSchema, json);
  if (!parsed.ok) return { ok: false, reason: `This is not a Waystation transfer file: ${parsed.message}` };
  const file = parsed.value;
  const device = await db
    .selectFrom('devices')
    .select(['id', 'station_id', 'token_hash'])
    .where('id', '=', file.deviceId)
    .executeTakeFirst();
  if (!device || device.station_id !== file.stationId)
    return { ok: false, reason: 'The file names a device this server does not know' };
  // Sign the fields as the file holds them (not as parsed), so key order is the kiosk's own.
  const expected = Buffer.from(await transferMac(device.token_hash, json as TransferFile), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(file.mac, 'hex'))) {
    return { ok: false, reason: 'The file’s signature does not match: it was changed after the kiosk wrote it' };
  }
  const outcome = {
    ok: true as const,
    total: file.changes.length,
    accepted: 0,
    duplicates: 0,
    rejected: [] as { id: string; reason: string }[],
  };
  const authed = { id: device.id, stationId: device.station_id, revoked: false };
  for (let i = 0; i < file.changes.length; i += MAX_BATCH_CHANGES) {
    const batch: PushRequest = { batchId: uuid7(), changes: file.changes.slice(i, i + MAX_BATCH_CHANGES) };
    const { results } = await handlePush(db, authed, batch);
    for (const r of results) {
      if (r.status === 'accepted') outcome.accepted++;
      else if (r.status === 'duplicate') outcome.duplicates++;
      else outcome.rejected.push({ id: r.id, reason: r.reason ?? 'rejected' });
    }
  }
  return outcome;
}
