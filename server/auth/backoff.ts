/**
 * Growing back-off for guessing: a few failures are free, then each further
 * failure within the window blocks the key for twice as long as the one before
 * (base, 2·base, 4·base, … up to max). Counters and blocks are rate-limiter-flexible
 * limiters over the database, so every server process agrees.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../store/schema';
import { RateLimiterKysely } from '../store/throttle-store';

export interface BackoffPolicy {
  /** Names the counters in the table (`signin-ip`, …). */
  name: string;
  /** Failures allowed within the window before blocking starts. */
  free: number;
  /** How long failures are remembered, in seconds, from the first one. */
  windowSec: number;
  /** The first block, in seconds; each further failure doubles it. */
  baseSec: number;
  /** The longest block, in seconds. */
  maxSec: number;
}

export interface Backoff {
  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string): Promise<number>;
  /** Counts a failure of `key`, blocking it once its free failures are spent. */
  failed(key: string): Promise<void>;
  /** Forgets `key`'s failures (a success). */
  reset(key: string): Promise<void>;
}

/** A back-off over the database for one kind of key. */
export function createBackoff(db: Kysely<Db>, p: BackoffPolicy): Backoff {
  // Counting only: failures never throw here; the decision is ours, below.
  const failures = new RateLimiterKysely(db, {
    keyPrefix: `${p.name}:fail`,
    points: Number.MAX_SAFE_INTEGER,
    duration: p.windowSec,
  });
  const blocks = new RateLimiterKysely(db, { keyPrefix: `${p.name}:block`, points: 1, duration: p.maxSec });
  return {
    async retryAfter(key) {
      const res = await blocks.get(key);
      return res && res.consumedPoints > 1 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
    },
    async failed(key) {
      const res = await failures.penalty(key, 1);
      const over = res.consumedPoints - p.free;
      if (over > 0) await blocks.block(key, Math.min(p.maxSec, p.baseSec * 2 ** Math.min(over - 1, 30)));
    },
    async reset(key) {
      await Promise.all([failures.delete(key), blocks.delete(key)]);
    },
  };
}
