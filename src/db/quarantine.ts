import type { KioskDb } from './kiosk-db';

/** Puts a refused change back in the outbox, for when the host believes the cause is fixed. */
export async function retryQuarantined(db: KioskDb, recordId: string, at: Date = new Date()): Promise<void> {
  await db.transaction('rw', db.outbox, db.quarantine, async () => {
    const entry = await db.quarantine.get(recordId);
    if (!entry) return;
    await db.quarantine.delete(recordId);
    await db.outbox.add({ kind: entry.kind, op: entry.op, recordId, record: entry.record, queuedAt: at.toISOString() });
  });
}

/** Drops a refused change for good, by the host's explicit choice; the visit stays on record as refused. */
export async function discardQuarantined(db: KioskDb, recordId: string, at: Date = new Date()): Promise<void> {
  await db.quarantine.update(recordId, { discardedAt: at.toISOString() });
}

/** Refused changes the host has not yet retried or discarded. */
export async function openQuarantine(db: KioskDb) {
  return (await db.quarantine.toArray()).filter((q) => !q.discardedAt);
}
