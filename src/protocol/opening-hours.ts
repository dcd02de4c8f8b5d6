/**
 * A station's opening hours in a form a machine can evaluate: for each weekday
 * (Monday first) up to three ranges of local wall-clock time; an empty day is a
 * closed day; a range whose end is not after its start runs past midnight into
 * the next day (22:00–06:00). Times are read in the station's time zone.
 */
import * as v from 'valibot';

/** The district's time zone when a station names none. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Most ranges in one day (a lunch break makes two). */
export const MAX_RANGES_PER_DAY = 3;

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** True when the IANA time zone name is one this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const OpeningRangeSchema = v.pipe(
  v.object({
    from: v.pipe(v.string(), v.regex(TIME, 'must be a time like 08:00')),
    /** `24:00` ends at midnight; a time not after `from` ends the next day. */
    to: v.pipe(
      v.string(),
      v.check((s) => s === '24:00' || TIME.test(s), 'must be a time like 20:00'),
    ),
  }),
  v.check((r) => r.from !== r.to, 'a range must not start and end at the same time'),
);
export type OpeningRange = v.InferOutput<typeof OpeningRangeSchema>;

export const OpeningHoursSchema = v.object({
  /** IANA name; absent means the district's ({@link DEFAULT_TIME_ZONE}). */
  timeZone: v.optional(v.pipe(v.string(), v.maxLength(64), v.check(isTimeZone, 'is not a known time zone'))),
  /** Monday … Sunday; an empty day is closed. */
  week: v.pipe(
    v.array(v.pipe(v.array(OpeningRangeSchema), v.maxLength(MAX_RANGES_PER_DAY, 'at most 3 ranges a day'))),
    v.length(7, 'needs the 7 days of the week, Monday first'),
  ),
});
export type OpeningHours = v.InferOutput<typeof OpeningHoursSchema>;

/** Minutes after midnight of `HH:MM` (`24:00` is 1440). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** `HH:MM` of minutes after midnight. */
export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The weekday (Monday 0) and minute of the day an instant falls on in `timeZone`. */
export function localTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): { day: number; minute: number } {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const p of fmt.formatToParts(at)) {
    if (p.type === 'weekday') day = WEEKDAY[p.value] ?? 0;
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { day, minute: hour * 60 + minute };
}

/** Open, and until when (local `HH:MM`, the next day's when the range runs past midnight); or closed, and when it opens next. */
export type OpenState =
  { open: true; closesAt: string } | { open: false; opensAt: { inDays: number; time: string } | null };

/** Whether the station is open at the instant `at`, read in its own time zone. */
export function openStateAt(hours: OpeningHours, at: Date): OpenState {
  return openStateLocal(hours, localTime(at, hours.timeZone ?? DEFAULT_TIME_ZONE));
}

/** The same, for a local weekday (Monday 0) and minute of the day. */
export function openStateLocal(hours: OpeningHours, { day, minute }: { day: number; minute: number }): OpenState {
  for (const r of hours.week[day] ?? []) {
    const from = minutesOf(r.from);
    const to = minutesOf(r.to);
    if (to > from ? from <= minute && minute < to : minute >= from) return { open: true, closesAt: r.to };
  }
  // Yesterday's overnight ranges still running.
  for (const r of hours.week[(day + 6) % 7] ?? []) {
    const from = minutesOf(r.from);
    const to = minutesOf(r.to);
    if (to <= from && minute < to) return { open: true, closesAt: r.to };
  }
  for (let inDays = 0; inDays < 8; inDays++) {
    const starts = (hours.week[(day + inDays) % 7] ?? [])
      .map((r) => minutesOf(r.from))
      .filter((from) => inDays > 0 || from > minute);
    if (starts.length > 0) return { open: false, opensAt: { inDays, time: timeOf(Math.min(...starts)) } };
  }
  return { open: false, opensAt: null };
}

/** Open around the clock every day (each day 00:00–24:00). */
export function isAlwaysOpen(hours: OpeningHours): boolean {
  return hours.week.every((d) => d.some((r) => r.from === '00:00' && r.to === '24:00'));
}

/** Days with the same ranges, in week order, so `Mon–Fri 08:00–20:00; Sat, Sun closed` can be worded. */
export function groupWeek(hours: OpeningHours): { days: number[]; ranges: OpeningRange[] }[] {
  const groups: { days: number[]; ranges: OpeningRange[]; key: string }[] = [];
  hours.week.forEach((ranges, day) => {
    const key = ranges.map((r) => `${r.from}-${r.to}`).join(',');
    const same = groups.find((g) => g.key === key);
    if (same) same.days.push(day);
    else groups.push({ days: [day], ranges, key });
  });
  return groups.map(({ days, ranges }) => ({ days, ranges }));
}

/** The same hours every day: a starting point for a station that has none yet. */
export function everyDay(from: string, to: string): OpeningHours {
  return { week: Array.from({ length: 7 }, () => [{ from, to }]) };
}
