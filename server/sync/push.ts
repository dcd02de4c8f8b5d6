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
import type { Db } from '../store/schema';
import { findVisits, insertVisits, type NewVisit } from '../store/visits';

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
  const checked = body.changes.map((change) => checkChange(change, device));
  await db.transaction().execute(async (trx) => {
    const valid = checked.flatMap((c) => ('visit' in c ? [c.visit.id] : []));
    const stored = await findVisits(trx, valid);
    // Receipts number this device's accepted records 1, 2, 3… in the order the server took them.
    const counter = await trx
      .selectFrom('devices')
      .select('receipt_seq')
      .where('id', '=', device.id)
      .executeTakeFirstOrThrow();
    let lastReceipt = Number(counter.receipt_seq ?? 0);
    const fresh: NewVisit[] = [];
    const seen = new Map<string, ChangeResult>();
    for (const [i, c] of checked.entries()) {
      const id = body.changes[i]!.record.id;
      if ('reason' in c) {
        results[i] = { id, status: 'rejected', reason: c.reason };
        continue;
      }
      const earlier = seen.get(id) ?? stored.get(id);
      if (earlier && 'stationId' in earlier && earlier.stationId !== device.stationId) {
        results[i] = { id, status: 'rejected', reason: 'This id is already used by another station’s record' };
      } else if (earlier) {
        const receipt = 'receipt' in earlier ? earlier.receipt : null;
        results[i] = { id, status: 'duplicate', ...(receipt == null ? {} : { receipt }) };
      } else {
        lastReceipt++;
        fresh.push({ visit: c.visit, receipt: lastReceipt });
        results[i] = { id, status: 'accepted', receipt: lastReceipt };
      }
      if (results[i]!.status !== 'rejected') seen.set(id, results[i]!);
    }
    await insertVisits(trx, fresh, device, receivedAt);
    // Counter, last-seen and clock offset in the same commit: one disk sync per push, not two.
    const offset = body.sentAt ? now.getTime() - Date.parse(body.sentAt) : undefined;
    await trx
      .updateTable('devices')
      .set({
        receipt_seq: lastReceipt,
        last_seen_at: receivedAt,
        ...(offset === undefined ? {} : { clock_offset_ms: offset }),
      })
      .where('id', '=', device.id)
      .execute();
  });
  return { results, serverTime: receivedAt };
}
