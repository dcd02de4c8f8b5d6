/**
 * Times at the edge: every time on the wire is an ISO 8601 instant with a zone
 * (`Z` or `±hh:mm`), a real calendar date, in a sane year window. Parsed
 * instants are normalised to UTC (`…Z`, milliseconds) so that stores compare
 * instants, never text (`2024-06-01T07:30+08:00` is 31 May in UTC).
 */

/** The first and last year a record may carry; anything outside is a broken clock or a typo. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;

// Date, `T` or one space, time with optional seconds and fraction, then a zone.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):?(\d{2}))$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `text` is not an acceptable instant, or null when it is. */
export function instantProblem(text: string): string | null {
  const m = INSTANT.exec(text);
  if (!m) return 'must be an ISO 8601 time with a zone, such as 2024-05-31T23:30:00+08:00';
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < MIN_YEAR || year > MAX_YEAR) return `must be a year from ${MIN_YEAR} to ${MAX_YEAR}`;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'is not a real calendar date';
  if (hour > 23 || minute > 59 || second > 59) return 'is not a real time of day';
  if (m[8] !== 'Z' && m[8] !== 'z' && (Number(m[9]) > 14 || Number(m[10]) > 59)) return 'has an impossible zone offset';
  return null;
}

// The normal form itself, as kiosks send it (`toISOString`).
const NORMAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The instant as UTC `YYYY-MM-DDTHH:mm:ss.sssZ`; the input must have passed `instantProblem`. */
export function normalizeInstant(text: string): string {
  // A real date and time already in the normal form normalises to itself; skip parsing it again.
  if (NORMAL.test(text)) return text;
  const m = INSTANT.exec(text);
  if (!m) throw new RangeError(`Not an instant: ${text}`);
  const n = (i: number) => Number(m[i] ?? 0);
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6), ms);
  const zone = m[8]!.toUpperCase();
  const offsetMin = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (n(9) * 60 + n(10));
  return new Date(local - offsetMin * 60_000).toISOString();
}

/** Parses and normalises an instant, or answers why it cannot. */
export function parseInstant(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const problem = instantProblem(text);
  return problem ? { ok: false, message: problem } : { ok: true, value: normalizeInstant(text) };
}
