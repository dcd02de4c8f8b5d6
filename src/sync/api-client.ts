/** The kiosk's HTTP client for /api/v1: every answer is parsed against the shared protocol schemas. */
import * as v from 'valibot';
import {
  EnrollCheckResponseSchema,
  EnrollResponseSchema,
  ErrorResponseSchema,
  HeartbeatResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  parseWire,
  type DiscardReport,
  type EnrollCheckResponse,
  type EnrollResponse,
  type Heartbeat,
  type HeartbeatResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../protocol/schemas';
import { PhotoReceiptSchema, type PhotoReceipt } from '../protocol/suggestion-photos';

/** The server could not be reached at all (offline, refused, cut). Normal for a kiosk. */
export class OfflineError extends Error {
  constructor(cause: unknown) {
    super('The server cannot be reached', { cause });
    this.name = 'OfflineError';
  }
}

/** The server answered, but not with success. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's stable error code, when it gave one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ApiClient {
  enroll(code: string, deviceName?: string): Promise<EnrollResponse>;
  /** Which station a code would enroll this kiosk at, without spending it. */
  checkEnrollCode(code: string): Promise<EnrollCheckResponse>;
  push(token: string, body: PushRequest): Promise<PushResponse>;
  pull(token: string, cursor: string): Promise<PullResponse>;
  heartbeat(token: string, body: Heartbeat): Promise<HeartbeatResponse>;
  reportDiscarded(token: string, body: DiscardReport): Promise<{ recorded: number }>;
  /** Uploads a suggestion's photo by its attachment id (optional: clients made for tests may leave it out). */
  putPhoto?(
    token: string,
    id: string,
    suggestionId: string,
    photo: { type: string; bytes: Uint8Array },
  ): Promise<PhotoReceipt>;
}

/** A client for the server at `baseUrl` ('' for the page's own origin). */
export function createApiClient(
  baseUrl = '',
  fetchFn: typeof fetch = (...a) => fetch(...a),
  /** A request with no complete answer by then counts as offline (a stalled connection, a captive portal). */
  timeoutMs = 30_000,
): ApiClient {
  async function call<S extends v.GenericSchema>(schema: S, path: string, init: RequestInit) {
    let res: Response;
    let text: string;
    try {
      res = await fetchFn(baseUrl + path, { ...init, cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (err) {
      throw new OfflineError(err);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // A truncated or foreign answer (a captive portal page, a proxy error): not the server's word.
      throw new HttpError(res.status, `Unreadable answer from server (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const error = parseWire(ErrorResponseSchema, body);
      throw new HttpError(
        res.status,
        error.ok ? error.value.error : `HTTP ${res.status}`,
        error.ok ? error.value.code : undefined,
      );
    }
    const parsed = parseWire(schema, body);
    if (!parsed.ok) throw new HttpError(res.status, `Unexpected answer from server: ${parsed.message}`);
    return parsed.value as v.InferOutput<S>;
  }
  const json = (token: string | null, body?: unknown): RequestInit => ({
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    enroll: (code, deviceName) => call(EnrollResponseSchema, '/api/v1/enroll', json(null, { code, deviceName })),
    checkEnrollCode: (code) => call(EnrollCheckResponseSchema, '/api/v1/enroll/check', json(null, { code })),
    push: (token, body) => call(PushResponseSchema, '/api/v1/sync/push', json(token, body)),
    pull: (token, cursor) =>
      call(PullResponseSchema, `/api/v1/sync/pull?cursor=${encodeURIComponent(cursor)}`, json(token)),
    heartbeat: (token, body) => call(HeartbeatResponseSchema, '/api/v1/sync/heartbeat', json(token, body)),
    reportDiscarded: (token, body) =>
      call(v.object({ recorded: v.number() }), '/api/v1/sync/discarded', json(token, body)),
    putPhoto: (token, id, suggestionId, photo) =>
      call(PhotoReceiptSchema, `/api/v1/attachments/${id}?suggestion=${encodeURIComponent(suggestionId)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': photo.type },
        body: photo.bytes as Uint8Array<ArrayBuffer>,
      }),
  };
}
