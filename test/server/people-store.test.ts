/**
 * The people parts of the store, over SQLite and PostgreSQL alike: the member
 * index and its phone claims, and sign-ups decided under the event's lock — never
 * oversold, waitlisted in receive order, however many pushes race.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { claimPhone, listMembers, phoneKey, survivorsOf } from '../../server/store/members';
import { countSeats, waitlist } from '../../server/store/signups';
import { createStation } from '../../server/store/stations';
import { mergeMembers, splitMember } from '../../server/sync/member-merge';
import { handlePush } from '../../server/sync/push';
import { uuid7 } from '../../src/protocol/uuid7';
import { member, put, scheduleEvent, signup } from '../support/people-fixtures';
import { openTestStore, STORE_KINDS, type TestStore } from '../support/stores';

describe.each(STORE_KINDS)('people in the store on %s', (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(async () => {
    await t.drop();
  });
  const db = () => t.store.db;

  async function kiosk(name: string) {
    const station = await createStation(db(), { name, kind: 'branch' });
    const { code } = await createEnrollCode(db(), station.id);
    const enrolled = await enrollDevice(db(), code, 'kiosk');
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const authed = { id: enrolled.deviceId, stationId: station.id, revoked: false };
    return {
      station,
      push: async (changes: unknown[]) =>
        (await handlePush(db(), authed, { batchId: uuid7(), changes: changes as never })).results,
    };
  }

  it('gives a phone to its first claimant, even when claims race', async () => {
    const key = phoneKey('13900000000');
    const ids = Array.from({ length: 6 }, () => uuid7());
    const holders = await Promise.all(
      ids.map((id) =>
        db()
          .transaction()
          .execute((trx) => claimPhone(trx, key, id)),
      ),
    );
    expect(new Set(holders).size).toBe(1);
    expect(ids).toContain(holders[0]);
  });

  it('stores one member per phone when several kiosks register it at once, the rest merged into it', async () => {
    const kiosks = await Promise.all(['一', '二', '三', '四'].map((n) => kiosk(`${n}号站`)));
    const regs = kiosks.map(() => member('13911112222'));
    const results = await Promise.all(kiosks.map((k, i) => k.push([put('member', regs[i]!)])));
    expect(results.flat().map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const { rows, total } = await listMembers(db(), { offset: 0, limit: 10 });
    expect(total).toBe(1);
    const survivors = await survivorsOf(
      db(),
      regs.map((r) => r.id),
    );
    expect(new Set(survivors.values())).toEqual(new Set([rows[0]!.id]));
    expect((await listMembers(db(), { offset: 0, limit: 10, includeMerged: true })).total).toBe(4);
    expect((await listMembers(db(), { q: '2222', offset: 0, limit: 10 })).total).toBe(1);
  });

  it('merges two people by hand, folding their two seats at an event into one, and splits them again', async () => {
    const k = await kiosk('一号站');
    const event = await scheduleEvent(db(), k.station.id, { capacity: 2 });
    const people = [member('13900000031'), member('13900000032'), member('13900000033')];
    const s = people.map((m) => signup(event.id, m.id));
    await k.push([...people.map((m) => put('member', m)), ...s.map((x) => put('signup', x))]);
    expect(await mergeMembers(db(), people[0]!.id, people[1]!.id)).toEqual({ ok: true, memberId: people[0]!.id });
    await db()
      .transaction()
      .execute(async (trx) => {
        expect(await countSeats(trx, event.id)).toBe(2);
        expect(await waitlist(trx, event.id)).toEqual([]);
      });
    expect((await survivorsOf(db(), [people[1]!.id])).get(people[1]!.id)).toBe(people[0]!.id);
    expect(await splitMember(db(), people[1]!.id)).toEqual({ ok: true, memberId: people[1]!.id });
    expect((await survivorsOf(db(), [people[1]!.id])).get(people[1]!.id)).toBe(people[1]!.id);
  });

  it('never oversells an event when pushes of many kiosks race, and keeps the waitlist in receive order', async () => {
    const kiosks = await Promise.all(Array.from({ length: 5 }, (_, i) => kiosk(`站${i}`)));
    const event = await scheduleEvent(db(), kiosks[0]!.station.id, { capacity: 7 });
    const people = kiosks.map((k, i) => Array.from({ length: 4 }, (_, j) => member(`1380000${i}${j}00`)));
    await Promise.all(kiosks.map((k, i) => k.push(people[i]!.map((m) => put('member', m)))));
    // Each kiosk sends its four sign-ups as two batches, all ten batches at once.
    const batches = kiosks.flatMap((k, i) => {
      const s = people[i]!.map((m) => signup(event.id, m.id));
      return [
        () => k.push(s.slice(0, 2).map((x) => put('signup', x))),
        () => k.push(s.slice(2).map((x) => put('signup', x))),
      ];
    });
    const answers = await Promise.all(batches.map((b) => b()));
    expect(answers.flat().every((r) => r.status === 'accepted')).toBe(true);
    await db()
      .transaction()
      .execute(async (trx) => {
        expect(await countSeats(trx, event.id)).toBe(7);
        const line = await waitlist(trx, event.id);
        expect(line).toHaveLength(13);
        const rows = await trx
          .selectFrom('signups')
          .select(['id', 'waitlist_position', 'received_seq'])
          .where('status', '=', 'waitlisted')
          .orderBy('received_seq')
          .execute();
        expect(rows.map((r) => Number(r.waitlist_position))).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
        // Every confirmed seat was received before every waitlisted place.
        const confirmed = await trx
          .selectFrom('signups')
          .select('received_seq')
          .where('status', '=', 'confirmed')
          .execute();
        const lastSeat = Math.max(...confirmed.map((r) => Number(r.received_seq)));
        expect(Math.min(...rows.map((r) => Number(r.received_seq)))).toBeGreaterThan(lastSeat);
      });
  });
});
