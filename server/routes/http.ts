/** Shared HTTP helpers: clear JSON errors and body parsing against the protocol schemas. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as v from 'valibot';
import { parseWire } from '../../src/protocol/schemas';

/** Stops the request with a status and a message the caller can read. */
export function fail(status: ContentfulStatusCode, message: string, code?: string): never {
  throw new HTTPException(status, {
    res: new Response(JSON.stringify({ error: message, ...(code ? { code } : {}) }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    }),
  });
}

/** Reads a JSON body and checks it against a schema; anything else is a 4xx that changes nothing. */
export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) fail(415, 'Send the body as application/json');
  const text = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail(400, 'The request body is not valid JSON');
  }
  const parsed = parseWire(schema, json);
  if (!parsed.ok) fail(400, `Invalid request: ${parsed.message}`);
  return parsed.value;
}

/** The bearer token of a request, or undefined. */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}
