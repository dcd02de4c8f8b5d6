/** One sync pass: drain the outbox in bounded batches, then pull station changes since the cursor. */
import { takeBatch } from '../domain/take-batch';
import { MAX_BATCH_CHANGES, TARGET_BATCH_BYTES } from '../protocol/limits';
import type { ChangeResult } from '../protocol/schemas';
import { uuid7 } from '../protocol/uuid7';
import type { KioskDb, OutboxEntry, QuarantineEntry } from '../db/kiosk-db';
import type { ApiClient } from './api-client';
import { collectHeartbeat } from './heartbeat';

export interface SyncOnceDeps {
  db: KioskDb;
  client: ApiClient;
  token: string;
  now?: () => Date;
  /** Reported in the heartbeat. */
  appVersion?: string;
  /** Most changes per push (the protocol's bound by default). */
  batchSize?: number;
}

/** What one pass did, for the status line and for tests that count requests. */
export interface SyncReport {
  accepted: number;
  duplicates: number;
  rejected: number;
  pulled: number;
  requests: number;
  /** Server time minus kiosk time, measured on the last push or heartbeat, in ms. */
  clockOffsetMs: number | null;
  /** Records the server has confirmed from this device, as of the heartbeat. */
  serverConfirmed: number;
}

/** Runs one pass; throws OfflineError/HttpError when the server cannot take it (nothing is lost then). */
export async function syncOnce({
  db,
  client,
  token,
  now = () => new Date(),
  appVersion = 'dev',
  batchSize = MAX_BATCH_CHANGES,
}: SyncOnceDeps): Promise<SyncReport> {
  const report: SyncReport = {
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    pulled: 0,
    requests: 0,
    clockOffsetMs: null,
    serverConfirmed: 0,
  };
  for (;;) {
    const queued = await db.outbox.orderBy('seq').limit(batchSize).toArray();
    if (queued.length === 0) break;
    const batch = takeBatch(queued, batchSize, TARGET_BATCH_BYTES);
    const sentAt = now();
    const answer = await client.push(token, {
      batchId: uuid7(sentAt.getTime()),
      sentAt: sentAt.toISOString(),
      changes: batch.map(({ kind, op, record }) => ({ kind, op, record })),
    });
    report.requests++;
    report.clockOffsetMs = Date.parse(answer.serverTime) - sentAt.getTime();
    const settled = await applyPushResults(db, batch, answer.results, now());
    report.accepted += settled.accepted;
    report.duplicates += settled.duplicates;
    report.rejected += settled.rejected;
    // An answer that settles nothing would loop forever; leave the rest for the next pass.
    if (settled.accepted + settled.duplicates + settled.rejected === 0) break;
  }
  for (let more = true; more;) {
    const cursor = (await db.meta.get('pullCursor'))?.value ?? '0';
    const page = await client.pull(token, typeof cursor === 'string' ? cursor : '0');
    report.requests++;
    await db.transaction('rw', db.meta, async () => {
      for (const change of page.changes) {
        if (change.kind === 'station') await db.meta.put({ key: 'station', value: change.record });
      }
      await db.meta.put({ key: 'pullCursor', value: page.cursor });
    });
    report.pulled += page.changes.length;
    more = page.more && page.changes.length > 0;
  }
  const beatAt = now();
  const beat = await client.heartbeat(token, await collectHeartbeat(db, appVersion, report.clockOffsetMs, beatAt));
  report.requests++;
  report.clockOffsetMs = Date.parse(beat.serverTime) - beatAt.getTime();
  report.serverConfirmed = beat.confirmed;
  await noteServerConfirmed(db, beat.confirmed, now());
  return report;
}

/**
 * The server confirmed more records from this device than the kiosk holds
 * receipts for: the kiosk's storage was wiped or rolled back. Keep that fact
 * for the host until they acknowledge it; never start over silently.
 */
async function noteServerConfirmed(db: KioskDb, serverConfirmed: number, at: Date) {
  await db.transaction('rw', db.meta, async () => {
    const hw = await db.meta.get('receiptHighWater');
    const local = hw?.key === 'receiptHighWater' ? hw.value : 0;
    if (serverConfirmed > local && !(await db.meta.get('storageLost'))) {
      await db.meta.put({
        key: 'storageLost',
        value: { serverConfirmed, localHighWater: local, detectedAt: at.toISOString() },
      });
    }
  });
}

/**
 * Settles a pushed batch in one transaction: confirmed records leave the
 * outbox, refused ones move to quarantine with the server's reason. A record
 * the answer does not mention stays queued.
 */
async function applyPushResults(db: KioskDb, batch: OutboxEntry[], results: ChangeResult[], at: Date) {
  const byId = new Map(results.map((r) => [r.id, r]));
  const counts = { accepted: 0, duplicates: 0, rejected: 0 };
  const settled: number[] = [];
  const refused: QuarantineEntry[] = [];
  let highWater = 0;
  for (const entry of batch) {
    const result = byId.get(entry.recordId);
    if (!result || entry.seq === undefined) continue;
    settled.push(entry.seq);
    if (result.status === 'rejected') {
      counts.rejected++;
      const { recordId, kind, op, record } = entry;
      refused.push({ recordId, kind, op, record, reason: result.reason ?? 'rejected', rejectedAt: at.toISOString() });
      continue;
    }
    if (result.status === 'accepted') counts.accepted++;
    else counts.duplicates++;
    highWater = Math.max(highWater, result.receipt ?? 0);
  }
  await db.transaction('rw', db.outbox, db.quarantine, db.meta, async () => {
    const first = batch[0]?.seq;
    const last = batch.at(-1)?.seq;
    // The batch is the head of the outbox in seq order: when all of it settled, one range delete does it.
    if (settled.length === batch.length && first !== undefined && last !== undefined) {
      await db.outbox.where('seq').between(first, last, true, true).delete();
    } else {
      await db.outbox.bulkDelete(settled);
    }
    if (refused.length > 0) await db.quarantine.bulkPut(refused);
    const stored = await db.meta.get('receiptHighWater');
    const before = stored?.key === 'receiptHighWater' ? stored.value : 0;
    if (highWater > before) await db.meta.put({ key: 'receiptHighWater', value: highWater });
  });
  return counts;
}
