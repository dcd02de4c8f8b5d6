/** Builds the host's offline transfer file from the outbox (every unsynced change, nothing removed from the queue). */
import type { KioskDb, OutboxEntry, QuarantineEntry } from '../db/kiosk-db';
import { sha256Hex, transferMac, TRANSFER_FORMAT, type TransferFile } from '../protocol/transfer';
import type { Enrollment } from '../settings/device-settings';

/** The signed file for this kiosk's queued changes. They stay queued: a later sync answers them as duplicates. */
export async function buildTransferFile(
  db: KioskDb,
  enrollment: Enrollment,
  now: Date = new Date(),
): Promise<TransferFile> {
  const entries = await db.outbox.orderBy('seq').toArray();
  const refused = (await db.refused.toArray()).filter((q) => !q.discardedAt);
  const wire = ({ changeId, kind, op, record, baseVersion }: OutboxEntry | QuarantineEntry) => ({
    changeId,
    kind,
    op,
    record,
    ...(baseVersion === undefined ? {} : { baseVersion }),
  });
  const common = {
    format: TRANSFER_FORMAT,
    deviceId: enrollment.deviceId,
    stationId: enrollment.stationId,
    exportedAt: now.toISOString(),
    changes: entries.map(wire),
  };
  if (!enrollment.deviceKey) {
    // Enrolled by a server that gave no device key: sign with the token, as version 1 did.
    const body = { ...common, version: 1 as const };
    return { ...body, mac: await transferMac(await sha256Hex(enrollment.token), body) };
  }
  const body = { ...common, version: 2 as const, refused: refused.map(wire) };
  return { ...body, mac: await transferMac(enrollment.deviceKey, body) };
}

/** A file name that sorts by date and says where it came from. */
export function transferFileName(file: TransferFile): string {
  return `waystation-${file.stationId}-${file.exportedAt.slice(0, 19).replace(/[:T]/g, '')}.json`;
}
