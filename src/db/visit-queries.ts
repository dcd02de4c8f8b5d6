import { dayBounds } from '../domain/day';
import type { KioskDb, StoredVisit } from './kiosk-db';

/** Visits created between two local days (inclusive), newest first. */
export async function visitsBetween(db: KioskDb, fromDay: string, toDay: string): Promise<StoredVisit[]> {
  const from = new Date(dayBounds(fromDay).start).toISOString();
  const to = new Date(dayBounds(toDay).end).toISOString();
  const rows = await db.visits.where('createdAt').between(from, to, true, false).toArray();
  return rows.reverse();
}

/** Counts the host's reconciliation line shows. */
export interface SyncCounts {
  queued: number;
  rejected: number;
}

/** How many changes wait in the outbox and in quarantine. */
export async function syncCounts(db: KioskDb): Promise<SyncCounts> {
  const [queued, rejected] = await Promise.all([db.outbox.count(), db.quarantine.count()]);
  return { queued, rejected };
}
