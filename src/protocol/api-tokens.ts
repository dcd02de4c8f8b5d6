/**
 * API tokens for BI pulls on the wire: what the console lists, what it sends to make one, and the
 * state each token is in. The clear token is answered once, when it is made, and never again.
 */
import * as v from 'valibot';
import { humanText } from './people';

/** What an API token may do: export records, and see phone numbers in clear. */
export const API_SCOPES = ['export', 'export:phones'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** How long an API token lives unless told otherwise. */
export const API_TOKEN_DAYS = 90;
/** The longest life the console gives a token (the CLI allows longer for a server-to-server pull). */
export const MAX_API_TOKEN_DAYS = 365;

/** live: it works; expired: its time ran out; revoked: an admin ended it. */
export const API_TOKEN_STATES = ['live', 'expired', 'revoked'] as const;
export type ApiTokenState = (typeof API_TOKEN_STATES)[number];

/** The state of a token at `now`: revoked wins over expired. */
export function apiTokenState(
  t: { expiresAt: string | null; revokedAt: string | null },
  now = new Date(),
): ApiTokenState {
  if (t.revokedAt) return 'revoked';
  return t.expiresAt !== null && Date.parse(t.expiresAt) <= now.getTime() ? 'expired' : 'live';
}

/** `POST /admin/api-tokens`: a name people recognise, what it may do, for how many days. */
export const ApiTokenCreateRequestSchema = v.object({
  name: humanText(60, 'name'),
  /** `export` is always given; `export:phones` adds phone numbers in clear. */
  scopes: v.optional(
    v.pipe(v.array(v.picklist(API_SCOPES, 'scopes are export and export:phones')), v.maxLength(API_SCOPES.length)),
    ['export'],
  ),
  days: v.optional(
    v.pipe(
      v.number(),
      v.integer('days must be a whole number'),
      v.minValue(1, 'days must be 1 to 365'),
      v.maxValue(MAX_API_TOKEN_DAYS, 'days must be 1 to 365'),
    ),
    API_TOKEN_DAYS,
  ),
});
export type ApiTokenCreateRequest = v.InferInput<typeof ApiTokenCreateRequestSchema>;

/** One token as the console lists it (never its secret). */
export const ApiTokenSummarySchema = v.object({
  id: v.string(),
  name: v.string(),
  scopes: v.array(v.picklist(API_SCOPES)),
  createdAt: v.string(),
  /** Null for a token made before tokens expired: it lives until revoked. */
  expiresAt: v.nullable(v.string()),
  revokedAt: v.nullable(v.string()),
  state: v.picklist(API_TOKEN_STATES),
});
export type ApiTokenSummary = v.InferOutput<typeof ApiTokenSummarySchema>;

/** `GET /admin/api-tokens`: every token, newest first. */
export const ApiTokenListResponseSchema = v.object({ tokens: v.array(ApiTokenSummarySchema) });
export type ApiTokenListResponse = v.InferOutput<typeof ApiTokenListResponseSchema>;

/** `POST /admin/api-tokens` → 201: the token as listed, and its clear secret, shown this once. */
export const ApiTokenCreatedResponseSchema = v.object({ ...ApiTokenSummarySchema.entries, token: v.string() });
export type ApiTokenCreatedResponse = v.InferOutput<typeof ApiTokenCreatedResponseSchema>;

/** Stable codes of the token routes' refusals; the console words each. */
export const API_TOKEN_ERROR_CODES = ['api_token_not_found'] as const;
export type ApiTokenErrorCode = (typeof API_TOKEN_ERROR_CODES)[number];
