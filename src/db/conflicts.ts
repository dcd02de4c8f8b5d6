/** Changes of this kiosk that lost to the server's order, as the host reads them. */
import type { ConflictNotice, KioskDb } from './kiosk-db';

/** Notices the host has not acknowledged yet, oldest first. */
export async function unseenConflicts(db: KioskDb): Promise<ConflictNotice[]> {
  return (await db.conflicts.toArray()).filter((c) => !c.seenAt).sort((a, b) => a.at.localeCompare(b.at));
}

/** The host has read them; they stay on record. */
export async function markConflictsSeen(db: KioskDb, at: Date = new Date()): Promise<void> {
  await db.transaction('rw', db.conflicts, async () => {
    for (const c of await unseenConflicts(db)) await db.conflicts.update(c.changeId, { seenAt: at.toISOString() });
  });
}
