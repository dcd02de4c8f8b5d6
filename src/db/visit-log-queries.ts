/**
 * The host log's reads, shaped for months of visits: the first page and the
 * per-service totals come from index ranges and index counts, never a scan of
 * the whole range (except when filtering by the end of a phone number).
 */
import { dayBounds } from '../domain/day';
import { filterVisits, totalsByService, type LogFilter } from '../domain/visit-log';
import type { ServiceId } from '../protocol/services';
import type { KioskDb, StoredVisit } from './kiosk-db';
import { withStates } from './visit-state';

function createdRange(db: KioskDb, filter: LogFilter) {
  const from = new Date(dayBounds(filter.from).start).toISOString();
  const to = new Date(dayBounds(filter.to).end).toISOString();
  return db.visits.where('createdAt').between(from, to, true, false);
}

function serviceRange(db: KioskDb, service: ServiceId, filter: LogFilter) {
  return db.visits.where('svcDays').between(`${service}|${filter.from}`, `${service}|${filter.to}`, true, true);
}

async function newestFirst(db: KioskDb, filter: LogFilter, limit: number): Promise<StoredVisit[]> {
  if (filter.phoneEnd) {
    return filterVisits((await createdRange(db, filter).toArray()).reverse(), filter).slice(0, limit);
  }
  if (filter.service) return serviceRange(db, filter.service, filter).reverse().limit(limit).toArray();
  return createdRange(db, filter).reverse().limit(limit).toArray();
}

/** Up to `limit` visits matching the filter, newest first, each with its sync state. */
export async function logPage(db: KioskDb, filter: LogFilter, limit: number) {
  return withStates(db, await newestFirst(db, filter, limit));
}

/** Visits in the range (the service filter aside) and how many used each service. */
export interface LogTotals {
  visits: number;
  byService: Map<ServiceId, number>;
  /** Visits matching every filter, service included. */
  matching: number;
}

/** Totals for the filter's range, counted on indexes. */
export async function logTotals(db: KioskDb, filter: LogFilter, services: ServiceId[]): Promise<LogTotals> {
  if (filter.phoneEnd) {
    const visits = filterVisits(await createdRange(db, filter).toArray(), { ...filter, service: null });
    const byService = totalsByService(visits);
    const matching = filter.service ? (byService.get(filter.service) ?? 0) : visits.length;
    return { visits: visits.length, byService, matching };
  }
  const [visits, ...counts] = await Promise.all([
    createdRange(db, filter).count(),
    ...services.map((s) => serviceRange(db, s, filter).count()),
  ]);
  const byService = new Map(services.map((s, i) => [s, counts[i] ?? 0]));
  const matching = filter.service ? (byService.get(filter.service) ?? 0) : visits;
  return { visits, byService, matching };
}
