/**
 * Admins' roles and the audit log under /api/v1/admin (district admins only; access-rules.ts):
 * list admins, change a role, read the audit log a page at a time, download it as CSV or NDJSON.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { Kysely } from 'kysely';
import type { AuditListResponse } from '../../src/protocol/audit';
import { RoleChangeRequestSchema, type AdminSummary } from '../../src/protocol/roles';
import { auditDetail } from '../auth/access-guard';
import type { Defences } from '../auth/defences';
import { csvCell } from '../export/visit-table';
import { listAdmins, RoleError, setAdminRole } from '../store/admin-roles';
import { queryAudit, walkAudit, type AuditFilter } from '../store/audit-log';
import type { Db } from '../store/schema';
import { fail, readBody, readQuery } from './http';
import { AuditQuerySchema } from './query-params';

/** Answers a refused role change with its code; nothing was changed. */
function failRole(err: unknown): never {
  if (!(err instanceof RoleError)) throw err;
  fail(err.code === 'admin_not_found' ? 404 : err.code === 'last_district_admin' ? 409 : 400, err.message, err.code);
}

const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'address', 'detail'] as const;

export function adminAccessRoutes(db: Kysely<Db>, defences: Pick<Defences, 'auditRetentionDays'>) {
  const app = new Hono();

  app.get('/admins', async (c) => c.json({ admins: await listAdmins(db) }));

  app.put('/admins/:username/role', async (c) => {
    const username = c.req.param('username');
    const body = await readBody(c, RoleChangeRequestSchema);
    const before = await setAdminRole(db, username, body.role, body.stations).catch(failRole);
    const stations = body.role === 'manager' ? ` (${[...new Set(body.stations)].join(', ')})` : '';
    auditDetail(c, `${username}: ${before.previous} → ${body.role}${stations}`);
    const now = (await listAdmins(db)).find((a) => a.username === username)!;
    return c.json({ admin: now satisfies AdminSummary });
  });

  app.get('/audit', async (c) => {
    const q = readQuery(c, AuditQuerySchema);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 50;
    const page = await queryAudit(db, filterOf(q), { offset, limit });
    return c.json({
      ...page,
      offset,
      limit,
      retentionDays: defences.auditRetentionDays,
    } satisfies AuditListResponse);
  });

  // The whole log the filters match, oldest first, streamed: CSV (BOM, Excel-safe cells) or NDJSON.
  app.get('/audit/export', async (c) => {
    const q = readQuery(c, AuditQuerySchema);
    const format = q.format ?? 'csv';
    c.header('Content-Type', `${format === 'csv' ? 'text/csv' : 'application/x-ndjson'}; charset=utf-8`);
    c.header(
      'Content-Disposition',
      `attachment; filename="waystation-audit-${new Date().toISOString().slice(0, 10)}.${format}"`,
    );
    c.header('Cache-Control', 'no-store');
    return stream(c, async (out) => {
      if (format === 'csv') await out.write(`\uFEFF${AUDIT_COLUMNS.join(',')}\r\n`);
      for await (const rows of walkAudit(db, filterOf(q))) {
        if (out.aborted) return;
        await out.write(
          rows
            .map((r) =>
              format === 'csv'
                ? `${AUDIT_COLUMNS.map((k) => csvCell(String(r[k] ?? ''))).join(',')}\r\n`
                : `${JSON.stringify(r)}\n`,
            )
            .join(''),
        );
      }
    });
  });

  return app;
}

function filterOf(q: { actor?: string; action?: AuditFilter['action']; from?: string; to?: string }): AuditFilter {
  return { actor: q.actor || undefined, action: q.action, from: q.from, to: q.to };
}
