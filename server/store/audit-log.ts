/** The audit log: who did what, when and from which address (sign-ins, API tokens, clear-phone exports). */
import type { Kysely } from 'kysely';
import type { Db } from './schema';

/** What an audited action is called; stable, for the console and for grep. */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'api_token_created',
  'api_token_revoked',
  'export_clear_phones',
  'member_deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** `admin:<username>`, `token:<id>` or `cli`. */
  actor: string;
  action: AuditAction;
  /** A short description; never a phone number, a password or a token. */
  detail?: string;
  address?: string;
}

/** Appends one entry. */
export async function writeAudit(db: Kysely<Db>, entry: AuditEntry, now = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      actor: entry.actor,
      action: entry.action,
      detail: entry.detail ?? null,
      address: entry.address ?? null,
    })
    .execute();
}

/** The newest entries first, optionally one action only. */
export async function readAudit(
  db: Kysely<Db>,
  { limit = 100, action }: { limit?: number; action?: AuditAction } = {},
): Promise<(AuditEntry & { at: string })[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit);
  if (action) q = q.where('action', '=', action);
  const rows = await q.execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action as AuditAction,
    ...(r.detail !== null ? { detail: r.detail } : {}),
    ...(r.address !== null ? { address: r.address } : {}),
  }));
}
