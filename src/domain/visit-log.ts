import type { ServiceId } from '../protocol/services';

/** What the host's log filters on, whatever stores the visit. */
export interface LoggedVisit {
  services: ServiceId[];
  phone: string | null;
}

/** What the host filters the log by. Days are inclusive local `YYYY-MM-DD`. */
export interface LogFilter {
  from: string;
  to: string;
  service: ServiceId | null;
  /** The last digits of a phone number, or empty for all. */
  phoneEnd: string;
}

/** Visits matching the service and phone filters (the date range is applied by the query). */
export function filterVisits<V extends LoggedVisit>(visits: V[], filter: LogFilter): V[] {
  return visits.filter(
    (v) =>
      (filter.service === null || v.services.includes(filter.service)) &&
      (filter.phoneEnd === '' || (v.phone?.endsWith(filter.phoneEnd) ?? false)),
  );
}

/** Count of visits that used each service; a visit with several services counts once for each. */
export function totalsByService(visits: LoggedVisit[]): Map<ServiceId, number> {
  const totals = new Map<ServiceId, number>();
  for (const v of visits) for (const s of v.services) totals.set(s, (totals.get(s) ?? 0) + 1);
  return totals;
}
