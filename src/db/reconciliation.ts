import type { KioskDb } from './kiosk-db';

/** The host's reconciliation line: what this kiosk logged, what the server confirmed, what waits. */
export interface Reconciliation {
  logged: number;
  confirmed: number;
  pending: number;
  oldestPendingAt: string | null;
}

/** Counts from the kiosk's own database, so they read offline. */
export async function reconcile(db: KioskDb): Promise<Reconciliation> {
  const [logged, confirmed, pending, oldest] = await Promise.all([
    db.visits.count(),
    db.visits.where('syncState').equals('synced').count(),
    db.outbox.count(),
    db.outbox.orderBy('seq').first(),
  ]);
  return { logged, confirmed, pending, oldestPendingAt: oldest?.queuedAt ?? null };
}
