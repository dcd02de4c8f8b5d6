/** The people kinds on the rails over real HTTP: merges by phone, sign-ups decided in receive order, attendance rules. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuid7 } from '../../src/protocol/uuid7';
import { enrolledDevice, visit } from '../support/fixtures';
import { attendance, member, put, scheduleEvent, signup } from '../support/people-fixtures';
import { pullAllAs, pushAs } from '../support/kiosk-http';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const push = (token: string, changes: unknown[]) => pushAs(server.url, token, changes);
const pullAll = (token: string) => pullAllAs(server.url, token);

/** The newest copy of each record of a kind a kiosk pulled. */
async function pulled(token: string, kind: string) {
  const latest = new Map<string, Record<string, unknown>>();
  for (const c of await pullAll(token)) if (c.kind === kind) latest.set(c.record.id as string, c.record);
  return latest;
}

const db = () => server.store.db;
const storedRecord = async (kind: string, id: string) => {
  const row = await db()
    .selectFrom('records')
    .selectAll()
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.body ? (JSON.parse(row.body) as Record<string, unknown>) : undefined;
};
/** Everything a refused change could have touched, to compare before and after. */
const snapshot = async () => ({
  records: await db().selectFrom('records').select(['kind', 'id', 'version']).orderBy('id').execute(),
  signups: await db().selectFrom('signups').selectAll().orderBy('id').execute(),
  attendance: await db().selectFrom('attendance').selectAll().orderBy('id').execute(),
  members: await db().selectFrom('members').selectAll().orderBy('id').execute(),
  feed: await db().selectFrom('change_log').select('seq').orderBy('seq').execute(),
});

describe('the same person registered at two kiosks offline', () => {
  it('keeps the first registration, merges the second into it, and tells every kiosk', async () => {
    const a = await enrolledDevice(db(), '康民药店分站');
    const b = await enrolledDevice(db(), '电信营业厅分站');
    const first = member('13912345678', { name: '王师傅' });
    const second = member('13912345678', { name: '王师傅' });
    expect((await push(a.token, [put('member', first)]))[0]!.status).toBe('accepted');
    const [answer] = await push(b.token, [put('member', second)]);
    expect(answer).toMatchObject({ status: 'accepted', version: 1 });
    expect(await storedRecord('member', second.id)).toMatchObject({ mergedInto: first.id });
    const directory = await pulled(a.token, 'member');
    expect(directory.get(second.id)).toMatchObject({ mergedInto: first.id, displayName: '王**', phoneLast4: '5678' });
  });

  it('refuses a kiosk that sets mergedInto itself, and stores nothing', async () => {
    const { token } = await enrolledDevice(db());
    const first = member('13912345678');
    await push(token, [put('member', first)]);
    const before = await snapshot();
    const [r] = await push(token, [put('member', member('13700000000', { mergedInto: first.id }))]);
    expect(r).toMatchObject({ status: 'rejected', code: 'server_field' });
    expect(await snapshot()).toEqual(before);
  });

  it('pulls a directory without any clear phone or full name, and answers no phone back', async () => {
    const { token } = await enrolledDevice(db());
    const m = member('13812345678', { name: '张三丰' });
    const results = await push(token, [put('member', m)]);
    expect(JSON.stringify(results)).not.toContain('13812345678');
    const feed = JSON.stringify(await pullAll(token));
    expect(feed).not.toContain('13812345678');
    expect(feed).not.toContain('张三丰');
    expect(feed).toContain('张**');
    // A conflict answers the server's copy as a directory entry too.
    const [conflict] = await push(token, [put('member', { ...m, name: '张三' }, 0)]);
    expect(conflict!.status).toBe('conflict');
    expect(JSON.stringify(conflict)).not.toContain('13812345678');
    expect(JSON.stringify(conflict)).not.toContain('张三丰');
  });
});

