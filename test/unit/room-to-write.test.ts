/** A full disk never blocks a tap-in while synced history can make room; the host is told what went. */
import { describe, expect, it } from 'vitest';
import { KioskDb } from '../../src/db/kiosk-db';
import { recordVisit, storedVisit } from '../../src/db/record-visit';
import { uuid7 } from '../../src/protocol/uuid7';

describe('when IndexedDB is full', () => {
  it('prunes synced visits older than a day, records the tap-in, and notes it for the host', async () => {
    const db = new KioskDb(`quota-${Math.random()}`);
    const old = new Date(Date.now() - 10 * 86_400_000);
    const synced = {
      id: uuid7(old.getTime()),
      createdAt: old.toISOString(),
      services: ['rest' as const],
      phone: null,
      memberId: null,
    };
    await db.visits.add(storedVisit(synced));
    let full = true;
    // The disk is full until something is deleted.
    db.visits.hook('deleting', () => {
      full = false;
    });
    db.outbox.hook('creating', () => {
      if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const v = await recordVisit(db, { services: ['water'], phone: null });
    expect((await db.visits.toArray()).map((x) => x.id)).toEqual([v.id]);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.meta.get('quotaPrune')).toMatchObject({ value: { pruned: 1 } });
    db.close();
  });

  it('never prunes what is still queued, and reports the failure when nothing can make room', async () => {
    const db = new KioskDb(`quota-${Math.random()}`);
    const queued = await recordVisit(db, { services: ['rest'], phone: null }, new Date(Date.now() - 10 * 86_400_000));
    db.outbox.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(recordVisit(db, { services: ['water'], phone: null })).rejects.toThrow();
    expect((await db.visits.toArray()).map((x) => x.id)).toEqual([queued.id]);
    db.close();
  });
});
