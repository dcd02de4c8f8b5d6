/** Applies the server's answers to a pushed batch, all in one transaction. */
import type { ChangeResult } from '../protocol/schemas';
import { createSealer, type Sealer } from '../protocol/sealed-box';
import {
  type ConflictNotice,
  type KioskDb,
  type OutboxEntry,
  type PulledRecord,
  type PhoneBox,
  type QuarantineEntry,
} from './kiosk-db';

/** Kinds whose full records hold personal data: the kiosk keeps only what pull brings (a directory entry). */
const MINIMISED_KINDS = new Set(['member']);

export interface SettleCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
  conflicts: number;
}

/**
 * Confirmed changes leave the outbox and count as confirmed once each;
 * refused ones move to quarantine with the server's reason; a change that lost
 * to the server's order leaves the outbox, the server's copy is taken, and the
 * host is told. A change the answer does not mention stays queued.
 *
 * An answer from another store epoch than the kiosk's records belong to (the
 * server was restored) is not applied at all: everything in it stays queued for
 * the resync, which starts the receipt high-water over and pushes it again. The
 * repeat is answered with the receipts this answer carried, so none is lost to
 * the fresh start (a ticket or a sign-up is not held whole, so the resync could
 * not send it again once it had left the queue).
 */
export async function settlePush(
  db: KioskDb,
  batch: OutboxEntry[],
  results: ChangeResult[],
  at: Date,
  /** The store epoch the answer came from; a change of it means the server lost data (a restore). */
  epoch: string | null = null,
  /** Confirmed visits' phones sealed to the server's key (`sealConfirmedPhones`), by record id. */
  sealedPhones: ReadonlyMap<string, string> = new Map(),
): Promise<SettleCounts & { epochChanged: boolean }> {
  const byId = new Map(results.map((r) => [r.id.toLowerCase(), r]));
  const counts: SettleCounts = { accepted: 0, duplicates: 0, rejected: 0, conflicts: 0 };
  const settled: number[] = [];
  const refused: QuarantineEntry[] = [];
  const notices: ConflictNotice[] = [];
  const serverCopies: PulledRecord[] = [];
  const boxes: PhoneBox[] = [];
  let highWater = 0;
  const when = at.toISOString();
  for (const entry of batch) {
    const result = byId.get(entry.changeId.toLowerCase());
    if (!result || entry.seq === undefined) continue;
    settled.push(entry.seq);
    const { changeId, recordId, kind, op, record } = entry;
    if (result.status === 'rejected') {
      counts.rejected++;
      refused.push({
        changeId,
        recordId,
        kind,
        op,
        record,
        ...(entry.baseVersion === undefined ? {} : { baseVersion: entry.baseVersion }),
        reason: result.reason ?? 'rejected',
        ...(result.code ? { code: result.code } : {}),
        rejectedAt: when,
      });
    } else if (result.status === 'conflict') {
      counts.conflicts++;
      const theirs = result.current ?? { id: recordId };
      notices.push({ changeId, kind, recordId, mine: record, theirs, serverVersion: result.version ?? null, at: when });
      if (!MINIMISED_KINDS.has(kind))
        serverCopies.push({
          kind,
          id: recordId,
          version: result.version ?? null,
          op: 'put',
          record: theirs,
          pulledAt: when,
        });
    } else {
      if (result.status === 'accepted') counts.accepted++;
      else counts.duplicates++;
      // The server holds the visit now: its number stays on the kiosk only sealed (for a resend after
      // a restore); without the server's key yet, in clear until `sealHeldPhones` can seal it.
      const phone = kind === 'visit' ? (record as { phone?: unknown }).phone : null;
      if (typeof phone === 'string') {
        const sealed = sealedPhones.get(recordId);
        boxes.push(sealed ? { id: recordId, sealed } : { id: recordId, clear: phone });
      }
      highWater = Math.max(highWater, result.receipt ?? 0);
      // A member's full record (name, phone) is never kept as a server copy: the directory entry stands for it.
      if (result.version !== undefined && !MINIMISED_KINDS.has(kind)) {
        serverCopies.push({ kind, id: recordId, version: result.version, op, record, pulledAt: when });
      }
    }
  }
  const confirmed = counts.accepted + counts.duplicates;
  let epochChanged = false;
  await db.transaction('rw', [db.outbox, db.refused, db.meta, db.conflicts, db.pulled, db.phoneBoxes], async () => {
    // The first answer names the epoch this kiosk's records live in; any other later means they may be gone.
    if (epoch) {
      const expected = await expectedEpoch(db);
      if (expected === null) await db.meta.put({ key: 'epoch', value: epoch });
      else epochChanged = expected !== epoch;
      if (epochChanged) return;
    }
    const first = batch[0]?.seq;
    const last = batch.at(-1)?.seq;
    // The batch is the head of the outbox in seq order: when all of it settled, one range delete does it.
    if (settled.length === batch.length && first !== undefined && last !== undefined && batch.length > 1) {
      await db.outbox.where('seq').between(first, last, true, true).delete();
    } else {
      await db.outbox.bulkDelete(settled);
    }
    if (refused.length > 0) await db.refused.bulkPut(refused);
    if (notices.length > 0) await db.conflicts.bulkPut(notices);
    for (const copy of serverCopies) await putNewer(db, copy);
    if (confirmed > 0) await bumpCount(db, confirmed);
    if (boxes.length > 0) await db.phoneBoxes.bulkPut(boxes);
    const stored = await db.meta.get('receiptHighWater');
    const before = stored?.key === 'receiptHighWater' ? stored.value : 0;
    if (highWater > before) await db.meta.put({ key: 'receiptHighWater', value: highWater });
  });
  if (epochChanged) return { accepted: 0, duplicates: 0, rejected: 0, conflicts: 0, epochChanged };
  return { ...counts, epochChanged };
}

