/** The audit log on the wire: its actions, the console's query and the page it gets back. */
import * as v from 'valibot';

/** What an audited action is called; stable, for the console and for grep. */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'api_token_created',
  'api_token_revoked',
  'export_clear_phones',
  // Roles and the console's actions (the access table in server/auth/access-rules.ts names them).
  'export',
  'access_refused',
  'admin_created',
  'role_changed',
  'station_created',
  'station_edited',
  'enroll_code_created',
  'reenroll_code_created',
  'device_renamed',
  'device_revoked',
  'transfer_imported',
  'member_viewed',
  'member_merged',
  'member_split',
  'party_org_created',
  'party_org_edited',
  'event_created',
  'event_edited',
  'event_cancelled',
  'audit_exported',
  // Data-subject deletion of a member (the route writes it with the ids deleted).
  'member_deleted',
  'wish_changed',
  'suggestion_answered',
  'pin_reset_code_created',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audit line: who (`admin:<user>`, `token:<id>`, `cli`), what, when, from which address. */
export const AuditEntrySchema = v.object({
  seq: v.number(),
  at: v.string(),
  actor: v.string(),
  action: v.string(),
  detail: v.optional(v.string()),
  address: v.optional(v.string()),
});
export type AuditEntryView = v.InferOutput<typeof AuditEntrySchema>;

/** `GET /admin/audit`: a page of entries, newest first, and how many match the filters. */
export const AuditListResponseSchema = v.object({
  entries: v.array(AuditEntrySchema),
  total: v.number(),
  offset: v.number(),
  limit: v.number(),
  /** Days entries are kept (AUDIT_RETENTION_DAYS). */
  retentionDays: v.optional(v.number()),
});
export type AuditListResponse = v.InferOutput<typeof AuditListResponseSchema>;
