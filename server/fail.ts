/** Stops a request with a status and a JSON message; shared by routes and auth, so auth needs nothing from routes. */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stops the request with a status and a message the caller can read. */
export function fail(status: ContentfulStatusCode, message: string): never {
  throw new HTTPException(status, {
    res: new Response(JSON.stringify({ error: message }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    }),
  });
}
