/**
 * GET /export/<kinds>: cursor-paged records for admins and BI tools, as NDJSON
 * or CSV. Every export reads the commit-ordered feed: a cursor (`<epoch>.<n>`)
 * never skips a row that committed late, and a cursor from before a restore
 * answers 410 rather than an empty page.
 */
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import type { Kysely } from 'kysely';
import { parseInstant } from '../../src/protocol/instant';
import type { KindRegistry } from '../../src/protocol/kinds';
import { MAX_EXPORT_LIMIT } from '../../src/protocol/limits';
import { KINDS } from '../../src/protocol/record-kinds';
import { isServiceId } from '../../src/protocol/services';
import { stationScope } from '../auth/access-guard';
import { clearPhonesAsked, requireAdminOrApiToken } from '../auth/admin-auth';
import {
  attendanceTable,
  eventTable,
  memberTable,
  signupTable,
  tableToCsv,
  tableToNdjson,
} from '../export/people-tables';
import { recordsToCsv, recordsToNdjson } from '../export/record-table';
import { sheetHeader, sheetRows } from '../export/visit-sheet';
import { csvHeader, csvRows, localTime, toCsv, toNdjson, type ExportOptions } from '../export/visit-table';
import { formatCursor, parseCursor, settledSeq, storeEpoch } from '../store/feed';
import { queryRecords, type RecordRow } from '../store/records';
import type { Db } from '../store/schema';
import { countVisits, queryVisits, walkVisits, type VisitFilter } from '../store/visits';
import { fail } from './http';

/** Parses a non-negative integer query value, or answers 400. */
function intParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) fail(400, `${name} must be a non-negative integer`, 'bad_query');
  return Number(value);
}

/** Parses a date (`2024-05-31`, the day starting at UTC midnight) or an instant with a zone, or answers 400. */
function timeParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const parsed = parseInstant(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!parsed.ok) fail(400, `${name} ${parsed.message}`, 'bad_query');
  return parsed.value;
}

/** The kind an export path names: `visits` → visit, `wishes` → wish, `attendance` → attendance. */
export function kindOfExport(name: string, registry: KindRegistry): string | undefined {
  const kind =
    name === 'attendance'
      ? name
      : name.endsWith('shes')
        ? name.slice(0, -2)
        : name.endsWith('s')
          ? name.slice(0, -1)
          : undefined;
  const spec = kind ? registry.get(kind) : undefined;
  // Stations are read in the console; a suggestion's status view is the suggestions export's own columns;
  // a station's directory entry is the station, reduced.
  return spec && spec.kind !== 'station' && spec.kind !== 'suggestion_status' && spec.kind !== 'station_entry'
    ? spec.kind
    : undefined;
}

/** The export path of a kind: `visit` → visits, `attendance` stays. */
function exportName(kind: string): string {
  return kind === 'attendance' ? kind : `${kind}s`;
}

/** Cursor, limit and format of an export request, the cursor checked against the store's epoch. */
async function page(db: Kysely<Db>, c: Context) {
  const q = c.req.query();
  const store = await storeEpoch(db);
  const cursor = parseCursor(q.cursor, store);
  if (!cursor.ok) fail(cursor.status, cursor.message, cursor.code);
  const limit = Math.min(intParam(q.limit, 'limit', 1000), MAX_EXPORT_LIMIT);
  if (limit < 1) fail(400, 'limit must be at least 1', 'bad_query');
  const format = q.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') fail(400, 'format must be ndjson or csv', 'bad_query');
  return { q, epoch: store.epoch, after: cursor.seq, limit, format };
}

function send(c: Context, name: string, format: string, next: string, csv: () => string, ndjson: () => string) {
  c.header('X-Next-Cursor', next);
  c.header('Cache-Control', 'no-store');
  if (format === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="waystation-${name}-${next}.csv"`);
    return c.body(csv());
  }
  c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="waystation-${name}-${next}.ndjson"`);
  return c.body(ndjson());
}

