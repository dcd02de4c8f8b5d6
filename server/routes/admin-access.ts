/**
 * Admins' roles, API tokens and the audit log under /api/v1/admin (district admins only;
 * access-rules.ts): list admins, change a role; list, make and revoke API tokens; read the audit
 * log a page at a time, download it as CSV or NDJSON.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { Kysely } from 'kysely';
import {
  apiTokenState,
  ApiTokenCreateRequestSchema,
  type ApiTokenCreatedResponse,
  type ApiTokenListResponse,
  type ApiTokenSummary,
} from '../../src/protocol/api-tokens';
import type { AuditListResponse } from '../../src/protocol/audit';
import { RoleChangeRequestSchema, type AdminSummary } from '../../src/protocol/roles';
import { auditDetail } from '../auth/access-guard';
import type { Defences } from '../auth/defences';
import { csvCell } from '../export/visit-table';
import { listAdmins, RoleError, setAdminRole } from '../store/admin-roles';
import { createApiToken, findApiToken, listApiTokens, revokeApiToken } from '../store/admins';
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

  // API tokens: the secret is answered once, by the POST that makes it, and never stored in clear.
  app.get('/api-tokens', async (c) => {
    const now = new Date();
    const tokens = (await listApiTokens(db)).reverse().map((t) => withState(t, now));
    return c.json({ tokens } satisfies ApiTokenListResponse);
  });

  app.post('/api-tokens', async (c) => {
    const body = await readBody(c, ApiTokenCreateRequestSchema);
    const made = await createApiToken(db, body.name, { scopes: body.scopes, days: body.days });
    auditDetail(c, `${made.id} "${body.name}" ${made.scopes.join(' ')} until ${made.expiresAt}`);
    const listed = withState((await findApiToken(db, made.id))!, new Date());
    c.header('Cache-Control', 'no-store');
    return c.json({ ...listed, token: made.token } satisfies ApiTokenCreatedResponse, 201);
  });

  app.post('/api-tokens/:id/revoke', async (c) => {
    const id = c.req.param('id');
    if (!(await revokeApiToken(db, id, new Date(), { liveOnly: true })))
      fail(404, 'No live API token with that id (unknown, expired or already revoked)', 'api_token_not_found');
    const token = (await findApiToken(db, id))!;
    auditDetail(c, `${id} "${token.name}"`);
    return c.json(withState(token, new Date()) satisfies ApiTokenSummary);
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

function withState<T extends { expiresAt: string | null; revokedAt: string | null }>(t: T, now: Date) {
  return { ...t, state: apiTokenState(t, now) };
}

function filterOf(q: { actor?: string; action?: AuditFilter['action']; from?: string; to?: string }): AuditFilter {
  return { actor: q.actor || undefined, action: q.action, from: q.from, to: q.to };
}
