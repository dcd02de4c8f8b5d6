/**
 * The console's dashboard (概览): `GET /api/v1/admin/overview?from=&to=&station=`.
 * The server parses the query with OverviewQuerySchema and answers an
 * OverviewResponse, which the console parses before showing it.
 *
 * Days are the district's local calendar days (the server's `TZ_DISPLAY`),
 * `from` and `to` both included; without them the last 90 days up to today.
 * Errors (400): `bad_query` (not a day), `range_backwards` (`to` before `from`),
 * `range_too_long` (more than MAX_OVERVIEW_DAYS), `station_not_found`.
 *
 * The headline figures are the district's state now (the station's, with `station`);
 * the visit figures and charts cover the chosen days and come from the rollups.
 */
import * as v from 'valibot';
import { SERVICE_IDS } from './services';
import { STATION_HOST_TYPES } from './schemas';

/** The longest range the dashboard reads: two years. */
export const MAX_OVERVIEW_DAYS = 731;
/** The range shown when none is asked for. */
export const DEFAULT_OVERVIEW_DAYS = 90;

/** The dashboard's own error codes (beside `bad_query`). */
export const OVERVIEW_ERROR_CODES = ['range_backwards', 'range_too_long', 'station_not_found'] as const;
export type OverviewErrorCode = (typeof OVERVIEW_ERROR_CODES)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is refused, as are years outside 2000–2099). */
export const DaySchema = v.pipe(
  v.string(),
  v.check((s) => {
    const m = DAY.exec(s);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return y >= 2000 && y <= 2099 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  }, 'must be a calendar day written YYYY-MM-DD'),
);

export const OverviewQuerySchema = v.strictObject({
  from: v.optional(DaySchema),
  to: v.optional(DaySchema),
  station: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
});
export type OverviewQuery = v.InferOutput<typeof OverviewQuerySchema>;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Day = v.pipe(v.string(), v.regex(DAY));

export const OverviewResponseSchema = v.object({
  from: Day,
  to: Day,
  /** The zone the days are counted in. */
  timeZone: v.string(),
  stationId: v.nullable(v.string()),
  stations: v.object({
    /** Stations in service (archived ones not counted). */
    total: Count,
    hub: Count,
    branch: Count,
    archived: Count,
    /** Per host type; `unset` for stations whose host type was never given. */
    byHostType: v.record(v.picklist([...STATION_HOST_TYPES, 'unset']), Count),
  }),
  devices: v.object({
    /** Kiosks not revoked. */
    total: Count,
    /** Heard from in the last ONLINE_MINUTES minutes. */
    online: Count,
    /** Not heard from for a day (the device page's flag). */
    silent: Count,
    /** With another flag of the device page (clock off, storage, refused records, …). */
    flagged: Count,
  }),
  people: v.object({
    /** Registered workers (merged duplicates counted once). */
    workers: Count,
    partyMembers: Count,
    mobilePartyMembers: Count,
  }),
  trainings: v.object({
    /** Trainings that have ended and were not cancelled. */
    held: Count,
    /** People present at them (members and walk-ins). */
    attendance: Count,
  }),
  wishes: v.object({ posted: Count, fulfilled: Count }),
  suggestions: v.object({ collected: Count, resolved: Count }),
  visits: v.object({
    /** Visits on the chosen days (each once, whatever services it used). */
    total: Count,
    /** Every day of the range, oldest first, zeros included. */
    perDay: v.array(v.object({ day: Day, n: Count })),
    /** Stations with visits, most first. */
    perStation: v.array(v.object({ stationId: v.string(), name: v.string(), n: Count })),
    /** Uses per service (a visit with two services counts in both), most first. */
    perService: v.array(v.object({ service: v.picklist(SERVICE_IDS), n: Count })),
    /** Visits per weekday (0 Monday … 6 Sunday) × local hour (0–23). */
    heat: v.pipe(v.array(v.pipe(v.array(Count), v.length(24))), v.length(7)),
  }),
});
export type OverviewResponse = v.InferOutput<typeof OverviewResponseSchema>;

/** A kiosk heard from within this many minutes counts as online (it syncs every minute while it has a network). */
export const ONLINE_MINUTES = 10;
