/** Makes room when IndexedDB's quota runs out, so a full disk never blocks a tap-in or the queue. */
import type { KioskDb } from './kiosk-db';
import { pruneSyncedVisits } from './prune-visits';

/** True for the browser's "storage is full" error, however Dexie wraps it. */
export function isQuotaError(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { inner?: unknown }).inner) {
    if ((e as { name?: string }).name === 'QuotaExceededError') return true;
  }
  return false;
}

/**
 * Runs a write; when storage is full, prunes synced history older than a day
 * (what is queued or refused is never pruned), notes it for the host, and
 * tries once more. A second failure is thrown to the caller.
 */
export async function withRoomToWrite<T>(
  db: KioskDb,
  write: () => Promise<T>,
  now: () => Date = () => new Date(),
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isQuotaError(err)) throw err;
    const at = now();
    const pruned = await pruneSyncedVisits(db, 1, at);
    await db.meta.put({ key: 'quotaPrune', value: { at: at.toISOString(), pruned } });
    return write();
  }
}
