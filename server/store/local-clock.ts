/**
 * The district's wall clock: which local day and hour an instant falls in, in a
 * named time zone. Rollups bucket visits by it, so it runs once per stored visit;
 * the zone's offset is looked up once per UTC hour and kept, not asked of Intl each time.
 */

/** A local calendar day (`2026-11-29`) and hour (0–23). */
export interface LocalHour {
  day: string;
  hour: number;
}

const HOUR_MS = 3600_000;
const formats = new Map<string, Intl.DateTimeFormat>();
/** Per zone: the offset (ms) that holds through a whole UTC hour, keyed by the hour's start; null when it changes inside it. */
const offsets = new Map<string, Map<number, number | null>>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (whole seconds). */
function offsetAt(zone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

function offsetFor(zone: string, ms: number): number {
  let byHour = offsets.get(zone);
  if (!byHour) offsets.set(zone, (byHour = new Map()));
  const start = Math.floor(ms / HOUR_MS) * HOUR_MS;
  let known = byHour.get(start);
  if (known === undefined) {
    const first = offsetAt(zone, start);
    // A change of offset inside this UTC hour (a transition): then each instant is asked on its own.
    known = offsetAt(zone, start + HOUR_MS - 1000) === first ? first : null;
    if (byHour.size > 100_000) byHour.clear();
    byHour.set(start, known);
  }
  return known ?? offsetAt(zone, ms);
}

/** The local day and hour of an ISO instant in `zone`. */
export function localHour(iso: string, zone: string): LocalHour {
  const ms = Date.parse(iso);
  const local = new Date(ms + offsetFor(zone, ms));
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

/** Today's local day in `zone`. */
export function localToday(zone: string, now = new Date()): string {
  return localHour(now.toISOString(), zone).day;
}

/** The day `n` days after `day` (negative: before); calendar arithmetic, no zone involved. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Monday 0 … Sunday 6 of a calendar day. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}