/**
 * `all=1` for the people exports: every live record of the kind in one streamed file. It walks
 * the feed to its end; a record edited meanwhile moves further along and is written once (the
 * first copy met), so nothing is skipped and nothing repeated.
 */
async function downloadTable(
  c: Context,
  db: Kysely<Db>,
  name: string,
  kind: string,
  format: string,
  stations: { stationId?: string; stationIds?: readonly string[] },
  timeZone: string,
  render: (rows: RecordRow[]) => Promise<Parameters<typeof tableToCsv>[0]>,
) {
  const day = localTime(new Date().toISOString(), timeZone).slice(0, 10);
  const ext = format === 'csv' ? 'csv' : 'ndjson';
  c.header('Content-Type', `${format === 'csv' ? 'text/csv' : 'application/x-ndjson'}; charset=utf-8`);
  c.header('Content-Disposition', `attachment; filename="waystation-${name}-${day}.${ext}"`);
  c.header('Cache-Control', 'no-store');
  return stream(c, async (out) => {
    const seen = new Set<string>();
    let after = 0;
    let first = true;
    for (;;) {
      const rows = await queryRecords(db, kind, { afterSeq: after, limit: 1000, ...stations });
      const fresh = rows.filter((r) => r.record !== null && !seen.has(r.id));
      for (const r of fresh) seen.add(r.id);
      if (first || fresh.length > 0) {
        const t = await render(fresh);
        if (format !== 'csv') await out.write(tableToNdjson(t));
        else {
          const csv = tableToCsv(t);
          // The BOM and header once, at the top.
          await out.write(first ? csv : csv.slice(csv.indexOf('\r\n') + 2));
        }
        first = false;
      }
      if (rows.length < 1000 || out.aborted) return;
      after = rows.at(-1)!.seq;
    }
  });
}

const DOWNLOAD_FORMATS = {
  csv: { type: 'text/csv', ext: 'csv' },
  excel: { type: 'text/csv', ext: 'csv' },
  ndjson: { type: 'application/x-ndjson', ext: 'ndjson' },
} as const;

/**
 * `all=1`: every visit the filters match in one streamed file, oldest or newest first
 * (`order`), read page by page so memory stays flat whatever the count. It holds the
 * visits that existed when it began; `X-Total-Count` says how many.
 * `format=excel` is the people's table (Chinese headers, one 0/1 column per service).
 */
async function downloadVisits(c: Context, db: Kysely<Db>, filter: VisitFilter, opts: ExportOptions) {
  const format = c.req.query('format') ?? 'ndjson';
  if (!Object.hasOwn(DOWNLOAD_FORMATS, format)) fail(400, 'format must be ndjson, csv or excel', 'bad_query');
  const order = c.req.query('order') ?? 'oldest';
  if (order !== 'oldest' && order !== 'newest') fail(400, 'order must be oldest or newest', 'bad_query');
  const { type, ext } = DOWNLOAD_FORMATS[format as keyof typeof DOWNLOAD_FORMATS];
  // What has settled on the feed when it begins (PostgreSQL: pushes still committing are left out whole).
  const totals = await countVisits(db, filter, await settledSeq(db));
  const day = localTime(new Date().toISOString(), opts.timeZone).slice(0, 10);
  const suffix = format === 'excel' ? '-excel' : '';
  c.header('Content-Type', `${type}; charset=utf-8`);
  c.header('Content-Disposition', `attachment; filename="waystation-visits-${day}${suffix}.${ext}"`);
  c.header('Cache-Control', 'no-store');
  c.header('X-Total-Count', String(totals.total));
  return stream(c, async (out) => {
    if (format === 'csv') await out.write(csvHeader());
    if (format === 'excel') await out.write(sheetHeader());
    if (totals.total === 0) return;
    const pages = walkVisits(db, filter, { newestFirst: order === 'newest', upToSeq: totals.lastSeq });
    for await (const rows of pages) {
      if (out.aborted) return;
      await out.write(
        format === 'csv' ? csvRows(rows, opts) : format === 'excel' ? sheetRows(rows, opts) : toNdjson(rows, opts),
      );
    }
  });
}

