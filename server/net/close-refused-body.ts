/**
 * Middleware: an error answer to a request whose body was not read to the end
 * (413 too large, 401 before a push was read, …) says `Connection: close`, so
 * the unread rest of the body is never taken for the next request on the
 * connection, and a client cannot keep a refused upload open.
 */
import type { MiddlewareHandler } from 'hono';
import type { IncomingMessage } from 'node:http';

export function closeAfterRefusedBody(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status < 400) return;
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    if (c.res.status === 413 || (hasBody && incoming && !incoming.readableEnded)) c.header('Connection', 'close');
  };
}