/** The epoch this kiosk's confirmed records belong to: the one it is catching up with, else the last it knew. */
export async function expectedEpoch(db: KioskDb): Promise<string | null> {
  const resyncing = await db.meta.get('resyncing');
  if (resyncing?.key === 'resyncing' && resyncing.value) return resyncing.value;
  const known = await db.meta.get('epoch');
  return known?.key === 'epoch' ? known.value : null;
}

/** Moves a change the server refused as a whole (its batch of one) to quarantine with the server's message. */
export async function quarantineWhole(db: KioskDb, entry: OutboxEntry, message: string, at: Date): Promise<void> {
  await db.transaction('rw', db.outbox, db.refused, async () => {
    if (entry.seq !== undefined) await db.outbox.delete(entry.seq);
    const { changeId, recordId, kind, op, record } = entry;
    await db.refused.put({
      changeId,
      recordId,
      kind,
      op,
      record,
      reason: message,
      code: 'batch_refused',
      rejectedAt: at.toISOString(),
    });
  });
}

/** Keeps the server's copy of a record unless a newer version is already held. */
export async function putNewer(db: KioskDb, copy: PulledRecord): Promise<void> {
  const held = await db.pulled.get([copy.kind, copy.id]);
  if (held && held.version !== null && copy.version !== null && held.version > copy.version) return;
  await db.pulled.put(copy);
}

/** The number of this kiosk's changes the server has confirmed; before v5 the highest receipt stood for it. */
export async function confirmedCount(db: KioskDb): Promise<number> {
  const count = await db.meta.get('confirmedCount');
  if (count?.key === 'confirmedCount') return count.value;
  const hw = await db.meta.get('receiptHighWater');
  return hw?.key === 'receiptHighWater' ? hw.value : 0;
}

async function bumpCount(db: KioskDb, by: number) {
  await db.meta.put({ key: 'confirmedCount', value: (await confirmedCount(db)) + by });
}

/** Seals texts to the server's key for one sync pass: one ephemeral key for the pass, made when first needed. */
export type PassSealer = () => Promise<Sealer | null>;

/** The pass's sealer, or null on a kiosk that has no server key yet. */
export function passSealer(db: KioskDb): PassSealer {
  let made: Promise<Sealer | null> | undefined;
  return () =>
    (made ??= db.meta.get('sealKey').then((key) => (key?.key === 'sealKey' ? createSealer(key.value) : null)));
}

/**
 * Seals the phones of the visits in `batch` the server confirmed, to the server's
 * key (when the kiosk has it), so settling keeps them only sealed. A kiosk without
 * the key seals nothing (settling then keeps the number until it has one).
 */
export async function sealConfirmedPhones(
  sealerFor: PassSealer,
  batch: OutboxEntry[],
  results: ChangeResult[],
): Promise<Map<string, string>> {
  const confirmed = new Set(
    results.filter((r) => r.status === 'accepted' || r.status === 'duplicate').map((r) => r.id.toLowerCase()),
  );
  const phones = batch.flatMap((e) => {
    const phone = e.kind === 'visit' ? (e.record as { phone?: unknown }).phone : null;
    return typeof phone === 'string' && confirmed.has(e.changeId.toLowerCase()) ? [[e.recordId, phone] as const] : [];
  });
  const out = new Map<string, string>();
  if (phones.length === 0) return out;
  const sealer = await sealerFor();
  if (!sealer) return out;
  // WebCrypto works off the main thread: all of a batch's boxes are asked for at once.
  const boxes = await Promise.all(phones.map(([, phone]) => sealer.seal(phone)));
  phones.forEach(([id], i) => out.set(id, boxes[i]!));
  return out;
}

/**
 * Seals the numbers of visits the server already holds that the kiosk kept in
 * clear because it had no server key when they were confirmed (a kiosk enrolled
 * before keys were handed out learns one from its heartbeat). Answers how many.
 */
export async function sealHeldPhones(db: KioskDb): Promise<number> {
  const key = await db.meta.get('sealKey');
  if (key?.key !== 'sealKey') return 0;
  const clear = (await db.phoneBoxes.toArray()).flatMap((b) => ('clear' in b ? [b] : []));
  if (clear.length === 0) return 0;
  const sealer = await createSealer(key.value);
  const sealed = await Promise.all(clear.map(async (b) => ({ id: b.id, sealed: await sealer.seal(b.clear) })));
  await db.phoneBoxes.bulkPut(sealed);
  return sealed.length;
}
