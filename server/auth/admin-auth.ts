/** Middleware for the console and exports: an admin session cookie, or (for exports) an admin API token. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { adminBySession, isLiveApiToken } from '../store/admins';
import type { Db } from '../store/schema';
import { fail } from '../fail';
import { bearerToken } from './bearer-token';

export const SESSION_COOKIE = 'ws_admin';

/** The signed-in admin's username, if the session cookie is live. */
export async function sessionAdmin(db: Kysely<Db>, c: Context): Promise<string | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
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

/** Requires an admin API token or a signed-in admin. */
export function requireAdminOrApiToken(db: Kysely<Db>): MiddlewareHandler {
  return async (c, next) => {
    const token = bearerToken(c);
    if (token) {
      if (!(await isLiveApiToken(db, token))) fail(401, 'Unknown or revoked API token', 'unknown_api_token');
    } else if (!(await sessionAdmin(db, c))) {
      fail(401, 'Send an admin API token (Authorization: Bearer …) or sign in', 'not_signed_in');
    }
    await next();
  };
}
