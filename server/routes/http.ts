/** Shared HTTP helpers: clear JSON errors and body parsing against the protocol schemas. */
import type { Context } from 'hono';
import type * as v from 'valibot';
import { parseWire } from '../../src/protocol/schemas';
import { fail } from '../fail';

// Routes take fail from here with the other helpers; it lives in ../fail so that auth can use it without routes.
export { fail };

/** Reads a JSON body and checks it against a schema; anything else is a 4xx that changes nothing. */
export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json'))
    fail(415, 'Send the body as application/json', 'unsupported_media_type');
  const text = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail(400, 'The request body is not valid JSON', 'bad_request');
  }
  const parsed = parseWire(schema, json);
  if (!parsed.ok) fail(400, `Invalid request: ${parsed.message}`, 'bad_request');
  return parsed.value;
}

/** Parses the query string with a schema; anything else is 400 `bad_query`. */
export function readQuery<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  const parsed = parseWire(schema, c.req.query());
  if (!parsed.ok) fail(400, `Invalid query: ${parsed.message}`, 'bad_query');
  return parsed.value;
}
