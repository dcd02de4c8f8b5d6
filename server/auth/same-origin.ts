/**
 * CSRF defence for cookie-authenticated routes: a state change (any method but
 * GET/HEAD/OPTIONS) must come from our own origin. Browsers send `Origin` on
 * every cross-origin POST and `Sec-Fetch-Site` on every request; a request with
 * neither comes from a script or a BI tool, which holds no victim's cookie.
 * SameSite=Strict alone is not enough: a sibling subdomain counts as same-site.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { fail } from '../fail';
import type { NetworkTrust } from './client-address';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the browser addressed: our Host (or the trusted proxy's X-Forwarded-Host/-Proto). */
function ownHost(c: Context, trust: NetworkTrust): string | undefined {
  const forwarded = trust.trustProxy ? c.req.header('x-forwarded-host')?.split(',').at(-1)?.trim() : undefined;
  return (forwarded ?? c.req.header('host'))?.toLowerCase();
}

/** Refuses a cross-origin state change with 403 `cross_origin`. */
export function requireSameOrigin(trust: NetworkTrust): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none')
        fail(403, 'Cross-site requests may not change anything here', 'cross_origin');
      const origin = c.req.header('origin');
      if (origin !== undefined) {
        let host: string | undefined;
        try {
          host = new URL(origin).host.toLowerCase();
        } catch {
          host = undefined; // "null" (a sandboxed frame, a file:) is never ours
        }
        if (!host || host !== ownHost(c, trust))
          fail(403, 'Cross-origin requests may not change anything here', 'cross_origin');
      }
    }
    await next();
  };
}
