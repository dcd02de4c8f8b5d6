/**
 * Enforces access-rules.ts on every console and export route: finds the route that will answer,
 * looks up its rule (none: 403 `route_undeclared`), checks the signed-in admin's role and a
 * manager's stations, and writes the rule's audit line once the route has answered with success.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Kysely } from 'kysely';
import { roleMay } from '../../src/protocol/roles';
import { callerBySession, type Caller } from '../store/admin-roles';
import { writeAudit, type AuditAction } from '../store/audit-log';
import type { Db } from '../store/schema';
import { fail } from '../fail';
import { ACCESS_RULES, GUARDED_PREFIXES, type AccessRule } from './access-rules';
import { exportActor, sessionToken, wasAudited } from './admin-auth';
import { bearerToken } from './bearer-token';
import { addressOf } from './client-address';

interface Checked {
  db: Kysely<Db>;
  caller: Caller | undefined;
  rule: AccessRule;
  /** Extra words for the audit line (what was imported, which role was given). */
  detail: string[];
  /** The route wrote its own audit line (a clear-phone export); the guard adds none. */
  audited: boolean;
}
const checked = new WeakMap<Request, Checked>();

/** The route that will answer, as Hono registered it (middleware, registered for `…/*`, skipped). */
function answering(c: Context) {
  return matchedRoutes(c).find((r) => !(r.method === 'ALL' && r.path.endsWith('*')));
}

/** `METHOD /full/path` of the route that will answer. */
export function answeringRoute(c: Context): string | undefined {
  const route = answering(c);
  return route && `${route.method} ${route.path}`;
}

/** The value of a `:name` segment of the answering route (a middleware's own params do not have it). */
function routeParam(pattern: string, path: string, name: string): string | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  const i = want.indexOf(`:${name}`);
  const raw = i >= 0 ? got[i] : undefined;
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** The signed-in admin of this request (after the guard), or undefined (an API token, or no session). */
export function currentCaller(c: Context): Caller | undefined {
  return checked.get(c.req.raw)?.caller;
}

/**
 * The stations this request may see: undefined for every station (district admins, viewers, API
 * tokens), else a manager's list. Handlers of `query` and `handler` routes filter by it.
 */
export function stationScope(c: Context): readonly string[] | undefined {
  const caller = currentCaller(c);
  return caller?.role === 'manager' ? (caller.stations ?? []) : undefined;
}

/** Refuses (403 `forbidden_station`, audited) when the station is not one this request may touch. */
export async function requireStation(c: Context, stationId: string): Promise<void> {
  const scope = stationScope(c);
  if (!scope || scope.includes(stationId)) return;
  await refuse(c, 'forbidden_station', `station ${stationId}`);
}

/** Adds words to the audit line the guard writes for this request. */
export function auditDetail(c: Context, text: string): void {
  checked.get(c.req.raw)?.detail.push(text);
}

/** The route wrote its own audit line; the guard writes none. */
export function markAudited(c: Context): void {
  const entry = checked.get(c.req.raw);
  if (entry) entry.audited = true;
}

async function refuse(c: Context, code: 'forbidden_role' | 'forbidden_station', what: string): Promise<never> {
  const entry = checked.get(c.req.raw);
  if (entry?.caller)
    await writeAudit(entry.db, {
      actor: `admin:${entry.caller.username}`,
      action: 'access_refused',
      detail: `${code}: ${c.req.method} ${new URL(c.req.url).pathname}${what ? ` (${what})` : ''}`,
      address: addressOf(c),
    });
  if (code === 'forbidden_role')
    fail(403, `Your role (${entry?.caller?.role ?? 'none'}) may not do this`, 'forbidden_role');
  fail(403, 'This station is not one of yours', 'forbidden_station');
}

/** The guard for /api/v1/admin/* and /api/v1/export*; `findDeviceStation` answers a device's station. */
export function accessGuard(
  db: Kysely<Db>,
  findDeviceStation: (id: string) => Promise<string | undefined>,
): MiddlewareHandler {
  return async (c, next) => {
    // Kiosk traffic (push, pull) passes straight on: one prefix check.
    const path = c.req.path;
    if (!GUARDED_PREFIXES.some((p) => path.startsWith(p))) return next();
    const route = answering(c);
    // No route answers: the API's 404 does.
    if (!route) return next();
    const key = `${route.method} ${route.path}`;
    const rule = ACCESS_RULES[key];
    if (!rule) {
      console.error(`Refused ${key}: it has no line in server/auth/access-rules.ts`);
      fail(403, 'This route declares no access rule, so it is refused', 'route_undeclared');
    }
    const entry: Checked = { db, caller: undefined, rule, detail: [], audited: false };
    checked.set(c.req.raw, entry);
    if (rule.need === 'anyone' || rule.need === 'signed-in') return next();
    const token = rule.need !== 'district' && rule.token ? bearerToken(c) : undefined;
    if (!token) {
      const session = sessionToken(c);
      entry.caller = session ? await callerBySession(db, session) : undefined;
      if (!entry.caller) fail(401, 'Sign in as an admin first', 'not_signed_in');
      if (!roleMay(entry.caller.role, rule.need)) await refuse(c, 'forbidden_role', '');
      if (rule.need !== 'district' && entry.caller.role === 'manager') {
        const id = routeParam(route.path, path, 'id');
        if (rule.stations === 'param' && id) await requireStation(c, id);
        if (rule.stations === 'device' && id) {
          const station = await findDeviceStation(id);
          // An unknown device is the route's own 404.
          if (station) await requireStation(c, station);
        }
        const asked = c.req.query('station');
        if (rule.stations === 'query' && asked) await requireStation(c, asked);
      }
    }
    await next();
    if (rule.audit && c.res.status < 400 && !entry.audited && !wasAudited(c)) await audit(c, entry, rule.audit);
  };
}

async function audit(c: Context, entry: Checked, action: AuditAction) {
  const url = new URL(c.req.url);
  const what = [`${c.req.method} ${url.pathname}${url.search}`, ...entry.detail];
  await writeAudit(entry.db, {
    actor: entry.caller ? `admin:${entry.caller.username}` : (exportActor(c) ?? 'unknown'),
    action,
    detail: what.join(' · ').slice(0, 1000),
    address: addressOf(c),
  });
}
