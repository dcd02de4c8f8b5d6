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
    expect(db.verno).toBe(9);
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

  it('masks the numbers v8 kept in visit rows, keeping each one sendable (v9)', async () => {
    const name = `upgrade-v9-${Math.random()}`;
    // The kiosk schema as version 8 shipped it.
    const raw = new Dexie(name);
    raw.version(8).stores({
      visits: 'id, createdAt, *svcDays',
      outbox: '++seq, recordId, changeId, kind',
      refused: 'changeId, recordId',
      pulled: '[kind+id], kind',
      conflicts: 'changeId, seenAt',
      meta: 'key',
      directory: 'id, phoneLast4, memberNo',
      registrations: 'id, createdAt',
      attendance: 'id, eventId',
      photos: 'id, suggestionId',
    });
    const at = (h: number) => new Date(`2026-11-20T0${h}:00:00Z`);
    const queued = { ...record(at(1)), phone: '13912345678' };
    const confirmedClear = { ...record(at(2)), phone: '13800001111' };
    const confirmedSealed = { ...record(at(3)), phone: '137****2222' };
    const anonymous = record(at(4));
    const row = (r: VisitRecord, extra = {}) => ({
      ...r,
      svcDays: [`rest|${localDay(new Date(r.createdAt))}`],
      ...extra,
    });
    await raw
      .table('visits')
      .bulkAdd([
        row(queued),
        row(confirmedClear),
        row(confirmedSealed, { phoneSealed: 'sb1.k.iv.ct' }),
        row(anonymous),
      ]);
    await raw.table('outbox').add({
      changeId: queued.id,
      kind: 'visit',
      op: 'put',
      recordId: queued.id,
      record: queued,
      queuedAt: queued.createdAt,
    });
    raw.close();

    const db = new KioskDb(name);
    const phones = new Map((await db.visits.toArray()).map((v) => [v.id, v.phone]));
    expect(phones).toEqual(
      new Map([
        [queued.id, '139****5678'],
        [confirmedClear.id, '138****1111'],
        [confirmedSealed.id, '137****2222'],
        [anonymous.id, null],
      ]),
    );
    expect((await db.visits.toArray()).some((v) => 'phoneSealed' in v)).toBe(false);
    // The queued one's number is in its change; the confirmed ones' in boxes (clear until a key comes).
    expect((await db.outbox.toArray())[0]?.record).toMatchObject({ phone: '13912345678' });
    expect((await db.phoneBoxes.toArray()).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { id: confirmedClear.id, clear: '13800001111' },
      { id: confirmedSealed.id, sealed: 'sb1.k.iv.ct' },
    ]);
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
    // The sealed numbers of confirmed visits go with them: nothing of a pruned visit stays behind.
    await db.phoneBoxes.bulkAdd([
      { id: oldSynced.id, sealed: 'sb1.a.b.c' },
      { id: recentSynced.id, sealed: 'sb1.d.e.f' },
    ]);
    expect(await pruneSyncedVisits(db, 90, now)).toBe(1);
    expect((await db.phoneBoxes.toCollection().primaryKeys()).sort()).toEqual([recentSynced.id]);
    expect((await db.visits.toArray()).map((v) => v.id).sort()).toEqual(
      [recentSynced.id, oldPending.id, oldRefused.id].sort(),
    );
    expect(await pruneSyncedVisits(db, 5, now)).toBe(1);
    expect(await db.visits.count()).toBe(2);
  });
});
