import type { KioskDb } from './kiosk-db';

/** The host has read the storage-loss notice: take the server's count as the new baseline so it is not raised again. */
export async function acknowledgeStorageLoss(db: KioskDb): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const lost = await db.meta.get('storageLost');
    if (lost?.key !== 'storageLost') return;
    await db.meta.put({ key: 'receiptHighWater', value: lost.value.serverConfirmed });
    await db.meta.delete('storageLost');
  });
}
