/**
 * The console's micro-wish (微心愿) API under /api/v1/admin. The server parses requests
 * with these schemas; the console parses answers with them. Every write is POST and goes
 * through the sync rails as a console change, so versions and conflicts are the kiosks' own.
 * Errors answer `{error, code}` with a code from WISH_ERROR_CODES.
 *
 * Routes:
 *   GET  /wishes?status=&category=&station=&minDays=&maxDays=&offset=&limit=  → WishListResponse
 *   POST /wishes/:id/claim     WishClaimRequest    → WishResponse
 *   POST /wishes/:id/fulfil    WishFulfilRequest   → WishResponse
 *   POST /wishes/:id/withdraw  VersionRequest      → WishResponse
 */
import * as v from 'valibot';
import { humanText } from './people';
import { WISH_CATEGORIES, WISH_STATUSES } from './wishes';

/** The server version the admin saw; an older one answers 409 `conflict` unless the move still commutes. */
const Version = v.pipe(v.number(), v.integer(), v.minValue(1));
const WholeNumber = (digits: number) =>
  v.pipe(v.string(), v.regex(new RegExp(`^\\d{1,${digits}}$`), 'must be a whole number'));

/** Stable error codes of these routes (beside `bad_request`, `unauthorized`). */
export const WISH_ERROR_CODES = [
  'bad_request',
  /** A filter of the list is not one the server knows. */
  'bad_query',
  'wish_not_found',
  /** The wish changed since the console read it, and this move does not fit what it is now. */
  'conflict',
  /** The move goes backwards (a fulfilled or withdrawn wish stays so). */
  'status_backwards',
] as const;
export type WishErrorCode = (typeof WISH_ERROR_CODES)[number];

/**
 * Query of GET /wishes; paged by offset (limit ≤ 200, default 50), newest first.
 * `minDays` / `maxDays`: posted at least / at most that many days ago.
 */
export const WishListQuerySchema = v.object({
  status: v.optional(v.picklist(WISH_STATUSES)),
  category: v.optional(v.picklist(WISH_CATEGORIES)),
  station: v.optional(v.pipe(v.string(), v.maxLength(64))),
  minDays: v.optional(WholeNumber(4)),
  maxDays: v.optional(WholeNumber(4)),
  offset: v.optional(WholeNumber(7)),
  limit: v.optional(WholeNumber(3)),
});
export type WishListQuery = v.InferOutput<typeof WishListQuerySchema>;

/** A wish as the console shows it: the poster only by masked name and member number, never a phone. */
export const WishSummarySchema = v.object({
  id: v.string(),
  createdAt: v.string(),
  category: v.picklist(WISH_CATEGORIES),
  text: v.string(),
  status: v.picklist(WISH_STATUSES),
  posterName: v.nullable(v.string()),
  /** The poster's member number: how the district reaches them (through the member's record). */
  memberNo: v.nullable(v.string()),
  stationId: v.string(),
  stationName: v.string(),
  claimedBy: v.nullable(v.string()),
  claimedAt: v.nullable(v.string()),
  fulfilledAt: v.nullable(v.string()),
  withdrawnAt: v.nullable(v.string()),
  version: v.number(),
});
export type WishSummary = v.InferOutput<typeof WishSummarySchema>;

export const WishListResponseSchema = v.object({
  wishes: v.array(WishSummarySchema),
  /** How many match the filters (for paging). */
  total: v.number(),
  offset: v.number(),
  limit: v.number(),
  /** Wishes of the district by status (the filters' station and category applied, not status or age). */
  counts: v.object({ open: v.number(), claimed: v.number(), fulfilled: v.number(), withdrawn: v.number() }),
});
export type WishListResponse = v.InferOutput<typeof WishListResponseSchema>;

export const WishResponseSchema = v.object({ wish: WishSummarySchema });
export type WishResponse = v.InferOutput<typeof WishResponseSchema>;

/** Claim: who takes it on (a volunteer, a team, a department). */
export const WishClaimRequestSchema = v.object({ version: Version, claimedBy: humanText(40, 'claimedBy') });
export type WishClaimRequest = v.InferOutput<typeof WishClaimRequestSchema>;

/** Fulfil: who did it, when the wish was not claimed before (kept as it was otherwise). */
export const WishFulfilRequestSchema = v.object({
  version: Version,
  claimedBy: v.optional(humanText(40, 'claimedBy')),
});
export type WishFulfilRequest = v.InferOutput<typeof WishFulfilRequestSchema>;

export const WishVersionRequestSchema = v.object({ version: Version });
export type WishVersionRequest = v.InferOutput<typeof WishVersionRequestSchema>;
