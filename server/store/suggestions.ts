/** Suggestions' receipt codes: made offline by kiosks, held by the first suggestion to reach the server. */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from './schema';

/** Claims a receipt code for a suggestion; answers the suggestion that holds it (this one, or an earlier one). */
export async function claimReceiptCode(trx: Transaction<Db>, code: string, suggestionId: string): Promise<string> {
  await trx
    .insertInto('suggestion_codes')
    .values({ code, suggestion_id: suggestionId })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const row = await trx
    .selectFrom('suggestion_codes')
    .select('suggestion_id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.suggestion_id;
}

/** The suggestion a receipt code belongs to, if any. */
export async function suggestionByCode(db: Kysely<Db>, code: string): Promise<string | null> {
  const row = await db
    .selectFrom('suggestion_codes')
    .select('suggestion_id')
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.suggestion_id ?? null;
}
