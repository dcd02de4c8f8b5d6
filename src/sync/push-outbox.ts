/** Drains the outbox in bounded batches; a batch the server refuses as a whole is split until the bad change is alone. */
import { takeBatch } from '../domain/take-batch';
import { TARGET_BATCH_BYTES } from '../protocol/limits';
import { uuid7 } from '../protocol/uuid7';
import type { KioskDb, OutboxEntry } from '../db/kiosk-db';
import { quarantineWhole, sealConfirmedPhones, settlePush, type SettleCounts } from '../db/settle-push';
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

  async function send(batch: OutboxEntry[]): Promise<void> {
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
      // Sealing is asynchronous WebCrypto, so it happens before the settling transaction opens.
      const sealed = await sealConfirmedPhones(db, batch, answer.results);
      const settled = await settlePush(db, batch, answer.results, now(), answer.epoch ?? null, sealed);
      out.epochChanged ||= settled.epochChanged;
      add(settled);
    } catch (err) {
      if (!(err instanceof HttpError) || !WHOLE_BATCH_REFUSALS.has(err.status)) throw err;
      out.requests++;
      // One change the server cannot even read must not block every change queued behind it.
      if (batch.length === 1) {
        await quarantineWhole(db, batch[0]!, err.message, now());
        out.rejected++;
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await send(batch.slice(0, half));
      await send(batch.slice(half));
    }
  }

  for (;;) {
    const queued = await db.outbox.orderBy('seq').limit(batchSize).toArray();
    if (queued.length === 0) break;
    const before = out.accepted + out.duplicates + out.rejected + out.conflicts;
    await send(takeBatch(queued, batchSize, TARGET_BATCH_BYTES));
    // An answer that settles nothing would loop forever; leave the rest for the next pass.
    if (out.accepted + out.duplicates + out.rejected + out.conflicts === before) break;
  }
  return out;
}
