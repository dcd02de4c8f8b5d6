/**
 * Export rows for kinds kept in the generic records store: the record's own
 * fields as columns (nested values as JSON), after the columns every export
 * has. Personal data (`phone`, `name`) is masked unless asked for in clear.
 */
import { maskPhone } from '../../src/domain/phone';
import type { RecordRow } from '../store/records';
import { csvCell, localTime, type ExportOptions } from './visit-table';

const FIXED = ['id', 'station_id', 'station_name', 'version', 'deleted', 'updated_local', 'updated_at'] as const;

/** Masks a name to its first character, as every screen does. */
function maskName(name: string): string {
  return name ? `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}` : '';
}

function fields(row: RecordRow, opts: ExportOptions): Record<string, unknown> {
  const rec = { ...(row.record ?? {}) } as Record<string, unknown>;
  delete rec.id;
  if (!opts.clearPhones) {
    if (typeof rec.phone === 'string') rec.phone = maskPhone(rec.phone);
    if (typeof rec.name === 'string') rec.name = maskName(rec.name);
  }
  return rec;
}

function fixed(row: RecordRow, opts: ExportOptions) {
  return {
    id: row.id,
    station_id: row.stationId,
    station_name: row.stationName,
    version: row.version,
    deleted: row.record === null,
    updated_local: localTime(row.updatedAt, opts.timeZone),
    updated_at: row.updatedAt,
  };
}

/** CSV with a BOM (Excel and WPS read Chinese correctly) and CRLF rows; the page's record fields as columns. */
export function recordsToCsv(rows: RecordRow[], opts: ExportOptions): string {
  const extra = [...new Set(rows.flatMap((r) => Object.keys(fields(r, opts))))].sort();
  const lines = [[...FIXED, ...extra].join(',')];
  for (const row of rows) {
    const f = fields(row, opts);
    const base = fixed(row, opts);
    const cells = [
      ...FIXED.map((k) => String(base[k])),
      ...extra.map((k) => {
        const v = f[k];
        return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      }),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** NDJSON: one object per record, its fields beside the export's own. */
export function recordsToNdjson(rows: RecordRow[], opts: ExportOptions): string {
  return rows.map((r) => `${JSON.stringify({ ...fields(r, opts), ...fixed(r, opts) })}\n`).join('');
}