describe('a member editing their details at a kiosk', () => {
  it('keeps the server’s merge, and a new number merges nothing while the old one is free again', async () => {
    const a = await enrolledDevice(db());
    const first = member('13900000001');
    const second = member('13900000001');
    await push(a.token, [put('member', first), put('member', second)]);
    // The kiosk does not know of the merge: its edit leaves mergedInto out and the server keeps it.
    const [edit] = await push(a.token, [put('member', { ...second, platform: '美团' }, 1)]);
    expect(edit).toMatchObject({ status: 'accepted', version: 2 });
    expect(await storedRecord('member', second.id)).toMatchObject({ platform: '美团', mergedInto: first.id });
    // The first changes to a number another member holds: no merge (a typo must not join two people).
    const other = member('13700000002');
    await push(a.token, [put('member', other), put('member', { ...first, phone: '13700000002' }, 1)]);
    expect((await storedRecord('member', first.id))!.mergedInto).toBeUndefined();
    // Its old number is free: a new registration of it stands on its own.
    const third = member('13900000001');
    await push(a.token, [put('member', third)]);
    expect((await storedRecord('member', third.id))!.mergedInto).toBeUndefined();
  });
});

describe('sign-ups', () => {
  it('confirms up to capacity and waitlists the rest in the order the server receives them', async () => {
    const a = await enrolledDevice(db(), '康民药店分站');
    const b = await enrolledDevice(db(), '电信营业厅分站');
    const event = await scheduleEvent(db(), a.station.id, { capacity: 2 });
    const people = Array.from({ length: 5 }, (_, i) => member(`1390000000${i}`));
    await push(a.token, [put('member', people[0]!), put('member', people[1]!), put('member', people[2]!)]);
    await push(b.token, [put('member', people[3]!), put('member', people[4]!)]);
    const s = people.map((p) => signup(event.id, p.id));
    // b's kiosk made its sign-ups first, but the server received a's first.
    expect(
      (await push(a.token, [put('signup', s[0]!), put('signup', s[1]!), put('signup', s[2]!)])).map((r) => r.version),
    ).toEqual([1, 1, 1]);
    await push(b.token, [put('signup', s[4]!), put('signup', s[3]!)]);
    const status = async (id: string) => (await storedRecord('signup', id)) as Record<string, unknown>;
    expect(await status(s[0]!.id)).toMatchObject({ status: 'confirmed' });
    expect(await status(s[1]!.id)).toMatchObject({ status: 'confirmed' });
    expect(await status(s[2]!.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await status(s[4]!.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(await status(s[3]!.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 3 });
    // The kiosk that holds the request learns the decision on pull.
    expect((await pulled(b.token, 'signup')).get(s[4]!.id)).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 2,
    });
    expect((await pulled(b.token, 'signup')).has(s[0]!.id)).toBe(false);

    // A confirmed seat cancelled goes to the first in line; the line moves up.
    const [cancel] = await push(a.token, [put('signup', { ...s[0]!, status: 'cancelled' }, 1)]);
    expect(cancel!.status).toBe('accepted');
    expect(await status(s[2]!.id)).toMatchObject({ status: 'confirmed' });
    expect((await status(s[2]!.id)).waitlistPosition).toBeUndefined();
    expect(await status(s[4]!.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await status(s[3]!.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
  });

  it('answers a second sign-up of the same person with the first one’s decision, taking no second seat', async () => {
    const a = await enrolledDevice(db());
    const event = await scheduleEvent(db(), a.station.id, { capacity: 1 });
    const m = member();
    const other = member('13700000001');
    await push(a.token, [put('member', m), put('member', other)]);
    const first = signup(event.id, m.id);
    const again = signup(event.id, m.id);
    const third = signup(event.id, other.id);
    await push(a.token, [put('signup', first), put('signup', again), put('signup', third)]);
    expect(await storedRecord('signup', again.id)).toMatchObject({ status: 'confirmed', sameAs: first.id });
    expect(await storedRecord('signup', third.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    // Cancelling the second cancels the person's place: the seat goes on.
    await push(a.token, [put('signup', { ...again, status: 'cancelled' }, 1)]);
    expect(await storedRecord('signup', first.id)).toMatchObject({ status: 'cancelled' });
    expect(await storedRecord('signup', third.id)).toMatchObject({ status: 'confirmed' });
  });

  it('gives each bad sign-up its code and changes nothing', async () => {
    const a = await enrolledDevice(db());
    const m = member();
    await push(a.token, [put('member', m)]);
    const event = await scheduleEvent(db(), a.station.id);
    const past = await scheduleEvent(db(), a.station.id, {
      startsAt: new Date(Date.now() - 7_200_000).toISOString(),
      endsAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const cancelled = await scheduleEvent(db(), a.station.id, { cancelled: true });
    const before = await snapshot();
    const results = await push(a.token, [
      put('signup', signup(uuid7(), m.id)),
      put('signup', signup(cancelled.id, m.id)),
      put('signup', signup(past.id, m.id)),
      put('signup', signup(event.id, uuid7())),
      put('signup', signup(event.id, m.id, { status: 'confirmed' })),
    ]);
    expect(results.map((r) => r.code)).toEqual([
      'event_not_found',
      'event_not_found',
      'event_ended',
      'member_not_found',
      'server_field',
    ]);
    expect(await snapshot()).toEqual(before);
    // A kiosk may cancel its sign-up, never confirm it.
    const s = signup(event.id, m.id);
    await push(a.token, [put('signup', s)]);
    const [self] = await push(a.token, [put('signup', { ...s, status: 'waitlisted' }, 2)]);
    expect(self).toMatchObject({ status: 'rejected', code: 'server_field' });
  });

  it('accepts a sign-up of a member registered earlier in the same batch', async () => {
    const a = await enrolledDevice(db());
    const event = await scheduleEvent(db(), a.station.id);
    const m = member();
    const results = await push(a.token, [put('member', m), put('signup', signup(event.id, m.id))]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
  });
});

describe('attendance', () => {
  it('is recorded at the event’s own station only, until the event ends, and corrections name one of its records', async () => {
    const a = await enrolledDevice(db(), '康民药店分站');
    const b = await enrolledDevice(db(), '电信营业厅分站');
    const m = member();
    await push(a.token, [put('member', m)]);
    const event = await scheduleEvent(db(), a.station.id);
    const other = await scheduleEvent(db(), b.station.id);
    const came = attendance(event.id, m.id);
    const walkIns = attendance(event.id, null, { count: 3 });
    expect((await push(a.token, [put('attendance', came), put('attendance', walkIns)])).map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    const before = await snapshot();
    const results = await push(a.token, [
      put('attendance', attendance(other.id, m.id)),
      put('attendance', attendance(uuid7(), m.id)),
      put('attendance', attendance(event.id, m.id, { createdAt: new Date(Date.now() + 100_000_000).toISOString() })),
      put('attendance', attendance(event.id, null, { withdraws: uuid7() })),
      put('attendance', attendance(event.id, uuid7())),
    ]);
    expect(results.map((r) => r.code)).toEqual([
      'event_other_station',
      'event_not_found',
      'event_ended',
      'attendance_not_found',
      'member_not_found',
    ]);
    expect(await snapshot()).toEqual(before);
    const [fix] = await push(a.token, [put('attendance', attendance(event.id, null, { withdraws: walkIns.id }))]);
    expect(fix!.status).toBe('accepted');
  });
});

describe('visits of a merged member', () => {
  it('keep the id the kiosk recorded', async () => {
    const a = await enrolledDevice(db());
    const m = member();
    await push(a.token, [put('member', m), { kind: 'visit', op: 'put', record: { ...visit(), memberId: m.id } }]);
    expect(await db().selectFrom('visits').select('member_id').execute()).toEqual([{ member_id: m.id }]);
  });
});
