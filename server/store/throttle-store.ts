/**
 * A rate-limiter-flexible store over Kysely: the counters live in the
 * `throttle_counters` table, so every server process (WORKERS=N on PostgreSQL)
 * sees the same counts, on SQLite and PostgreSQL alike. One atomic upsert per
 * hit (`INSERT … ON CONFLICT … RETURNING`), no read-then-write.
 */
import { sql, type Kysely } from 'kysely';
import { RateLimiterRes, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
// The store base class: the package's index types it but does not export it at run time.
import StoreBase from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js';
import type { Db } from './schema';

/** Points, window and block length, as rate-limiter-flexible takes them (its store client is ours). */
export type ThrottleOptions = Omit<ConstructorParameters<typeof RateLimiterStoreAbstract>[0], 'storeClient'>;

interface Row {
  points: number | string;
  expires_ms: number | string | null;
}

/** A rate limiter whose counters are rows of `throttle_counters`. */
export class RateLimiterKysely extends StoreBase {
  private readonly db: Kysely<Db>;

  constructor(db: Kysely<Db>, opts: ThrottleOptions) {
    // No in-memory blocking: a block must hold in every process, so the table alone decides.
    super({ ...opts, storeClient: db, inMemoryBlockOnConsumed: 0 });
    this.db = db;
  }

  _getRateLimiterRes(_key: string, changedPoints: number, row: Row): RateLimiterRes {
    const points = Number(row.points);
    const expires = row.expires_ms === null ? null : Number(row.expires_ms);
    return new RateLimiterRes(
      Math.max(this.points - points, 0),
      expires === null ? -1 : Math.max(expires - Date.now(), 0),
      points,
      changedPoints === points,
    );
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    const now = Date.now();
    const expires = msDuration > 0 ? now + msDuration : null;
    // A row whose window has passed starts again from these points, as a new row would.
    // A block (forceExpire) replaces the row whatever it held.
    const restart = forceExpire
      ? sql`1 = 1`
      : sql`(throttle_counters.expires_ms is not null and throttle_counters.expires_ms <= ${now})`;
    const result = await sql<Row>`
      insert into throttle_counters (throttle_key, points, expires_ms) values (${key}, ${points}, ${expires})
      on conflict (throttle_key) do update set
        points = case when ${restart} then excluded.points
                      else throttle_counters.points + excluded.points end,
        expires_ms = case when ${restart} then excluded.expires_ms
                          else throttle_counters.expires_ms end
      returning points, expires_ms`.execute(this.db);
    return result.rows[0]!;
  }

  async _get(key: string): Promise<Row | null> {
    const row = await this.db
      .selectFrom('throttle_counters')
      .select(['points', 'expires_ms'])
      .where('throttle_key', '=', key)
      .where((eb) => eb.or([eb('expires_ms', 'is', null), eb('expires_ms', '>', Date.now())]))
      .executeTakeFirst();
    return row ?? null;
  }

  async _delete(key: string): Promise<boolean> {
    const res = await this.db.deleteFrom('throttle_counters').where('throttle_key', '=', key).executeTakeFirst();
    return res.numDeletedRows > 0n;
  }
}

/** Deletes counters whose window has passed (they would restart anyway); answers how many. */
export async function purgeThrottleCounters(db: Kysely<Db>, now = Date.now()): Promise<number> {
  const res = await db.deleteFrom('throttle_counters').where('expires_ms', '<=', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}
