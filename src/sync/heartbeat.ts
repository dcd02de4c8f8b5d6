/** What the kiosk tells the server about itself on every sync pass. */
import type { KioskDb } from '../db/kiosk-db';
import type { Heartbeat } from '../protocol/schemas';
import { openQuarantine } from '../db/quarantine';
import { confirmedCount } from '../db/settle-push';

/** Queue depth, oldest pending, storage state and receipts, as of now. */
export async function collectHeartbeat(
  db: KioskDb,
  appVersion: string,
  clockOffsetMs: number | null,
  now: Date,
): Promise<Heartbeat> {
  const [queueDepth, oldest, highWater, confirmed, refused, epoch] = await Promise.all([
    db.outbox.count(),
    db.outbox.orderBy('seq').first(),
    db.meta.get('receiptHighWater'),
    confirmedCount(db),
    openQuarantine(db),
    db.meta.get('epoch'),
  ]);
  const oldestRefused = refused.map((q) => q.rejectedAt).sort()[0] ?? null;
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
    confirmedCount: confirmed,
    quarantined: refused.length,
    oldestRefusedAt: oldestRefused,
    epoch: epoch?.key === 'epoch' ? epoch.value : null,
  };
}
