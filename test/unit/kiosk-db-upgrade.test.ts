/** Data written by an older kiosk schema survives the upgrade; retention never prunes what is not synced. */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KioskDb } from '../../src/db/kiosk-db';
import { pruneSyncedVisits } from '../../src/db/prune-visits';
import { storedVisit } from '../../src/db/record-visit';
import { visitStates } from '../../src/db/visit-state';
import { localDay } from '../../src/domain/day';
import type { VisitRecord } from '../../src/protocol/schemas';
import { uuid7 } from '../../src/protocol/uuid7';

/** The kiosk schema as version 1 shipped it. */
function openV1(name: string) {
  const db = new Dexie(name);
  db.version(1).stores({
    visits: 'id, createdAt, syncState',
    outbox: '++seq, recordId',
    quarantine: 'recordId',
    meta: 'key',
  });
  return db;
}

const record = (at: Date): VisitRecord => ({
  id: uuid7(at.getTime()),
  createdAt: at.toISOString(),
  services: ['rest'],
  phone: null,
  memberId: null,
});

describe('kiosk schema upgrade', () => {
  it('keeps every stored and queued record written by schema v1, to the current schema', async () => {
    const name = `upgrade-${Math.random()}`;
    const v1 = openV1(name);
    const synced = record(new Date('2026-10-01T08:00:00Z'));
    const queued = record(new Date('2026-11-27T08:00:00Z'));
    await v1.table('visits').bulkAdd([
      { ...synced, syncState: 'synced', syncedAt: '2026-10-01T08:01:00Z' },
      { ...queued, syncState: 'pending', syncedAt: null },
    ]);
    await v1
      .table('outbox')
      .add({ kind: 'visit', op: 'put', recordId: queued.id, record: queued, queuedAt: queued.createdAt });
    const refused = record(new Date('2026-11-26T08:00:00Z'));
    await v1.table('visits').add({ ...refused, syncState: 'rejected', syncedAt: null });
    await v1.table('quarantine').add({
      kind: 'visit',
      op: 'put',
      recordId: refused.id,
      record: refused,
      reason: 'no',
      rejectedAt: '2026-11-26T09:00:00Z',
    });
    await v1.table('meta').put({ key: 'pullCursor', value: '7' });
    v1.close();

    const db = new KioskDb(name);
    const visits = await db.visits.orderBy('createdAt').toArray();
    expect(db.verno).toBe(8);
    expect(visits.map((v) => v.id)).toEqual([synced.id, refused.id, queued.id]);
    expect(visits[0]).toEqual({ ...synced, svcDays: [`rest|${localDay(new Date(synced.createdAt))}`] });
    expect(await visitStates(db, [synced.id, queued.id, refused.id])).toEqual(
      new Map([
        [synced.id, 'synced'],
        [queued.id, 'pending'],
        [refused.id, 'rejected'],
      ]),
    );
    expect((await db.outbox.toArray()).map((e) => [e.changeId, e.record])).toEqual([[queued.id, queued]]);
    // v7 finds queued changes by kind (a screen of one kind reads only its own).
    expect(await db.outbox.where('kind').equals('visit').count()).toBe(1);
    // v5 keys refused changes by change id; a visit's change id is its record id.
    expect(await db.refused.get(refused.id)).toMatchObject({ changeId: refused.id, record: refused, reason: 'no' });
    expect((await db.meta.get('pullCursor'))?.value).toBe('7');
    db.close();
  });
});

describe('retention', () => {
  it('prunes synced visits past the window and keeps pending and refused ones however old', async () => {
    const db = new KioskDb(`prune-${Math.random()}`);
    const now = new Date('2026-11-28T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const oldSynced = record(daysAgo(120));
    const recentSynced = record(daysAgo(10));
    const oldPending = record(daysAgo(200));
    const oldRefused = record(daysAgo(150));
    await db.visits.bulkAdd([oldSynced, recentSynced, oldPending, oldRefused].map((r) => storedVisit(r)));
    await db.outbox.add({
      changeId: oldPending.id,
      kind: 'visit',
      op: 'put',
      recordId: oldPending.id,
      record: oldPending,
      queuedAt: oldPending.createdAt,
    });
    await db.refused.add({
      changeId: oldRefused.id,
      kind: 'visit',
      op: 'put',
      recordId: oldRefused.id,
      record: oldRefused,
      reason: 'no',
      rejectedAt: '',
    });
    expect(await pruneSyncedVisits(db, 90, now)).toBe(1);
    expect((await db.visits.toArray()).map((v) => v.id).sort()).toEqual(
      [recentSynced.id, oldPending.id, oldRefused.id].sort(),
    );
    expect(await pruneSyncedVisits(db, 5, now)).toBe(1);
    expect(await db.visits.count()).toBe(2);
  });
});
