/** The content hash of a change: what "the same change" means for idempotency. */
import { hash } from 'node:crypto';
import { canonicalJson } from '../../src/protocol/canonical-json';
import { keyedHash, previousKeyedHash } from '../auth/server-secret';

/**
 * SHA-256 over the kind, op, base version and the normalised record, with keys
 * sorted. A record's `stationId` is left out: the station comes from the token,
 * and a record naming another station is refused before it is hashed.
 * Hashes are stored in the ledger, so the hashed text must never change.
 * (Migration 0004 filled the ledger with these; 0014 keyed them.)
 */
export function plainContentHash(change: {
  kind: string;
  op: string;
  baseVersion: number | null;
  record: Record<string, unknown>;
}): string {
  let record = change.record;
  if ('stationId' in record) {
    const { stationId: _station, ...rest } = record;
    record = rest;
  }
  // One-shot hash: a Hash object per change cost more than the digest itself.
  return hash(
    'sha256',
    canonicalJson({ kind: change.kind, op: change.op, baseVersion: change.baseVersion, record }),
    'base64url',
  );
}

/**
 * What the ledger stores: the plain hash keyed under the server secret, so a copy
 * of the database cannot find a record's phone number by hashing guesses.
 */
export function contentHash(change: Parameters<typeof plainContentHash>[0]): string {
  return keyedHash(plainContentHash(change));
}

/** True when a ledger hash is this change's, under the current secret or (after a rotation) the previous one. */
export function sameContent(stored: string, change: Parameters<typeof plainContentHash>[0], current: string): boolean {
  if (stored === current) return true;
  const previous = previousKeyedHash(plainContentHash(change));
  return previous !== null && stored === previous;
}
