/**
 * The store remembers which server secret wrote it, so a process started with another
 * (a second host without WAYSTATION_SECRET, the CLI run from another DATA_DIR) refuses
 * at once instead of sealing phones and keying codes that the others cannot read.
 */
import type { Kysely } from 'kysely';
import { secretFingerprints } from '../auth/server-secret';
import type { Db } from './schema';

const KEY = 'secret_check';

export class SecretMismatchError extends Error {}

/** Records the secret on a new store; refuses one written under another; after a rotation, notes the new one. */
export async function checkServerSecret(db: Kysely<Db>): Promise<void> {
  const { current, previous } = secretFingerprints();
  const row = await db.selectFrom('store_meta').select('value').where('key', '=', KEY).executeTakeFirst();
  if (row?.value === current) return;
  if (!row) {
    await db
      .insertInto('store_meta')
      .values({ key: KEY, value: current })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    // Two processes starting together on a new store: the one that wrote first decides.
    return checkServerSecret(db);
  }
  if (previous !== null && row.value === previous) {
    await db.updateTable('store_meta').set({ value: current }).where('key', '=', KEY).execute();
    return;
  }
  throw new SecretMismatchError(
    'This database was written under another server secret. Give this process the same secret as the ' +
      'servers that use it: set WAYSTATION_SECRET (every host and the CLI), or run with their DATA_DIR ' +
      '(its server-secret file). Nothing was changed.',
  );
}
