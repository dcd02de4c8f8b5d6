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
  const seen = new Map<string, ChangeResult>();
  await db.transaction().execute(async (trx) => {
    // Receipts number this device's accepted records 1, 2, 3… in the order the server took them.
    const counter = await trx
      .selectFrom('devices')
      .select('receipt_seq')
      .where('id', '=', device.id)
      .executeTakeFirstOrThrow();
    let lastReceipt = Number(counter.receipt_seq ?? 0);
    for (const [i, change] of body.changes.entries()) {
      const id = change.record.id;
      const checked = checkChange(change, device);
      const earlier = seen.get(id);
      if ('reason' in checked) {
        results[i] = { id, status: 'rejected', reason: checked.reason };
      } else if (earlier && earlier.status !== 'rejected') {
        results[i] = { ...earlier, status: 'duplicate' };
      } else {
        const outcome = await insertVisit(trx, checked.visit, device, receivedAt, lastReceipt + 1);
        if (outcome.status === 'conflict') {
          results[i] = { id, status: 'rejected', reason: 'This id is already used by another station’s record' };
        } else {
          if (outcome.status === 'accepted') lastReceipt++;
          results[i] = {
            id,
            status: outcome.status,
            ...(outcome.receipt === null ? {} : { receipt: outcome.receipt }),
          };
        }
        seen.set(id, results[i]!);
      }
    }
    await trx.updateTable('devices').set({ receipt_seq: lastReceipt }).where('id', '=', device.id).execute();
  });
  const offset = body.sentAt ? now.getTime() - Date.parse(body.sentAt) : undefined;
  await touchDevice(db, device.id, now, offset);
  return { results, serverTime: receivedAt };
}
