/**
 * The one way console code reaches the server: JSON in, JSON out, every answer parsed
 * with a schema before a screen sees it, failures as typed errors a screen can word in Chinese.
 */
import * as v from 'valibot';

/** A failed call: the server's status and stable code (when it gave one) and its message, for the log only. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's stable error code, when it gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The server could not be reached (network down, server stopped, timed out). */
export class OfflineError extends Error {}

const ErrorBodySchema = v.object({ error: v.optional(v.string()), code: v.optional(v.string()) });

const expiredListeners = new Set<() => void>();

/** Called when a signed-in call answers 401: the session ran out and the console goes back to sign-in. */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

/** Paths where 401 is an answer, not an expired session. */
const SIGN_IN_PATHS = new Set(['/login', '/me']);

/** How long a console call may take before it counts as the network being down. */
const TIMEOUT_MS = 20_000;

export interface RequestInitLite {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Send `body` as it is (a transfer file), not as JSON. */
  raw?: boolean;
}

/** Calls `/api/v1/admin<path>` (or another `/api/v1/…` path given in full) and returns the answer parsed with `schema`. */
export async function adminRequest<S extends v.GenericSchema>(
  path: string,
  schema: S,
  init: RequestInitLite = {},
): Promise<v.InferOutput<S>> {
  const hasBody = init.body !== undefined;
  let res: Response;
  try {
    res = await fetch(path.startsWith('/api/v1/') ? path : `/api/v1/admin${path}`, {
      method: init.method ?? (hasBody ? 'POST' : 'GET'),
      headers: hasBody && !init.raw ? { 'content-type': 'application/json' } : {},
      body: !hasBody ? undefined : init.raw ? String(init.body) : JSON.stringify(init.body),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new OfflineError(err instanceof Error ? err.message : String(err));
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const body = v.safeParse(ErrorBodySchema, json);
    const error = body.success ? body.output : {};
    if (res.status === 401 && !SIGN_IN_PATHS.has(path.split('?')[0] ?? path)) {
      for (const listener of expiredListeners) listener();
    }
    // A proxy in front of a stopped server answers 502/503/504 with no JSON of ours: to the admin that is "unreachable".
    if (res.status >= 502 && res.status <= 504 && !error.code && !error.error)
      throw new OfflineError(`HTTP ${res.status}`);
    throw new AdminApiError(res.status, error.error ?? `HTTP ${res.status}`, error.code);
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) throw new AdminApiError(res.status, v.summarize(parsed.issues), 'bad_response');
  return parsed.output;
}