export function exportRoutes(db: Kysely<Db>, timeZone: string, registry: KindRegistry = KINDS) {
  const app = new Hono();
  app.get('/visits', requireAdminOrApiToken(db), async (c) => {
    const q = c.req.query();
    if (q.service && !isServiceId(q.service)) fail(400, `Unknown service "${q.service}"`, 'bad_query');
    const filter: VisitFilter = {
      stationId: q.station || undefined,
      // A station manager's exports hold their own stations only.
      stationIds: stationScope(c),
      service: q.service && isServiceId(q.service) ? q.service : undefined,
      from: timeParam(q.from, 'from'),
      to: timeParam(q.to, 'to'),
    };
    // Clear phones only for a session or a token with the export:phones scope (audited).
    const opts = { clearPhones: await clearPhonesAsked(db, c), timeZone };
    if (q.all === '1') return downloadVisits(c, db, filter, opts);
    const { epoch, after, limit, format } = await page(db, c);
    const rows = await queryVisits(db, { ...filter, afterSeq: after, limit });
    const next = formatCursor(epoch, rows.at(-1)?.seq ?? after);
    return send(
      c,
      'visits',
      format,
      next,
      () => toCsv(rows, opts),
      () => toNdjson(rows, opts),
    );
  });
  // The people kinds: readable columns, aliases resolved to the surviving member.
  const tables = {
    members: ['member', memberTable],
    events: ['event', async (_db: Kysely<Db>, rows: RecordRow[], o: ExportOptions) => eventTable(rows, o)],
    signups: ['signup', signupTable],
    attendance: ['attendance', attendanceTable],
  } as const;
  for (const [name, [kind, table]] of Object.entries(tables)) {
    app.get(`/${name}`, requireAdminOrApiToken(db), async (c) => {
      const { q, epoch, after, limit, format } = await page(db, c);
      // Clear phones only for a session or a token with the export:phones scope (audited).
      const opts = { clearPhones: await clearPhonesAsked(db, c), timeZone };
      if (q.all === '1') {
        const render = async (rows: RecordRow[]) => table(db, rows, opts);
        const stations = { stationId: q.station || undefined, stationIds: stationScope(c) };
        return downloadTable(c, db, name, kind, format, stations, timeZone, render);
      }
      const rows = await queryRecords(db, kind, {
        afterSeq: after,
        limit,
        stationId: q.station || undefined,
        stationIds: stationScope(c),
      });
      const live = rows.filter((r) => r.record !== null);
      const t = await table(db, live, opts);
      const next = formatCursor(epoch, rows.at(-1)?.seq ?? after);
      return send(
        c,
        name,
        format,
        next,
        () => tableToCsv(t),
        () => tableToNdjson(t),
      );
    });
  }
  // What a reader needs before paging: the zone `*_local` columns are written in (the stations' zone).
  app.get('/', requireAdminOrApiToken(db), (c) =>
    c.json({
      timeZone,
      exports: registry.kinds.map((k) => exportName(k.kind)).filter((name) => kindOfExport(name, registry)),
    }),
  );
  app.get('/:name', requireAdminOrApiToken(db), async (c) => {
    const name = c.req.param('name');
    const kind = kindOfExport(name, registry);
    if (!kind) fail(404, `No export named "${name}"`, 'no_such_export');
    const { q, epoch, after, limit, format } = await page(db, c);
    const rows = await queryRecords(db, kind, {
      afterSeq: after,
      limit,
      stationId: q.station || undefined,
      stationIds: stationScope(c),
    });
    const opts = { clearPhones: await clearPhonesAsked(db, c), timeZone };
    const next = formatCursor(epoch, rows.at(-1)?.seq ?? after);
    return send(
      c,
      name,
      format,
      next,
      () => recordsToCsv(rows, opts),
      () => recordsToNdjson(rows, opts),
    );
  });
  return app;
}
