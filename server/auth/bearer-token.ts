/** Reads the `Authorization: Bearer …` header that device and admin API tokens arrive in. */
import type { Context } from 'hono';

/** The bearer token of a request, or undefined. */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}
