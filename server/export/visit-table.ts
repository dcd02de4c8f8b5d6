/** Turns stored visits into export rows (CSV for Excel/WPS, NDJSON for scripts). Phones are masked unless asked for in clear. */
import { maskPhone } from '../../src/domain/phone';
import { SERVICE_NAMES_ZH } from '../../src/protocol/service-names';
import type { VisitRow } from '../store/visits';

export interface ExportOptions {
  clearPhones: boolean;
  timeZone: string;
}

const COLUMNS = [
  'id',
  'station_id',
  'station_name',
  'device_id',
  'created_local',
  'created_at',
  'received_at',
  'services',
  'services_zh',
  'phone',
  'member_id',
  'clock_ahead',
  'member_id_recorded',
  'device_name',
] as const;

/** A visit made more than ten minutes after the server received it came from a kiosk whose clock runs fast. */
export const CLOCK_AHEAD_MS = 10 * 60_000;

/** `YYYY-MM-DD HH:mm:ss` in the district's time zone, a form Excel reads as a date. */
export function localTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** One visit as a flat export record. */
export function exportRecord(v: VisitRow, opts: ExportOptions): Record<(typeof COLUMNS)[number], string> {
  return {
    id: v.id,
    station_id: v.stationId,
    station_name: v.stationName,
    device_id: v.deviceId,
    created_local: localTime(v.createdAt, opts.timeZone),
    created_at: v.createdAt,
    received_at: v.receivedAt,
    services: v.services.join(';'),
    services_zh: v.services.map((s) => SERVICE_NAMES_ZH[s]).join('、'),
    phone: opts.clearPhones ? (v.phone ?? '') : maskPhone(v.phone),
    member_id: v.memberId ?? '',
    // Kept, not dropped, and flagged: its created time cannot be trusted for reports.
    clock_ahead: Date.parse(v.createdAt) - Date.parse(v.receivedAt) > CLOCK_AHEAD_MS ? 'yes' : '',
    // The id the kiosk recorded, when a merge made member_id another (the surviving member's).
    member_id_recorded: v.recordedMemberId ?? '',
    device_name: v.deviceName,
  };
}

/** Quotes a CSV cell; a cell that a spreadsheet would run as a formula is defused with a leading apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The CSV header line, with the UTF-8 BOM that makes Excel and WPS read Chinese correctly. */
export function csvHeader(): string {
  return `\uFEFF${COLUMNS.join(',')}\r\n`;
}

/** CSV lines (CRLF) for these visits. */
export function csvRows(rows: VisitRow[], opts: ExportOptions): string {
  let out = '';
  for (const row of rows) {
    const rec = exportRecord(row, opts);
    out += `${COLUMNS.map((c) => csvCell(rec[c])).join(',')}\r\n`;
  }
  return out;
}

/** A whole CSV document: BOM, header, CRLF rows. Column keys are stable English names scripts rely on. */
export function toCsv(rows: VisitRow[], opts: ExportOptions): string {
  return csvHeader() + csvRows(rows, opts);
}

/** NDJSON: one JSON object per line. */
export function toNdjson(rows: VisitRow[], opts: ExportOptions): string {
  return rows.map((r) => `${JSON.stringify({ ...exportRecord(r, opts), services: r.services })}\n`).join('');
}
