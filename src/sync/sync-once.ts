/** One sync pass: drain the outbox, pull what the server holds for this kiosk, report in; catch up a server that lost data. */
import { applyPullPage } from '../db/apply-pull';
import type { KioskDb } from '../db/kiosk-db';
import { markDiscardsReported, unreportedDiscards } from '../db/quarantine';
import { finishResync, requeueHeld } from '../db/resync';
import { confirmedCount, expectedEpoch, sealHeldPhones } from '../db/settle-push';
import { MAX_BATCH_CHANGES } from '../protocol/limits';
import { HttpError, type ApiClient } from './api-client';
import { collectHeartbeat } from './heartbeat';
import { pushOutbox } from './push-outbox';
import type { SealKey } from '../protocol/sealed-box';
import { uploadPhotos } from './upload-photos';

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
  conflicts: number;
  pulled: number;
  requests: number;
  /** Server time minus kiosk time, measured on the last push or heartbeat, in ms. */
  clockOffsetMs: number | null;
  /** Records the server has confirmed from this device, as of the heartbeat. */
  serverConfirmed: number;
  /** Records pushed again because the server had lost data. */
  resent: number;
  /** Suggestions' photos the server took in this pass. */
  photosUploaded?: number;
}

/** Runs one pass; throws OfflineError/HttpError when the server cannot take it (nothing is lost then). */
export async function syncOnce(deps: SyncOnceDeps): Promise<SyncReport> {
  const { db, client, token, now = () => new Date(), appVersion = 'dev', batchSize = MAX_BATCH_CHANGES } = deps;
  const report: SyncReport = {
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    conflicts: 0,
    pulled: 0,
    requests: 0,
    clockOffsetMs: null,
    serverConfirmed: 0,
    resent: 0,
  };
  const exchange = async () => {
    const pushed = await pushOutbox(db, client, token, batchSize, now);
    const epochChanged = pushed.epochChanged;
    report.accepted += pushed.accepted;
    report.duplicates += pushed.duplicates;
    report.rejected += pushed.rejected;
    report.conflicts += pushed.conflicts;
    report.requests += pushed.requests;
    report.clockOffsetMs = pushed.clockOffsetMs ?? report.clockOffsetMs;
    let epochGone = false;
    for (let more = true; more;) {
      const stored = await db.meta.get('pullCursor');
      let page;
      try {
        page = await client.pull(token, stored?.key === 'pullCursor' ? stored.value : '0');
      } catch (err) {
        // The server was restored: our cursor is from its old epoch. The heartbeat names the new one.
        if (!(err instanceof HttpError && err.status === 410)) throw err;
        epochGone = true;
        break;
      } finally {
        report.requests++;
      }
      await applyPullPage(db, page.changes, page.cursor, now());
      report.pulled += page.changes.length;
      more = page.more && page.changes.length > 0;
    }
    // A record the host discarded is reported, so it is never silently gone.
    const discards = (await unreportedDiscards(db)).slice(0, MAX_BATCH_CHANGES);
    if (discards.length > 0) {
      await client.reportDiscarded(token, {
        items: discards.map((q) => ({
          changeId: q.changeId,
          kind: q.kind,
          recordId: q.recordId,
          reason: q.reason,
          ...(q.code ? { code: q.code } : {}),
          discardedAt: q.discardedAt!,
          record: q.record,
        })),
      });
      report.requests++;
      await markDiscardsReported(
        db,
        discards.map((q) => q.changeId),
        now(),
      );
    }
    const beatAt = now();
    const beat = await client.heartbeat(token, await collectHeartbeat(db, appVersion, report.clockOffsetMs, beatAt));
    report.requests++;
    report.clockOffsetMs = Date.parse(beat.serverTime) - beatAt.getTime();
    report.serverConfirmed = beat.confirmed;
    // Kiosks enrolled before the server handed out its key learn it here (and a new one after a secret rotation).
    if (beat.sealKey && (await keepSealKey(db, beat.sealKey))) await sealHeldPhones(db);
    return { ...beat, epochGone, epochChanged, pushedEpoch: pushed.epoch };
  };

  let beat = await exchange();
  const heldEpoch = await expectedEpoch(db);
  // A resync must name the epoch the push answers come from (it settles only those), even if a heartbeat does not.
  const epoch = beat.epoch ?? beat.pushedEpoch ?? null;
  // Until a resync has caught up, the heartbeat names the epoch the kiosk last caught up with, so the server
  // asks for one again. What the kiosk holds was queued for this epoch once already: queuing it again would
  // start the receipt high-water over and forget the receipts this epoch gave since to changes not held whole.
  const catchingUp = epoch !== null && (await db.meta.get('resyncing'))?.value === epoch;
  const lostData =
    (beat.resync && !catchingUp) ||
    beat.epochGone ||
    beat.epochChanged ||
    (heldEpoch !== null && epoch !== null && epoch !== heldEpoch);
  if (lostData) {
    // The server lost data: push again all this kiosk still holds, then take its count as the baseline.
    report.resent = await requeueHeld(db, epoch, now());
    beat = await exchange();
  } else if (heldEpoch === null && epoch !== null) {
    await db.meta.put({ key: 'epoch', value: epoch });
  }
  if (!(await finishResync(db, beat.confirmed, epoch)) && !(await db.meta.get('resyncing'))) {
    await noteServerConfirmed(db, beat.confirmed, now());
  }
  // Photos go after their records are confirmed; one that failed for now is tried again next pass.
  const photos = await uploadPhotos(db, client, token, now);
  report.requests += photos.requests;
  report.photosUploaded = photos.uploaded;
  if (photos.failed > 0) throw new HttpError(503, 'A photo upload failed; it is tried again', 'photo_upload_failed');
  return report;
}

/**
 * The server confirmed more of this kiosk's changes than the kiosk holds as
 * confirmed, queued or refused: its storage was wiped or rolled back (counts,
 * not the highest receipt, so a kiosk wiped and then used is caught too). Keep
 * that fact for the host until they acknowledge it; never start over silently.
 */
async function noteServerConfirmed(db: KioskDb, serverConfirmed: number, at: Date) {
  await db.transaction('rw', [db.meta, db.outbox, db.refused], async () => {
    const [local, queued, refused] = await Promise.all([confirmedCount(db), db.outbox.count(), db.refused.count()]);
    if (serverConfirmed > local + queued + refused && !(await db.meta.get('storageLost'))) {
      await db.meta.put({
        key: 'storageLost',
        value: { serverConfirmed, localHighWater: local, detectedAt: at.toISOString() },
      });
    }
  });
}

/** Keeps the server's key; answers whether it was new to this kiosk. */
async function keepSealKey(db: KioskDb, key: SealKey): Promise<boolean> {
  const held = await db.meta.get('sealKey');
  if (held?.key === 'sealKey' && held.value.x === key.x && held.value.y === key.y) return false;
  await db.meta.put({ key: 'sealKey', value: key });
  return true;
}
