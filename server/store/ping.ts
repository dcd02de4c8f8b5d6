/** Whether the store answers a trivial query (for /health and a load balancer's check). */
import { sql, type Kysely } from 'kysely';
import type { Db } from './schema';

/** True when the store answered. */
export async function storeAnswers(db: Kysely<Db>): Promise<boolean> {
  return sql`select 1 as one`.execute(db).then(
    () => true,
    () => false,
  );
}
