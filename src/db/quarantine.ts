import { maskPhone } from '../domain/phone';
import type { KioskDb } from './kiosk-db';

/** Puts a refused change back in the outbox, for when the host believes the cause is fixed. */
export async function retryQuarantined(db: KioskDb, changeId: string, at: Date = new Date()): Promise<void> {
  await db.transaction('rw', db.outbox, db.refused, async () => {
    const entry = await db.refused.get(changeId);
    if (!entry) return;
    await db.refused.delete(changeId);
    await db.outbox.add({
      changeId: entry.changeId,
      kind: entry.kind,
      op: entry.op,
      recordId: entry.recordId,
      record: entry.record,
      ...(entry.baseVersion === undefined ? {} : { baseVersion: entry.baseVersion }),
      queuedAt: at.toISOString(),
    });
  });
}

/** Drops a refused change for good, by the host's explicit choice; the visit stays on record as refused. */
export async function discardQuarantined(db: KioskDb, changeId: string, at: Date = new Date()): Promise<void> {
  await db.refused.update(changeId, { discardedAt: at.toISOString() });
}

/** Refused changes the host has not yet retried or discarded. */
export async function openQuarantine(db: KioskDb) {
  return (await db.refused.toArray()).filter((q) => !q.discardedAt);
}

/** Discarded changes the server has not been told of yet. */
export async function unreportedDiscards(db: KioskDb) {
  return (await db.refused.toArray()).filter((q) => q.discardedAt && !q.reportedAt);
}

/** Notes that the server now knows of these discards. */
export async function markDiscardsReported(db: KioskDb, changeIds: string[], at: Date = new Date()): Promise<void> {
  await db.transaction('rw', db.refused, async () => {
    for (const id of changeIds) {
      const entry = await db.refused.get(id);
      if (!entry) continue;
      // The server keeps the discarded record now: the kiosk keeps its phone (if any) masked only.
      const phone = (entry.record as { phone?: unknown }).phone;
      const record = typeof phone === 'string' ? { ...entry.record, phone: maskPhone(phone) } : entry.record;
      await db.refused.update(id, { reportedAt: at.toISOString(), record });
    }
  });
}
