/**
 * Schemas for query parameters: every one parsed before it is used, so a
 * malformed date or number answers 400 with a code, never a 500 or a silent
 * guess (`from=1` is not the year 2001).
 */
import * as v from 'valibot';
import { instantProblem, normalizeInstant } from '../../src/protocol/instant';
import { SERVICE_IDS } from '../../src/protocol/services';
import { AUDIT_ACTIONS } from '../store/audit-log';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A strict ISO instant with a zone, or a calendar day (its UTC midnight); normalised to `…Z`. */
export const InstantParam = v.pipe(
  v.string(),
  v.transform((s) => (DAY.test(s) ? `${s}T00:00:00Z` : s)),
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.typed) {
      const problem = instantProblem(dataset.value);
      if (problem) addIssue({ message: problem });
    }
  }),
  v.transform(normalizeInstant),
);

/** A whole number from 0 to `max` written in plain digits. */
export function intParam(max: number) {
  return v.pipe(
    v.string(),
    v.regex(/^\d{1,15}$/, 'must be a whole number'),
    v.transform(Number),
    v.maxValue(max, `must be at most ${max}`),
  );
}

/** The console's visit list: `from`/`to` instants, a station and a service. */
export const VisitsQuerySchema = v.object({
  from: v.optional(InstantParam),
  to: v.optional(InstantParam),
  station: v.optional(v.pipe(v.string(), v.maxLength(64))),
  service: v.optional(v.picklist(SERVICE_IDS, 'is not a known service')),
});

/** The audit log: who, which action, a date range (`to` exclusive), and the page. */
export const AuditQuerySchema = v.object({
  limit: v.optional(v.pipe(intParam(1000), v.minValue(1, 'must be at least 1'))),
  offset: v.optional(intParam(10_000_000)),
  action: v.optional(v.picklist(AUDIT_ACTIONS, 'is not an audited action')),
  actor: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120))),
  from: v.optional(InstantParam),
  to: v.optional(InstantParam),
  format: v.optional(v.picklist(['csv', 'ndjson'], 'must be csv or ndjson')),
});
