/** What the kiosk tells the server about itself on every sync pass. */
import type { KioskDb } from '../db/kiosk-db';
import type { Heartbeat } from '../protocol/schemas';

/** Queue depth, oldest pending, storage state and receipts, as of now. */
export async function collectHeartbeat(
  db: KioskDb,
  appVersion: string,
  clockOffsetMs: number | null,
  now: Date,
): Promise<Heartbeat> {
  const [queueDepth, oldest, highWater] = await Promise.all([
    db.outbox.count(),
    db.outbox.orderBy('seq').first(),
    db.meta.get('receiptHighWater'),
  ]);
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  const estimate = await storage?.estimate?.().catch(() => undefined);
  const persisted = await storage?.persisted?.().catch(() => null);
  return {
    sentAt: now.toISOString(),
    appVersion,
    queueDepth,
    oldestPendingAt: oldest?.queuedAt ?? null,
    storagePersisted: persisted ?? null,
    storageUsed: estimate?.usage ?? null,
    storageQuota: estimate?.quota ?? null,
    clockOffsetMs,
    receiptHighWater: highWater?.key === 'receiptHighWater' ? highWater.value : 0,
  };
}
