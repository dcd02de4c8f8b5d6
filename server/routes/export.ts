/** GET /export/visits: cursor-paged visits for admins and BI tools, as NDJSON or CSV. */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { MAX_EXPORT_LIMIT } from '../../src/protocol/limits';
import { isServiceId } from '../../src/protocol/services';
import { requireAdminOrApiToken } from '../auth/admin-auth';
import { toCsv, toNdjson } from '../export/visit-table';
import type { Db } from '../store/schema';
import { queryVisits } from '../store/visits';
import { fail } from './http';

/** Parses a non-negative integer query value, or answers 400. */
function intParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) fail(400, `${name} must be a non-negative integer`);
  return Number(value);
}

/** Parses an ISO date or instant query value, or answers 400. */
function timeParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) fail(400, `${name} must be an ISO 8601 date or time`);
  return new Date(ms).toISOString();
}

export function exportRoutes(db: Kysely<Db>, timeZone: string) {
  const app = new Hono();
  app.get('/visits', requireAdminOrApiToken(db), async (c) => {
    const q = c.req.query();
    const cursor = intParam(q.cursor, 'cursor', 0);
    const limit = Math.min(intParam(q.limit, 'limit', 1000), MAX_EXPORT_LIMIT);
    if (limit < 1) fail(400, 'limit must be at least 1');
    const format = q.format ?? 'ndjson';
    if (format !== 'ndjson' && format !== 'csv') fail(400, 'format must be ndjson or csv');
    if (q.service && !isServiceId(q.service)) fail(400, `Unknown service "${q.service}"`);
    const rows = await queryVisits(db, {
      afterSeq: cursor,
      limit,
      stationId: q.station || undefined,
      service: q.service && isServiceId(q.service) ? q.service : undefined,
      from: timeParam(q.from, 'from'),
      to: timeParam(q.to, 'to'),
    });
    const opts = { clearPhones: q.phones === 'clear', timeZone };
    const next = String(rows.at(-1)?.seq ?? cursor);
    c.header('X-Next-Cursor', next);
    c.header('Cache-Control', 'no-store');
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="waystation-visits-${next}.csv"`);
      return c.body(toCsv(rows, opts));
    }
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    return c.body(toNdjson(rows, opts));
  });
  return app;
}
