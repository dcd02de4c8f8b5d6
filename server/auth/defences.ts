/** The server's defences against guessing and floods, made once per app and shared by its routes. */
import type { Kysely } from 'kysely';
import { AUDIT_RETENTION_DAYS } from '../store/audit-log';
import type { Db } from '../store/schema';
import type { NetworkTrust } from './client-address';
import { createGuessGuard, ENROLL_POLICIES, SIGN_IN_POLICIES, type GuessGuard } from './guess-guard';
import { createHashGate, type HashGate } from './hash-gate';

export interface Defences {
  trust: NetworkTrust;
  signIn: GuessGuard<keyof typeof SIGN_IN_POLICIES>;
  enroll: GuessGuard<keyof typeof ENROLL_POLICIES>;
  /** Bounds the password hashes running at once. */
  hashes: HashGate;
  /** Days audit entries are kept (AUDIT_RETENTION_DAYS); the console says so. */
  auditRetentionDays: number;
}

export interface DefenceOptions {
  trustProxy?: boolean;
  /** Password hashes at once (HASH_CONCURRENCY). */
  hashSlots?: number;
  /** Days audit entries are kept (AUDIT_RETENTION_DAYS). */
  auditRetentionDays?: number;
}

/** Guards over `db` (so every process shares the counters) and this process's hash slots. */
export function createDefences(
  db: Kysely<Db>,
  { trustProxy = false, hashSlots = 2, auditRetentionDays = AUDIT_RETENTION_DAYS }: DefenceOptions = {},
): Defences {
  return {
    trust: { trustProxy },
    signIn: createGuessGuard(db, SIGN_IN_POLICIES),
    enroll: createGuessGuard(db, ENROLL_POLICIES),
    hashes: createHashGate({ slots: hashSlots }),
    auditRetentionDays,
  };
}
