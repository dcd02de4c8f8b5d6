import type { KioskDb } from './kiosk-db';

/**
 * The host's reconciliation line: what this kiosk logged, and where each of those visits stands.
 * The parts add up: logged = confirmed + pending + refused + discarded.
 */
export interface Reconciliation {
  logged: number;
  confirmed: number;
  pending: number;
  /** Refused by the server and waiting for the host to retry or discard. */
  refused: number;
  /** Refused, then dropped by the host: never uploaded, still on record here. */
  discarded: number;
  oldestPendingAt: string | null;
}

/** Counts from the kiosk's own database, so they read offline. */
export async function reconcile(db: KioskDb): Promise<Reconciliation> {
  // The line counts visits: members, sign-ups and attendance in the queue are not tap-ins.
  const isVisit = (e: { kind: string }) => e.kind === 'visit';
  const [logged, pending, refusedAll, oldest] = await Promise.all([
    db.visits.count(),
    db.outbox.filter(isVisit).count(),
    db.refused.filter(isVisit).toArray(),
    db.outbox.orderBy('seq').first(),
  ]);
  const discarded = refusedAll.filter((q) => q.discardedAt).length;
  const refused = refusedAll.length - discarded;
  return {
    logged,
    confirmed: Math.max(0, logged - pending - refused - discarded),
    pending,
    refused,
    discarded,
    oldestPendingAt: oldest?.queuedAt ?? null,
  };
}
