/**
 * Server-side retention of personal data, per kind (README "Configuration"):
 * a visit's phone number is erased once the visit is older than the phone
 * retention (the visit itself stays, anonymous, so the district's figures hold),
 * and the records hosts discarded (which may carry a phone or a name) are deleted
 * after theirs. The audit log has its own retention (audit-log.ts). Runs with the
 * server's periodic sweep; answers what it did.
 */
import type { Kysely } from 'kysely';
import type { Db } from './schema';

export interface RetentionPolicy {
  /** Days a visit keeps its phone number (PHONE_RETENTION_DAYS). */
  visitPhoneDays: number;
  /** Days a discarded record is kept for the admin (DISCARDED_RETENTION_DAYS). */
  discardedDays: number;
}

export interface RetentionOutcome {
  phonesErased: number;
  discardedDeleted: number;
}

const DAY_MS = 24 * 3600_000;

export async function applyRetention(
  db: Kysely<Db>,
  policy: RetentionPolicy,
  now = new Date(),
): Promise<RetentionOutcome> {
  const phoneCutoff = new Date(now.getTime() - policy.visitPhoneDays * DAY_MS).toISOString();
  const erased = await db
    .updateTable('visits')
    .set({ phone: null })
    .where('phone', 'is not', null)
    .where('created_at', '<', phoneCutoff)
    .executeTakeFirst();
  const discardedCutoff = new Date(now.getTime() - policy.discardedDays * DAY_MS).toISOString();
  const deleted = await db.deleteFrom('discarded').where('reported_at', '<', discardedCutoff).executeTakeFirst();
  return {
    phonesErased: Number(erased.numUpdatedRows ?? 0),
    discardedDeleted: Number(deleted.numDeletedRows ?? 0),
  };
}
