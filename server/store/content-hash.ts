/** The content hash of a change: what "the same change" means for idempotency. */
import { hash } from 'node:crypto';
import { canonicalJson } from '../../src/protocol/canonical-json';

/**
 * SHA-256 over the kind, op, base version and the normalised record, with keys
 * sorted. A record's `stationId` is left out: the station comes from the token,
 * and a record naming another station is refused before it is hashed.
 * Hashes are stored in the ledger, so the hashed text must never change.
 */
export function contentHash(change: {
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
