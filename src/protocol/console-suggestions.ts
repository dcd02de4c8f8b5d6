/**
 * The console's suggestions API under /api/v1/admin (signed-in admins only). The server
 * parses requests with these schemas; the console parses answers with them. Writes go
 * through the rails as console changes (versions and conflicts are the rails').
 *
 * Routes:
 *   GET  /suggestions?category=&station=&status=&assignee=&sort=&order=&offset=&limit= → SuggestionListResponse
 *   GET  /suggestions/assignees          → AssigneeListResponse (the district's admins)
 *   GET  /suggestions/:id                → SuggestionResponse
 *   POST /suggestions/:id  SuggestionUpdateRequest → SuggestionResponse
 *        (409 `conflict`: it changed meanwhile; 400 `status_backwards`, `reply_required`, `not_an_admin`)
 *   GET  /suggestions/:id/photo          → the photo's bytes (404 `photo_not_found`)
 */
import * as v from 'valibot';
import { humanText } from './people';
import { PHOTO_TYPES } from './suggestion-photos';
import { SUGGESTION_CATEGORIES, SUGGESTION_STATUSES } from './wishes';

/** Stable error codes of these routes (beside `bad_request`, `not_signed_in`). */
export const SUGGESTION_ERROR_CODES = [
  'bad_request',
  'bad_query',
  'suggestion_not_found',
  'photo_not_found',
  'conflict',
  'status_backwards',
  'server_field',
  /** Resolving or declining tells the worker why: a reply is needed. */
  'reply_required',
  /** Suggestions are assigned to the district's admins only. */
  'not_an_admin',
] as const;

const Digits = (max: number) => v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'must be a number'), v.maxLength(max));

/** `open` is received or in progress: what still needs the district. */
export const SUGGESTION_STATUS_FILTERS = ['open', ...SUGGESTION_STATUSES] as const;
export const SUGGESTION_SORTS = ['age', 'updated', 'station', 'category', 'status'] as const;
export type SuggestionSort = (typeof SUGGESTION_SORTS)[number];

/** Query of GET /suggestions; paged by offset (limit ≤ 200, default 50), sorted on the server (oldest first by default). */
export const SuggestionListQuerySchema = v.object({
  category: v.optional(v.picklist(SUGGESTION_CATEGORIES, 'is not a known suggestion category')),
  station: v.optional(v.pipe(v.string(), v.maxLength(64))),
  status: v.optional(v.picklist(SUGGESTION_STATUS_FILTERS, 'is not a known status')),
  /** An admin's username, or `-` for nobody yet. */
  assignee: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** Received more than this many days ago. */
  olderThan: v.optional(Digits(4)),
  sort: v.optional(v.picklist(SUGGESTION_SORTS, 'is not a known sort')),
  order: v.optional(v.picklist(['asc', 'desc'], 'must be asc or desc')),
  offset: v.optional(Digits(6)),
  limit: v.optional(Digits(3)),
});
export type SuggestionListQuery = v.InferOutput<typeof SuggestionListQuerySchema>;

const Category = v.picklist(SUGGESTION_CATEGORIES);
const Status = v.picklist(SUGGESTION_STATUSES);

/** One suggestion as the console lists it. */
export const SuggestionSummarySchema = v.object({
  id: v.string(),
  receiptCode: v.string(),
  category: Category,
  text: v.string(),
  status: Status,
  stationId: v.string(),
  stationName: v.string(),
  createdAt: v.string(),
  /** When the server last changed it. */
  updatedAt: v.string(),
  assignedTo: v.nullable(v.string()),
  reply: v.nullable(v.string()),
  repliedAt: v.nullable(v.string()),
  /** Left by a registered member (the console shows no more than that here). */
  fromMember: v.boolean(),
  photo: v.nullable(v.object({ type: v.picklist(PHOTO_TYPES), bytes: v.number() })),
  version: v.number(),
});
export type SuggestionSummary = v.InferOutput<typeof SuggestionSummarySchema>;

/** The district's figures as it reports them: collected and resolved (and the rest). */
export const SuggestionFiguresSchema = v.object({
  collected: v.number(),
  resolved: v.number(),
  declined: v.number(),
  inProgress: v.number(),
  received: v.number(),
});
export type SuggestionFigures = v.InferOutput<typeof SuggestionFiguresSchema>;

export const SuggestionListResponseSchema = v.object({
  suggestions: v.array(SuggestionSummarySchema),
  total: v.number(),
  offset: v.number(),
  limit: v.number(),
  figures: SuggestionFiguresSchema,
});
export type SuggestionListResponse = v.InferOutput<typeof SuggestionListResponseSchema>;

export const SuggestionResponseSchema = v.object({ suggestion: SuggestionSummarySchema });
export type SuggestionResponse = v.InferOutput<typeof SuggestionResponseSchema>;

export const AssigneeListResponseSchema = v.object({ admins: v.array(v.string()) });
export type AssigneeListResponse = v.InferOutput<typeof AssigneeListResponseSchema>;

/**
 * POST /suggestions/:id: any of status, reply and assignee, based on the version the console
 * read. An empty reply is not a reply; `assignedTo: null` takes the assignment back.
 */
export const SuggestionUpdateRequestSchema = v.strictObject({
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  status: v.optional(v.picklist(SUGGESTION_STATUSES, 'is not a known suggestion status')),
  reply: v.optional(
    v.pipe(
      humanText(1000, 'reply'),
      v.check((s) => /[\p{L}\p{N}]/u.test(s), 'reply has no words in it'),
    ),
  ),
  assignedTo: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(40)))),
});
export type SuggestionUpdateRequest = v.InferOutput<typeof SuggestionUpdateRequestSchema>;
