/** The push handler: validate every change, commit the batch in one transaction, answer per change. */
import type { Kysely } from 'kysely';
import {
  parseWire,
  VisitRecordSchema,
  type ChangeResult,
  type PushRequest,
  type PushResponse,
  type VisitRecord,
} from '../../src/protocol/schemas';
import type { AuthedDevice } from '../store/devices';
import { touchDevice } from '../store/devices';
import type { Db } from '../store/schema';
import { insertVisit } from '../store/visits';

/** Checks one change on its own; answers the visit to store or the reason to refuse it. */
function checkChange(
  change: PushRequest['changes'][number],
  device: AuthedDevice,
): { visit: VisitRecord } | { reason: string } {
  if (change.kind !== 'visit') return { reason: `Unknown kind "${change.kind}"` };
  if (change.op !== 'put') return { reason: `Unknown op "${change.op}" for a visit` };
  const parsed = parseWire(VisitRecordSchema, change.record);
  if (!parsed.ok) return { reason: `Invalid visit: ${parsed.message}` };
  if (parsed.value.stationId !== undefined && parsed.value.stationId !== device.stationId) {
    return { reason: 'The record names another station than this device’s' };
  }
  return { visit: parsed.value };
}

/** Stores a pushed batch for a device. Pushing the same records again stores nothing new and answers `duplicate`. */
export async function handlePush(
  db: Kysely<Db>,
  device: AuthedDevice,
  body: PushRequest,
  now = new Date(),
): Promise<PushResponse> {
  const receivedAt = now.toISOString();
  const results: ChangeResult[] = new Array(body.changes.length);
  const seen = new Set<string>();
  await db.transaction().execute(async (trx) => {
    for (const [i, change] of body.changes.entries()) {
      const id = change.record.id;
      const checked = checkChange(change, device);
      if ('reason' in checked) {
        results[i] = { id, status: 'rejected', reason: checked.reason };
      } else if (seen.has(id)) {
        results[i] = { id, status: 'duplicate' };
      } else {
        seen.add(id);
        const outcome = await insertVisit(trx, checked.visit, device, receivedAt);
        results[i] =
          outcome === 'conflict'
            ? { id, status: 'rejected', reason: 'This id is already used by another station’s record' }
            : { id, status: outcome };
      }
    }
  });
  const offset = body.sentAt ? now.getTime() - Date.parse(body.sentAt) : undefined;
  await touchDevice(db, device.id, now, offset);
  return { results, serverTime: receivedAt };
}
