import type { KioskDb, StoredVisit, SyncState } from './kiosk-db';

/** Each visit's sync state: pending while queued, rejected once the server refused it, synced otherwise. */
export async function visitStates(db: KioskDb, ids: string[]): Promise<Map<string, SyncState>> {
  const [queued, refused] = await Promise.all([
    db.outbox.where('recordId').anyOf(ids).toArray(),
    db.refused.bulkGet(ids),
  ]);
  const states = new Map<string, SyncState>(ids.map((id) => [id, 'synced']));
  for (const q of refused) if (q) states.set(q.recordId, 'rejected');
  for (const e of queued) states.set(e.recordId, 'pending');
  return states;
}

/** Visits with their sync state attached, for the host's log. */
export async function withStates(
  db: KioskDb,
  visits: StoredVisit[],
): Promise<(StoredVisit & { syncState: SyncState })[]> {
  const states = await visitStates(
    db,
    visits.map((v) => v.id),
  );
  return visits.map((v) => ({ ...v, syncState: states.get(v.id) ?? 'synced' }));
}
