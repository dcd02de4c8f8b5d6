/**
 * When the server lost data (restored from an older backup, or it holds fewer
 * of this kiosk's changes than the kiosk was told it had), the kiosk pushes
 * again every record it still holds: ids make that safe.
 */
import type { KioskDb } from './kiosk-db';
import { queueChange } from './queue-change';

/** Re-queues every held visit and attendance record not already queued or refused; resets receipts and the pull cursor. Answers how many. */
export async function requeueHeld(db: KioskDb, epoch: string | null, at: Date): Promise<number> {
  const tables = [db.visits, db.attendance, db.outbox, db.refused, db.meta, db.pulled, db.phoneBoxes];
  return db.transaction('rw', tables, async () => {
    const queued = new Set((await db.outbox.toArray()).map((e) => e.changeId));
    const refused = new Set(await db.refused.toCollection().primaryKeys());
    const boxes = new Map((await db.phoneBoxes.toArray()).map((b) => [b.id, b]));
    let count = 0;
    for (const stored of await db.visits.orderBy('createdAt').toArray()) {
      if (queued.has(stored.id) || refused.has(stored.id)) continue;
      // (`phoneSealed` went into `phoneBoxes` with the v9 upgrade; it is never sent.)
      const { svcDays: _keys, phoneSealed: _movedToBoxes, ...record } = stored;
      // A confirmed visit holds its phone masked: it goes again as null with the sealed number beside
      // it for the server to open, or with the number itself if the kiosk has not had the key yet.
      const box = boxes.get(stored.id);
      const sealed = box && 'sealed' in box ? box.sealed : undefined;
      if (record.phone?.includes('*')) record.phone = box && 'clear' in box ? box.clear : null;
      await queueChange(
        db,
        { kind: 'visit', op: 'put', record, ...(sealed && record.phone === null ? { sealedPhone: sealed } : {}) },
        at,
      );
      count++;
    }
    // Attendance is held whole too. (A registration is not: once confirmed the kiosk keeps no phone to send again.)
    for (const record of await db.attendance.toArray()) {
      if (queued.has(record.id) || refused.has(record.id)) continue;
      await queueChange(db, { kind: 'attendance', op: 'put', record }, at);
      count++;
    }
    // The new epoch's receipts start where the server's count now stands; the count is taken from it once caught up.
    await db.meta.put({ key: 'receiptHighWater', value: 0 });
    await db.meta.put({ key: 'pullCursor', value: '0' });
    // Server copies of the old epoch may be newer than what the restored server holds: pull them all again.
    await db.pulled.clear();
    await db.meta.put({ key: 'resyncing', value: epoch ?? '' });
    return count;
  });
}

/** Once a resync has pushed everything, the server's count is the kiosk's new baseline. */
export async function finishResync(db: KioskDb, serverConfirmed: number, epoch: string | null): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    if (!(await db.meta.get('resyncing')) || (await db.outbox.count()) > 0) return false;
    await db.meta.put({ key: 'confirmedCount', value: serverConfirmed });
    if (epoch) await db.meta.put({ key: 'epoch', value: epoch });
    await db.meta.delete('resyncing');
    return true;
  });
}
