/**
 * Where a request comes from, and whether it came over TLS. Behind a reverse
 * proxy (TRUST_PROXY=1) the proxy's X-Forwarded-For and X-Forwarded-Proto are
 * believed; otherwise only the socket is, so a client cannot pick its own
 * address to dodge the throttles.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';

/** How the server trusts the network in front of it. */
export interface NetworkTrust {
  /** A proxy in front sets X-Forwarded-For/-Proto; believe its last hop. */
  trustProxy: boolean;
}

function incoming(c: Context): IncomingMessage | undefined {
  const env = c.env as { incoming?: IncomingMessage; server?: { incoming?: IncomingMessage } } | undefined;
  return env?.server?.incoming ?? env?.incoming;
}

/** The client's address: the socket's, or behind a trusted proxy the address the proxy saw. */
export function clientAddress(c: Context, trust: NetworkTrust): string {
  if (trust.trustProxy) {
    // The last entry is the one our proxy appended; earlier ones the client could have written.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return incoming(c)?.socket.remoteAddress ?? 'unknown';
}

/** True when the browser reached us over HTTPS (TLS here, or at a trusted proxy). */
export function isSecureRequest(c: Context, trust: NetworkTrust): boolean {
  if ((incoming(c)?.socket as TLSSocket | undefined)?.encrypted) return true;
  return trust.trustProxy && c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase() === 'https';
}

const addresses = new WeakMap<Request, string>();

/** Middleware: notes each request's client address once, for throttles and the audit log further down. */
export function noteClientAddress(trust: NetworkTrust): MiddlewareHandler {
  return async (c, next) => {
    addresses.set(c.req.raw, clientAddress(c, trust));
    await next();
  };
}

/** The address noteClientAddress found for this request (or the socket's, without it). */
export function addressOf(c: Context): string {
  return addresses.get(c.req.raw) ?? clientAddress(c, { trustProxy: false });
}
