/** The content hash of a change: what "the same change" means for idempotency. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/protocol/kinds';

/**
 * SHA-256 over the kind, op, base version and the normalised record, with keys
 * sorted. A record's `stationId` is left out: the station comes from the token,
 * and a record naming another station is refused before it is hashed.
 */
export function contentHash(change: {
  kind: string;
  op: string;
  baseVersion: number | null;
  record: Record<string, unknown>;
}): string {
  const { stationId: _station, ...record } = change.record;
  return createHash('sha256')
    .update(canonicalJson({ kind: change.kind, op: change.op, baseVersion: change.baseVersion, record }))
    .digest('base64url');
}
