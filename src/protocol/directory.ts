/**
 * The district's station directory (附近驿站) and its 15-minute service circle
 * (一刻钟服务圈): what every kiosk may know about the other stations, and the pure
 * arithmetic of distance, time on foot or by e-bike, direction and opening state.
 *
 * Speeds: walking 4.5 km/h, riding (an e-bike in city traffic) 15 km/h, both over
 * a route 1.3 times the straight line (streets are not straight). The circle is
 * 15 minutes on foot: about 865 m in a straight line.
 */
import * as v from 'valibot';
import { DEFAULT_TIME_ZONE, localTime, openStateLocal, OpeningHoursSchema, type OpenState } from './opening-hours';
import { STATION_HOST_TYPES, type StationRecord } from './schemas';
import { SERVICE_IDS } from './services';

export const WALK_KMH = 4.5;
export const RIDE_KMH = 15;
/** How much longer a route through streets is than the straight line. */
export const ROUTE_FACTOR = 1.3;
/** The service circle, in minutes on foot. */
export const CIRCLE_MINUTES = 15;
const EARTH_RADIUS_M = 6_371_008.8;

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** What a kiosk of another station holds about a station: no Wi-Fi, no tip, nothing private. */
export const StationEntrySchema = v.object({
  id: v.string(),
  name: v.string(),
  kind: v.picklist(['hub', 'branch']),
  services: v.array(v.string()),
  hostType: v.optional(v.picklist(STATION_HOST_TYPES)),
  address: v.optional(v.string()),
  /** Free-text hours, shown only when the station has no structured ones. */
  hours: v.optional(v.string()),
  openingHours: v.optional(OpeningHoursSchema),
  lat: v.optional(v.number()),
  lng: v.optional(v.number()),
  archivedAt: v.optional(v.string()),
});
export type StationEntry = v.InferOutput<typeof StationEntrySchema>;

/** The directory entry of a station record: the fields every kiosk of the district may hold. */
export function toStationEntry(s: StationRecord): StationEntry {
  const keep = <K extends keyof StationRecord>(k: K) => (s[k] === undefined ? {} : { [k]: s[k] });
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    services: s.services.filter((x) => (SERVICE_IDS as readonly string[]).includes(x)),
    ...keep('hostType'),
    ...keep('address'),
    ...keep('hours'),
    ...keep('openingHours'),
    ...keep('lat'),
    ...keep('lng'),
    ...keep('archivedAt'),
  } as StationEntry;
}

/** The position of an entry, when both coordinates are known. */
export function positionOf(s: { lat?: number | undefined; lng?: number | undefined }): GeoPoint | null {
  return typeof s.lat === 'number' && typeof s.lng === 'number' ? { lat: s.lat, lng: s.lng } : null;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Minutes to cover a straight-line distance at `kmh` along streets, rounded up to whole minutes. */
export function travelMinutes(meters: number, kmh: number): number {
  return Math.max(1, Math.ceil((meters * ROUTE_FACTOR) / ((kmh * 1000) / 60)));
}

export const walkMinutes = (meters: number) => travelMinutes(meters, WALK_KMH);
export const rideMinutes = (meters: number) => travelMinutes(meters, RIDE_KMH);

/** The straight-line radius of the circle: what 15 minutes on foot covers along streets. */
export const CIRCLE_RADIUS_M = (CIRCLE_MINUTES * ((WALK_KMH * 1000) / 60)) / ROUTE_FACTOR;

/** Within the 15-minute circle on foot (the boundary itself counts as within). */
export function withinCircle(meters: number): boolean {
  return meters <= CIRCLE_RADIUS_M + 1e-6;
}

/** Initial compass bearing from `a` to `b`, degrees clockwise from north, 0 ≤ x < 360. */
export function bearingDegrees(a: GeoPoint, b: GeoPoint): number {
  const y = Math.sin(rad(b.lng - a.lng)) * Math.cos(rad(b.lat));
  const x =
    Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) -
    Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lng - a.lng));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

export const COMPASS_POINTS = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;
export type CompassPoint = (typeof COMPASS_POINTS)[number];

/** The nearest of the eight compass points to a bearing (the language files word it). */
export function compassPoint(bearing: number): CompassPoint {
  return COMPASS_POINTS[Math.round((((bearing % 360) + 360) % 360) / 45) % 8]!;
}

/** A station as the nearby list shows it from one place at one instant. */
export interface NearbyStation {
  entry: StationEntry;
  /** Null when the station has no position yet (listed after the others). */
  meters: number | null;
  walkMin: number | null;
  rideMin: number | null;
  direction: CompassPoint | null;
  withinCircle: boolean;
  /** Null when the station gave no structured hours. */
  open: OpenState | null;
}

/** The stations nearest to `origin` (nearest first; those without a position last, by name), archived ones left out. */
export function rankNearest(
  origin: GeoPoint | null,
  entries: readonly StationEntry[],
  at: Date,
  limit = Infinity,
): NearbyStation[] {
  const placed: { entry: StationEntry; pos: GeoPoint | null; meters: number | null }[] = [];
  for (const entry of entries) {
    if (entry.archivedAt) continue;
    const pos = positionOf(entry);
    placed.push({ entry, pos, meters: origin && pos ? distanceMeters(origin, pos) : null });
  }
  placed.sort((a, b) =>
    a.meters === null || b.meters === null
      ? (a.meters === null ? 1 : 0) - (b.meters === null ? 1 : 0) || a.entry.name.localeCompare(b.entry.name, 'zh-CN')
      : a.meters - b.meters,
  );
  // Only the stations shown get their direction and opening state; the local time is read once per
  // time zone, not once per station (Intl formatting is the costly part).
  const clocks = new Map<string, { day: number; minute: number }>();
  const clock = (tz: string) => {
    let c = clocks.get(tz);
    if (!c) clocks.set(tz, (c = localTime(at, tz)));
    return c;
  };
  return placed.slice(0, limit).map(({ entry, pos, meters }) => ({
    entry,
    meters,
    walkMin: meters === null ? null : walkMinutes(meters),
    rideMin: meters === null ? null : rideMinutes(meters),
    direction: origin && pos && meters !== null && meters > 0 ? compassPoint(bearingDegrees(origin, pos)) : null,
    withinCircle: meters !== null && withinCircle(meters),
    open: entry.openingHours
      ? openStateLocal(entry.openingHours, clock(entry.openingHours.timeZone ?? DEFAULT_TIME_ZONE))
      : null,
  }));
}

/** How many serving stations the district has besides this one, and how many lie within the circle of `origin`. */
export function circleCount(
  origin: GeoPoint | null,
  entries: readonly StationEntry[],
): { total: number; within: number } {
  let total = 0;
  let within = 0;
  for (const entry of entries) {
    if (entry.archivedAt) continue;
    total++;
    const pos = positionOf(entry);
    if (origin && pos && withinCircle(distanceMeters(origin, pos))) within++;
  }
  return { total, within };
}
