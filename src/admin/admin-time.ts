/**
 * Times in the console: shown in the admin's own time zone (the browser's), in the console's
 * language, with the stations' time beside it when the two zones differ at that instant
 * (an admin travelling, or a laptop set to another zone). Sent to the server as UTC instants.
 */
import { adminT as t, consoleLocale } from './console-lang';

/** The zone the stations record in (the server's `TZ_DISPLAY`), once the console has asked. */
let stationZone: string | undefined;

/** Remembers the stations' time zone, as the server reports it. */
export function setStationZone(zone: string | undefined): void {
  stationZone = zone;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(kind: 'full' | 'day' | 'clock', timeZone?: string): Intl.DateTimeFormat {
  const key = `${consoleLocale()}|${kind}|${timeZone ?? ''}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(consoleLocale(), {
      ...(kind === 'full' ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      ...(kind === 'day' ? { month: '2-digit', day: '2-digit' } : {}),
      ...(kind === 'day' ? {} : { hour: '2-digit', minute: '2-digit', hour12: false }),
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/** The stations' zone when it reads another wall-clock time than the admin's at this instant. */
function otherZone(d: Date): string | undefined {
  if (!stationZone) return undefined;
  try {
    return format('full', stationZone).format(d) === format('full').format(d) ? undefined : stationZone;
  } catch {
    return undefined;
  }
}

/** An instant in the admin's zone and, when the stations' zone reads otherwise, in theirs (`18:35`, or `11/30 01:35` on another day). */
export function timeParts(iso: string | null | undefined): { mine: string; theirs?: string } {
  if (!iso) return { mine: '—' };
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { mine: '—' };
  const mine = format('full').format(d);
  const zone = otherZone(d);
  if (!zone) return { mine };
  const sameDay = format('day', zone).format(d) === format('day').format(d);
  const clock = format('clock', zone).format(d);
  return { mine, theirs: sameDay ? clock : `${format('day', zone).format(d)} ${clock}` };
}

/** `2026/11/29 17:35`, with ` (驿站当地 18:35)` when the stations' zone differs; `—` for no time. */
export function formatTime(iso: string | null | undefined): string {
  const { mine, theirs } = timeParts(iso);
  return theirs ? `${mine} (${t.stationTime(theirs)})` : mine;
}

/** True when the stations' clock reads differently from the admin's now (the page says so once). */
export function stationZoneDiffers(now = new Date()): string | undefined {
  return otherZone(now);
}

/** An event's span: `2026/12/03 14:00–16:00`, or both ends in full when it runs past midnight. */
export function formatSpan(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return '—';
  return start.toDateString() === end.toDateString()
    ? `${format('full').format(start)}–${format('clock').format(end)}`
    : `${format('full').format(start)} – ${format('full').format(end)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The value of a `datetime-local` input for an instant, in local time. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a `datetime-local` value means in local time, or null when it is empty or not a time. */
export function fromLocalInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
