/**
 * What every kiosk of the district holds of a suggestion, so a worker can look it up by its
 * receipt code at any kiosk, offline: the code, category, status and the district's reply.
 * Not the text, nor who left it (a kiosk of another station has no need of either). The
 * server writes one beside every suggestion change (kind `suggestion_status`, pulled by the district).
 */
import * as v from 'valibot';
import { InstantSchema } from './schemas';
import { RECEIPT_CODE, SUGGESTION_CATEGORIES, SUGGESTION_STATUSES, type SuggestionRecord } from './wishes';
import { UUID_PATTERN } from './uuid7';

export const SuggestionStatusViewSchema = v.strictObject({
  /** The suggestion's id. */
  id: v.pipe(v.string(), v.regex(UUID_PATTERN, 'must be a UUID')),
  receiptCode: v.pipe(v.string(), v.regex(RECEIPT_CODE)),
  createdAt: InstantSchema,
  category: v.picklist(SUGGESTION_CATEGORIES),
  status: v.picklist(SUGGESTION_STATUSES),
  reply: v.optional(v.pipe(v.string(), v.maxLength(4000))),
  repliedAt: v.optional(InstantSchema),
  /** Where it was left, so the worker recognises it (kiosks of other stations know no station names). */
  stationName: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export type SuggestionStatusView = v.InferOutput<typeof SuggestionStatusViewSchema>;

/** The district's view of a suggestion. */
export function suggestionStatusOf(s: SuggestionRecord, stationName: string | undefined): SuggestionStatusView {
  return {
    id: s.id,
    receiptCode: s.receiptCode,
    createdAt: s.createdAt,
    category: s.category,
    status: s.status,
    ...(s.reply !== undefined ? { reply: s.reply } : {}),
    ...(s.repliedAt !== undefined ? { repliedAt: s.repliedAt } : {}),
    ...(stationName ? { stationName } : {}),
  };
}
