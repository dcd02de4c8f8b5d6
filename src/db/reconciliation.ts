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
  // The line counts visits: members, sign-ups and attendance in the queue are not tap-ins.
  const isVisit = (e: { kind: string }) => e.kind === 'visit';
  const [logged, pending, refused, oldest] = await Promise.all([
    db.visits.count(),
    db.outbox.filter(isVisit).count(),
    db.refused.filter(isVisit).count(),
    db.outbox.orderBy('seq').first(),
  ]);
  return {
    logged,
    confirmed: Math.max(0, logged - pending - refused),
    pending,
    oldestPendingAt: oldest?.queuedAt ?? null,
  };
}
