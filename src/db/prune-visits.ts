import type { KioskDb } from './kiosk-db';

/** How long synced visits stay readable on the kiosk unless the station says otherwise. */
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * Deletes synced visits created before the retention window. Visits still
 * queued or refused are never pruned, however old. Answers how many went.
 */
export async function pruneSyncedVisits(db: KioskDb, retentionDays: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return db.transaction('rw', [db.visits, db.outbox, db.refused, db.phoneBoxes], async () => {
    const old = await db.visits.where('createdAt').below(cutoff).primaryKeys();
    if (old.length === 0) return 0;
    const keep = new Set([
      ...(await db.outbox.where('recordId').anyOf(old).toArray()).map((e) => e.recordId),
      ...(await db.refused.bulkGet(old)).flatMap((q) => (q ? [q.recordId] : [])),
    ]);
    const gone = old.filter((id) => !keep.has(id));
    await db.visits.bulkDelete(gone);
    await db.phoneBoxes.bulkDelete(gone);
    return gone.length;
  });
}
