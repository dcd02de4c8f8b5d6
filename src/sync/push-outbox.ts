/** Drains the outbox in bounded batches; a batch the server refuses as a whole is split until the bad change is alone. */
import { takeBatch } from '../domain/take-batch';
import { TARGET_BATCH_BYTES } from '../protocol/limits';
import { uuid7 } from '../protocol/uuid7';
import type { KioskDb, OutboxEntry } from '../db/kiosk-db';
import { passSealer, quarantineWhole, sealConfirmedPhones, settlePush, type SettleCounts } from '../db/settle-push';
import { HttpError, type ApiClient } from './api-client';

/** Statuses with which the server refuses a push as a whole for what it carries (bad envelope, too large). */
const WHOLE_BATCH_REFUSALS = new Set([400, 413, 422]);

export interface PushOutcome extends SettleCounts {
  requests: number;
  clockOffsetMs: number | null;
  epoch: string | null;
  /** An answer came from another store epoch than the kiosk's records were confirmed in. */
  epochChanged: boolean;
}

/** Pushes everything queued; throws OfflineError/HttpError when the server cannot take it (nothing is lost then). */
export async function pushOutbox(
  db: KioskDb,
  client: ApiClient,
  token: string,
  batchSize: number,
  now: () => Date,
): Promise<PushOutcome> {
  const out: PushOutcome = {
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    conflicts: 0,
    requests: 0,
    clockOffsetMs: null,
    epoch: null,
    epochChanged: false,
  };
  const add = (c: SettleCounts) => {
    out.accepted += c.accepted;
    out.duplicates += c.duplicates;
    out.rejected += c.rejected;
    out.conflicts += c.conflicts;
  };

  // One ephemeral key for the pass's boxes (a fresh IV each), not one per batch.
  const sealer = passSealer(db);

  /** Pushes one batch; answers how to settle its answer (run after the previous batch's settling). */
  async function push(batch: OutboxEntry[]): Promise<() => Promise<void>> {
    const sentAt = now();
    try {
      const answer = await client.push(token, {
        batchId: uuid7(sentAt.getTime()),
        sentAt: sentAt.toISOString(),
        changes: batch.map(({ changeId, kind, op, record, baseVersion, sealedPhone }) => ({
          changeId,
          kind,
          op,
          record,
          ...(baseVersion === undefined ? {} : { baseVersion }),
          ...(sealedPhone === undefined ? {} : { sealedPhone }),
        })),
      });
      out.requests++;
      out.clockOffsetMs = Date.parse(answer.serverTime) - sentAt.getTime();
      out.epoch = answer.epoch ?? out.epoch;
      return async () => {
        // Sealing is asynchronous WebCrypto, so it happens before the settling transaction opens.
        const sealed = await sealConfirmedPhones(sealer, batch, answer.results);
        const settled = await settlePush(db, batch, answer.results, now(), answer.epoch ?? null, sealed);
        out.epochChanged ||= settled.epochChanged;
        add(settled);
      };
    } catch (err) {
      if (!(err instanceof HttpError) || !WHOLE_BATCH_REFUSALS.has(err.status)) throw err;
      out.requests++;
      // One change the server cannot even read must not block every change queued behind it.
      return async () => {
        if (batch.length === 1) {
          await quarantineWhole(db, batch[0]!, err.message, now());
          out.rejected++;
          return;
        }
        const half = Math.ceil(batch.length / 2);
        await (
          await push(batch.slice(0, half))
        )();
        await (
          await push(batch.slice(half))
        )();
      };
    }
  }

  /** The next batch after `afterSeq`, in seq order, bounded in count and bytes. */
  const nextBatch = async (afterSeq: number) =>
    takeBatch(await db.outbox.where('seq').above(afterSeq).limit(batchSize).toArray(), batchSize, TARGET_BATCH_BYTES);

  // Two stages overlap: while the server takes batch k+1, the kiosk settles batch k. Each batch is sent
  // once a pass (read by seq after the last one sent), settled in order, one at a time; a change the
  // answer did not settle stays queued for the next pass.
  let batch = await nextBatch(-Infinity);
  let settling: Promise<void> = Promise.resolve();
  try {
    while (batch.length > 0) {
      const answered = push(batch);
      // Read before this batch's settling opens its transaction, so the read does not queue behind it.
      const following = nextBatch(batch.at(-1)!.seq!);
      following.catch(() => undefined);
      const settle = await answered;
      await settling;
      // The server was restored: nothing more is pushed or settled until the resync (sync-once) has begun.
      if (out.epochChanged) break;
      settling = settle();
      // Awaited on the next turn or in `finally`; meanwhile a failure (the page closing the database)
      // must not count as unhandled while the next push is on the wire.
      settling.catch(() => undefined);
      batch = await following;
    }
  } finally {
    // A push that failed still leaves the batch before it settled: its answer is kept, not sent again.
    await settling;
  }
  return out;
}
