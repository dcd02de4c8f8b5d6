import type { KioskDb } from './kiosk-db';

/** How long synced visits stay readable on the kiosk unless the station says otherwise. */
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * Deletes synced visits created before the retention window. Pending and
 * refused visits are never pruned, however old. Answers how many went.
 */
export async function pruneSyncedVisits(db: KioskDb, retentionDays: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return db.visits.where('[syncState+createdAt]').between(['synced', ''], ['synced', cutoff], true, false).delete();
}
