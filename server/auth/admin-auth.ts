/** Middleware for the console and exports: an admin session cookie, or (for exports) an admin API token. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { Kysely } from 'kysely';
import { roleMay, type AdminRole } from '../../src/protocol/roles';
import { callerBySession } from '../store/admin-roles';
import { adminBySession, apiTokenHolder, type ApiScope } from '../store/admins';
import { writeAudit } from '../store/audit-log';
import type { Db } from '../store/schema';
import { fail } from '../fail';
import { bearerToken } from './bearer-token';
import { addressOf, isSecureRequest, type NetworkTrust } from './client-address';

/** The session cookie over plain HTTP (a laptop, a LAN without TLS). */
export const SESSION_COOKIE = 'ws_admin';
/** Over HTTPS: `__Host-` makes the browser refuse it without Secure, from a subdomain or for a narrower path. */
export const SECURE_SESSION_COOKIE = '__Host-ws_admin';

/** The session cookie's name and options for this request: Secure and `__Host-` when it came over HTTPS. */
export function sessionCookie(c: Context, trust: NetworkTrust): { name: string; options: CookieOptions } {
  const secure = isSecureRequest(c, trust);
  return {
    name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
    options: { httpOnly: true, sameSite: 'Strict', path: '/', secure, maxAge: 12 * 3600 },
  };
}

/** The session token the browser sent, under either name. */
export function sessionToken(c: Context): string | undefined {
  return getCookie(c, SECURE_SESSION_COOKIE) ?? getCookie(c, SESSION_COOKIE);
}

/** The signed-in admin's username, if the session cookie is live. */
export async function sessionAdmin(db: Kysely<Db>, c: Context): Promise<string | undefined> {
  const token = sessionToken(c);
  if (!token) return undefined;
  return (await adminBySession(db, token))?.username;
}

/** Requires a signed-in admin. */
export function requireAdmin(db: Kysely<Db>): MiddlewareHandler {
  return async (c, next) => {
    if (!(await sessionAdmin(db, c))) fail(401, 'Sign in as an admin first', 'not_signed_in');
    await next();
  };
}

/** Who is exporting: an admin (the scopes of their role) or an API token (its own). */
interface ExportCaller {
  actor: string;
  scopes: readonly ApiScope[];
  /** A console session's role; absent for an API token. */
  role?: AdminRole;
}
const callers = new WeakMap<Request, ExportCaller>();
/** Requests whose handler already wrote their audit line (a clear-phone export). */
const audited = new WeakSet<Request>();

/** Who is exporting (`admin:<user>` or `token:<id>`), once requireAdminOrApiToken let them in. */
export function exportActor(c: Context): string | undefined {
  return callers.get(c.req.raw)?.actor;
}

/** Whether this request's handler wrote its own audit line already. */
export function wasAudited(c: Context): boolean {
  return audited.has(c.req.raw);
}

/** Requires an admin API token (live, unexpired) or a signed-in admin. */
export function requireAdminOrApiToken(db: Kysely<Db>): MiddlewareHandler {
  return async (c, next) => {
    const token = bearerToken(c);
    if (token) {
      const holder = await apiTokenHolder(db, token);
      if (!holder) fail(401, 'Unknown, expired or revoked API token', 'unknown_api_token');
      callers.set(c.req.raw, { actor: `token:${holder.id}`, scopes: holder.scopes });
    } else {
      const session = sessionToken(c);
      const admin = session ? await callerBySession(db, session) : undefined;
      if (!admin) fail(401, 'Send an admin API token (Authorization: Bearer …) or sign in', 'not_signed_in');
      const scopes: ApiScope[] = roleMay(admin.role, 'phones') ? ['export', 'export:phones'] : ['export'];
      callers.set(c.req.raw, { actor: `admin:${admin.username}`, scopes, role: admin.role });
    }
    await next();
  };
}

/**
 * Whether this export carries phone numbers in clear: only when asked
 * (`phones=clear`), only for a caller with the `export:phones` scope (else 403),
 * and every such export is written to the audit log.
 */
export async function clearPhonesAsked(db: Kysely<Db>, c: Context): Promise<boolean> {
  if (c.req.query('phones') !== 'clear') return false;
  const caller = callers.get(c.req.raw);
  if (caller?.role && !caller.scopes.includes('export:phones'))
    fail(403, `Your role (${caller.role}) may not see phone numbers in clear`, 'forbidden_role');
  if (!caller?.scopes.includes('export:phones'))
    fail(
      403,
      'This API token may not export phone numbers in clear (it lacks the export:phones scope)',
      'scope_missing',
    );
  const url = new URL(c.req.url);
  await writeAudit(db, {
    actor: caller.actor,
    action: 'export_clear_phones',
    detail: `${url.pathname}${url.search}`,
    address: addressOf(c),
  });
  audited.add(c.req.raw);
  return true;
}
