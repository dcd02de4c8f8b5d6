/** Stops a request with a status and a JSON message; shared by routes and auth, so auth needs nothing from routes. */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stops the request with a status, a message the caller can read and, where given, a stable code and headers. */
export function fail(
  status: ContentfulStatusCode,
  message: string,
  code?: string,
  headers: Record<string, string> = {},
): never {
  throw new HTTPException(status, {
    res: new Response(JSON.stringify({ error: message, ...(code ? { code } : {}) }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    }),
  });
}
