/** The audit log: who did what, when and from which address (sign-ins, API tokens, exports, every console change). */
import type { Kysely, Selectable } from 'kysely';
import type { Db } from './schema';
import { AUDIT_ACTIONS, type AuditAction } from '../../src/protocol/audit';

export { AUDIT_ACTIONS, type AuditAction };

/** Days an audit entry is kept unless AUDIT_RETENTION_DAYS says otherwise. */
export const AUDIT_RETENTION_DAYS = 365;

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

/** What a read of the audit log may filter by. Times are ISO instants, `to` exclusive. */
export interface AuditFilter {
  /** Exactly this actor (`admin:alice`), or, without a colon, any actor of that name (`alice`). */
  actor?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
}

function filtered(db: Kysely<Db>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.actor) {
    const actor = f.actor;
    q = actor.includes(':')
      ? q.where('actor', '=', actor)
      : q.where((eb) => eb.or([eb('actor', '=', actor), eb('actor', '=', `admin:${actor}`)]));
  }
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  return q;
}

type AuditRow = Selectable<Db['audit_log']>;

const toEntry = (r: AuditRow) => ({
  seq: Number(r.seq),
  at: new Date(r.at).toISOString(),
  actor: r.actor,
  action: r.action as AuditAction,
  ...(r.detail !== null ? { detail: r.detail } : {}),
  ...(r.address !== null ? { address: r.address } : {}),
});

/** The newest entries first, optionally one action only. */
export async function readAudit(
  db: Kysely<Db>,
  { limit = 100, action }: { limit?: number; action?: AuditAction } = {},
): Promise<(AuditEntry & { at: string; seq: number })[]> {
  return (await queryAudit(db, { action }, { offset: 0, limit })).entries;
}

/** A page of entries matching the filters, newest first, and how many match in all. */
export async function queryAudit(db: Kysely<Db>, f: AuditFilter, page: { offset: number; limit: number }) {
  const rows = await filtered(db, f).selectAll().orderBy('seq', 'desc').offset(page.offset).limit(page.limit).execute();
  const count = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { entries: rows.map(toEntry), total: Number(count.n) };
}

/** Every entry matching the filters, oldest first, a page at a time (for a download of any size). */
export async function* walkAudit(db: Kysely<Db>, f: AuditFilter, pageSize = 1000) {
  let after = 0;
  for (;;) {
    const rows = await filtered(db, f).selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows.map(toEntry);
    after = Number(rows.at(-1)!.seq);
    if (rows.length < pageSize) return;
  }
}

/** Deletes entries older than `before` (the retention period); answers how many. */
export async function pruneAudit(db: Kysely<Db>, before: Date): Promise<number> {
  const res = await db.deleteFrom('audit_log').where('at', '<', before.toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}
