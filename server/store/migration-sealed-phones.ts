/**
 * Migration 0014: phone numbers leave the database in clear (issue 12). Visits'
 * phones, member records' phones and discarded records' phones are sealed under the
 * server secret; the member phone index and the ledger's content hashes become
 * keyed hashes, so a copy of the database cannot find a phone by hashing guesses.
 * Runs in pages, so a large store migrates without holding every row at once.
 * The same walk reseals under a new secret after a rotation (`resealPhones`).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isSealed, openPhone, sealedWithOldKey, sealPhone } from '../auth/phone-seal';
import { keyedHash, previousKeyedHash } from '../auth/server-secret';
import { phoneKey } from './members';
import type { Db } from './schema';

interface Tables {
  visits: { seq: number; phone: string | null };
  records: { kind: string; id: string; body: string | null };
  members: { id: string; phone_key: string };
  member_phones: { phone_key: string; member_id: string };
  changes: { change_id: string; content_hash: string };
  discarded: { change_id: string; body: string };
}

type Mode = 'migrate' | 'reseal';
const PAGE = 500;

/** A table walked in key order a page at a time: `read` answers the page after a key. */
async function* pages<R, K>(first: K, read: (after: K) => Promise<R[]>, keyOf: (row: R) => K): AsyncGenerator<R[]> {
  for (let after = first; ;) {
    const rows = await read(after);
    if (rows.length === 0) return;
    after = keyOf(rows.at(-1)!);
    yield rows;
  }
}

export async function sealPhonesAtRest(db: Kysely<unknown>): Promise<void> {
  await rewritePhones(db as unknown as Kysely<Tables>, 'migrate');
}

/**
 * After a secret rotation (WAYSTATION_SECRET the new one, WAYSTATION_PREVIOUS_SECRET
 * the old): seals every phone again under the new secret and re-keys the member
 * phone index. Answers how many values it rewrote.
 */
export async function resealPhones(db: Kysely<Db>): Promise<number> {
  return rewritePhones(db as unknown as Kysely<Tables>, 'reseal');
}

/** A stored phone this walk rewrites: clear ones when migrating, ones under the old secret when resealing. */
function stale(value: string, mode: Mode): boolean {
  return mode === 'migrate' ? !isSealed(value) : sealedWithOldKey(value);
}

/** The member phone key a row holds before this walk: unkeyed SHA-256 before 0014, the old secret's after a rotation. */
function formerPhoneKey(phone: string, mode: Mode): string | null {
  return mode === 'migrate'
    ? createHash('sha256').update(`waystation-member-phone:${phone}`).digest('hex')
    : previousKeyedHash(`waystation-member-phone:${phone}`);
}

/** A record's JSON with its phone sealed again under the current secret, or null when it needs nothing. */
function resealed(body: string, mode: Mode): { body: string; phone: string } | null {
  const record = JSON.parse(body) as { phone?: unknown };
  if (typeof record.phone !== 'string' || !stale(record.phone, mode)) return null;
  const phone = openPhone(record.phone);
  return { body: JSON.stringify({ ...record, phone: sealPhone(phone) }), phone };
}

async function rewritePhones(db: Kysely<Tables>, mode: Mode): Promise<number> {
  let rewritten = 0;
  for await (const rows of pages(
    -1,
    (after) =>
      db
        .selectFrom('visits')
        .select(['seq', 'phone'])
        .where('seq', '>', after)
        .where('phone', 'is not', null)
        .orderBy('seq')
        .limit(PAGE)
        .execute(),
    (row) => Number(row.seq),
  )) {
    for (const r of rows) {
      if (!r.phone || !stale(r.phone, mode)) continue;
      const phone = sealPhone(openPhone(r.phone));
      await db.updateTable('visits').set({ phone }).where('seq', '=', r.seq).execute();
      rewritten++;
    }
  }
  for await (const rows of pages(
    '',
    (after) =>
      db
        .selectFrom('records')
        .select(['id', 'body'])
        .where('kind', '=', 'member')
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute(),
    (row) => row.id,
  )) {
    for (const r of rows) {
      const next = r.body === null ? null : resealed(r.body, mode);
      if (!next) continue;
      const key = phoneKey(next.phone);
      await db
        .updateTable('records')
        .set({ body: next.body })
        .where('kind', '=', 'member')
        .where('id', '=', r.id)
        .execute();
      await db.updateTable('members').set({ phone_key: key }).where('id', '=', r.id).execute();
      const former = formerPhoneKey(next.phone, mode);
      if (former !== null)
        await db.updateTable('member_phones').set({ phone_key: key }).where('phone_key', '=', former).execute();
      rewritten++;
    }
  }
  for await (const rows of pages(
    '',
    (after) =>
      db
        .selectFrom('discarded')
        .select(['change_id', 'body'])
        .where('change_id', '>', after)
        .orderBy('change_id')
        .limit(PAGE)
        .execute(),
    (row) => row.change_id,
  )) {
    for (const r of rows) {
      const next = resealed(r.body, mode);
      if (!next) continue;
      await db.updateTable('discarded').set({ body: next.body }).where('change_id', '=', r.change_id).execute();
      rewritten++;
    }
  }
  // Ledger hashes are keyed once, at this migration: the same plain hash keyed, so retries still match.
  // (A reseal cannot re-key them without the plain hashes: push matches them under the previous secret.)
  if (mode === 'reseal') return rewritten;
  for await (const rows of pages(
    '',
    (after) =>
      db
        .selectFrom('changes')
        .select(['change_id', 'content_hash'])
        .where('change_id', '>', after)
        .orderBy('change_id')
        .limit(PAGE)
        .execute(),
    (row) => row.change_id,
  )) {
    for (const r of rows) {
      await db
        .updateTable('changes')
        .set({ content_hash: keyedHash(r.content_hash) })
        .where('change_id', '=', r.change_id)
        .execute();
    }
  }
  return rewritten;
}
