/** Builds the host's offline transfer file from the outbox (every unsynced change, nothing removed from the queue). */
import type { KioskDb } from '../db/kiosk-db';
import { sha256Hex, transferMac, TRANSFER_FORMAT, type TransferFile } from '../protocol/transfer';
import type { Enrollment } from '../settings/device-settings';

/** The signed file for this kiosk's queued changes. They stay queued: a later sync answers them as duplicates. */
export async function buildTransferFile(
  db: KioskDb,
  enrollment: Enrollment,
  now: Date = new Date(),
): Promise<TransferFile> {
  const entries = await db.outbox.orderBy('seq').toArray();
  const body = {
    format: TRANSFER_FORMAT,
    version: 1 as const,
    deviceId: enrollment.deviceId,
    stationId: enrollment.stationId,
    exportedAt: now.toISOString(),
    changes: entries.map(({ kind, op, record }) => ({ kind, op, record })),
  };
  return { ...body, mac: await transferMac(await sha256Hex(enrollment.token), body) };
}

/** A file name that sorts by date and says where it came from. */
export function transferFileName(file: TransferFile): string {
  return `waystation-${file.stationId}-${file.exportedAt.slice(0, 19).replace(/[:T]/g, '')}.json`;
}
