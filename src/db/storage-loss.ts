import type { KioskDb } from './kiosk-db';

/** The host has read the storage-loss notice: take the server's count as the new baseline so it is not raised again. */
export async function acknowledgeStorageLoss(db: KioskDb): Promise<void> {
  await db.transaction('rw', [db.meta, db.outbox, db.refused], async () => {
    const lost = await db.meta.get('storageLost');
    if (lost?.key !== 'storageLost') return;
    const held = (await db.outbox.count()) + (await db.refused.count());
    await db.meta.put({ key: 'receiptHighWater', value: lost.value.serverConfirmed });
    // What is queued or refused still counts as held; the rest of the server's count is the new baseline.
    await db.meta.put({ key: 'confirmedCount', value: Math.max(0, lost.value.serverConfirmed - held) });
    await db.meta.delete('storageLost');
  });
}
