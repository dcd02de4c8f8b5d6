/** Builds the host's offline transfer file from the outbox (every unsynced change, nothing removed from the queue). */
import type { KioskDb, OutboxEntry, QuarantineEntry } from '../db/kiosk-db';
import { createSealer } from '../protocol/sealed-box';
import {
  sha256Hex,
  transferMac,
  TRANSFER_FORMAT,
  type TransferContents,
  type TransferFile,
} from '../protocol/transfer';
import type { Enrollment } from '../settings/device-settings';

/** The signed file for this kiosk's queued changes. They stay queued: a later sync answers them as duplicates. */
export async function buildTransferFile(
  db: KioskDb,
  enrollment: Enrollment,
  now: Date = new Date(),
): Promise<TransferFile> {
  const entries = await db.outbox.orderBy('seq').toArray();
  const refused = (await db.refused.toArray()).filter((q) => !q.discardedAt);
  const wire = (entry: OutboxEntry | QuarantineEntry) => ({
    changeId: entry.changeId,
    kind: entry.kind,
    op: entry.op,
    record: entry.record,
    ...(entry.baseVersion === undefined ? {} : { baseVersion: entry.baseVersion }),
    ...('sealedPhone' in entry && entry.sealedPhone !== undefined ? { sealedPhone: entry.sealedPhone } : {}),
  });
  const header = {
    format: TRANSFER_FORMAT,
    deviceId: enrollment.deviceId,
    stationId: enrollment.stationId,
    exportedAt: now.toISOString(),
  };
  if (!enrollment.deviceKey) {
    // Enrolled by a server that gave no device key: sign with the token, as version 1 did.
    const body = { ...header, version: 1 as const, changes: entries.map(wire) };
    return { ...body, mac: await transferMac(await sha256Hex(enrollment.token), body) };
  }
  const contents: TransferContents = { changes: entries.map(wire), refused: refused.map(wire) };
  const key = await db.meta.get('sealKey');
  if (key?.key !== 'sealKey') {
    // A server that handed out no key yet: signed, not sealed (version 2).
    const body = { ...header, version: 2 as const, ...contents };
    return { ...body, mac: await transferMac(enrollment.deviceKey, body) };
  }
  const sealed = await (await createSealer(key.value)).seal(JSON.stringify(contents));
  const body = { ...header, version: 3 as const, sealed };
  return { ...body, mac: await transferMac(enrollment.deviceKey, body) };
}

/** A file name that sorts by date and says where it came from. */
export function transferFileName(file: TransferFile): string {
  return `waystation-${file.stationId}-${file.exportedAt.slice(0, 19).replace(/[:T]/g, '')}.json`;
}
