/**
 * Throttles guessing (passwords, enrollment codes) over several keys at once:
 * a request is refused with 429 + Retry-After while any of its keys is blocked,
 * and a wrong guess counts against every key.
 */
import type { Kysely } from 'kysely';
import { fail } from '../fail';
import type { Db } from '../store/schema';
import { createBackoff, type Backoff, type BackoffPolicy } from './backoff';

/** A back-off per kind of key: by address, by account, … */
export type GuardPolicies<K extends string> = Record<K, BackoffPolicy>;

export interface GuessGuard<K extends string> {
  /** Answers 429 with Retry-After (code `too_many_attempts`) while any key is blocked. */
  refuseIfBlocked(keys: Partial<Record<K, string>>): Promise<void>;
  failed(keys: Partial<Record<K, string>>): Promise<void>;
  succeeded(keys: Partial<Record<K, string>>): Promise<void>;
}

const minute = 60;
const hour = 3600;

/** Sign-in: per address, per account from that address, and per account from anywhere (a spread-out attack). */
export const SIGN_IN_POLICIES: GuardPolicies<'address' | 'accountAddress' | 'account'> = {
  address: { name: 'signin-ip', free: 20, windowSec: hour, baseSec: 1, maxSec: 15 * minute },
  accountAddress: { name: 'signin-user-ip', free: 5, windowSec: hour, baseSec: 1, maxSec: 15 * minute },
  account: { name: 'signin-user', free: 50, windowSec: hour, baseSec: 1, maxSec: 15 * minute },
};

/** Enrollment codes: per address, and for the whole server (many addresses guessing together). */
export const ENROLL_POLICIES: GuardPolicies<'address' | 'everyone'> = {
  address: { name: 'enroll-ip', free: 10, windowSec: hour, baseSec: 2, maxSec: hour },
  everyone: { name: 'enroll-all', free: 100, windowSec: hour, baseSec: 1, maxSec: 5 * minute },
};

/** A guard over the database with one back-off per kind of key. */
export function createGuessGuard<K extends string>(db: Kysely<Db>, policies: GuardPolicies<K>): GuessGuard<K> {
  const backoffs = Object.entries(policies).map(
    ([kind, policy]) => [kind as K, createBackoff(db, policy as BackoffPolicy)] as [K, Backoff],
  );
  const each = (keys: Partial<Record<K, string>>) =>
    backoffs.flatMap(([kind, b]) => (keys[kind] === undefined ? [] : [[b, keys[kind]] as const]));
  return {
    async refuseIfBlocked(keys) {
      const waits = await Promise.all(each(keys).map(([b, key]) => b.retryAfter(key)));
      const wait = Math.max(0, ...waits);
      if (wait > 0)
        fail(429, `Too many failed attempts; try again in ${wait} s`, 'too_many_attempts', {
          'Retry-After': String(wait),
        });
    },
    async failed(keys) {
      await Promise.all(each(keys).map(([b, key]) => b.failed(key)));
    },
    async succeeded(keys) {
      await Promise.all(each(keys).map(([b, key]) => b.reset(key)));
    },
  };
}
