/**
 * Micro-wishes (微心愿) and suggestions (意见建议): their wire schemas (DESIGN.md
 * "Record kinds"), the forward-only status machines, and the receipt code a worker
 * keeps to look a suggestion up.
 */
import * as v from 'valibot';
import { humanText } from './people';
import { InstantSchema } from './schemas';
import { UUID_PATTERN } from './uuid7';

const Uuid = v.pipe(v.string(), v.regex(UUID_PATTERN, 'must be a UUID'));

/** Free text a person wrote: human text that says something in words (not only emoji or symbols). */
function writtenText(max: number, what: string) {
  return v.pipe(
    humanText(max, what),
    v.check((s) => /[\p{L}\p{N}]/u.test(s), `${what} has no words in it`),
  );
}

export const WISH_CATEGORIES = ['daily_goods', 'training', 'legal', 'wellbeing', 'other'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];
export const WISH_STATUSES = ['open', 'claimed', 'fulfilled', 'withdrawn'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

/** A wish only moves forward: open → claimed → fulfilled, or withdrawn before it is fulfilled. */
export const WISH_TRANSITIONS: Record<string, readonly WishStatus[]> = {
  open: ['claimed', 'fulfilled', 'withdrawn'],
  claimed: ['fulfilled', 'withdrawn'],
  fulfilled: [],
  withdrawn: [],
};

/** Fields that travel with a wish's status (who claimed it, when it moved). */
export const WISH_STATUS_FIELDS = ['claimedBy', 'claimedAt', 'fulfilledAt', 'withdrawnAt'] as const;

export const WishRecordSchema = v.strictObject({
  id: Uuid,
  createdAt: InstantSchema,
  category: v.picklist(WISH_CATEGORIES, 'is not a known wish category'),
  text: writtenText(200, 'text'),
  /** The member who posted it (never a phone); null for an anonymous wish. */
  memberId: v.nullable(Uuid),
  /** The poster's masked name for the wall (李*), from the directory; absent when anonymous. */
  posterName: v.optional(v.pipe(v.string(), v.maxLength(8))),
  status: v.picklist(WISH_STATUSES, 'is not a known wish status'),
  claimedBy: v.optional(humanText(40, 'claimedBy')),
  claimedAt: v.optional(InstantSchema),
  fulfilledAt: v.optional(InstantSchema),
  withdrawnAt: v.optional(InstantSchema),
  stationId: v.optional(v.string()),
});
export type WishRecord = v.InferOutput<typeof WishRecordSchema>;

export const SUGGESTION_CATEGORIES = ['sanitation', 'public_service', 'residential', 'traffic', 'other'] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];
export const SUGGESTION_STATUSES = ['received', 'in_progress', 'resolved', 'declined'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** received → in_progress → resolved | declined (a suggestion may be answered straight away). */
export const SUGGESTION_TRANSITIONS: Record<string, readonly SuggestionStatus[]> = {
  received: ['in_progress', 'resolved', 'declined'],
  in_progress: ['resolved', 'declined'],
  resolved: [],
  declined: [],
};

/** Letters and digits no one misreads (no I, O, 0, 1). */
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const RECEIPT_CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

/** A receipt code made offline: 40 random bits shown as XXXX-XXXX. */
export function newReceiptCode(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  const s = Array.from(bytes, (b) => CODE_CHARS[b & 31]).join('');
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** A typed code, normalised (case, spaces, the dash optional); null when it cannot be a receipt code. */
export function normaliseReceiptCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '');
  const code = `${s.slice(0, 4)}-${s.slice(4)}`;
  return RECEIPT_CODE.test(code) ? code : null;
}

export const SuggestionRecordSchema = v.strictObject({
  id: Uuid,
  createdAt: InstantSchema,
  category: v.picklist(SUGGESTION_CATEGORIES, 'is not a known suggestion category'),
  text: writtenText(500, 'text'),
  memberId: v.nullable(Uuid),
  status: v.picklist(SUGGESTION_STATUSES, 'is not a known suggestion status'),
  receiptCode: v.pipe(v.string(), v.regex(RECEIPT_CODE, 'must be a receipt code like K7M2-9QPA')),
  /** The district's answer, shown at the kiosk lookup. */
  reply: v.optional(writtenText(1000, 'reply')),
  repliedAt: v.optional(InstantSchema),
  /** The colleague the district gave it to. */
  assignedTo: v.optional(humanText(40, 'assignedTo')),
  stationId: v.optional(v.string()),
});
export type SuggestionRecord = v.InferOutput<typeof SuggestionRecordSchema>;
