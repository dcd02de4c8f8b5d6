/**
 * The server's decisions on sign-ups, in the order it receives them, under the
 * event's lock (taken by push before anything else): a request is confirmed
 * while seats remain and waitlisted otherwise; a freed seat goes to the first in
 * line; waitlist places are renumbered 1…n. Each decision is a new version of the
 * sign-up at a feed position of its own, so the kiosk that holds the request
 * learns the answer on its next pull.
 */
import type { Transaction } from 'kysely';
import { canonicalJson } from '../../src/protocol/canonical-json';
import type { SignupRecord, SignupStatus } from '../../src/protocol/people';
import { signupKind } from '../../src/protocol/record-kinds';
import { lockEvents, type StoredEvent } from '../store/events';
import { takeFeedSeqs } from '../store/feed';
import { idsOfPerson, survivorsOf } from '../store/members';
import { currentRecords } from '../store/records';
import type { Db } from '../store/schema';
import { activeSignupOf, countSeats, followersOf, waitlist } from '../store/signups';
import type { KindStore, Writer } from './kind-stores';

type Action =
  | { type: 'requested'; id: string; event: StoredEvent }
  | { type: 'fold'; eventId: string; ids: string[] }
  | { type: 'cancelled'; id: string; before: SignupStatus }
  | { type: 'capacity'; eventId: string };

/** The decision fields a sign-up (and every second sign-up that follows it) carries; no decidedAt keeps each one's. */
interface Decision {
  status: SignupStatus;
  decidedAt?: string;
  waitlistPosition?: number;
}

export function createSignupDesk(
  trx: Transaction<Db>,
  writer: Writer,
  opts: { stores: (kind: string) => KindStore; receivedAt: string },
) {
  const actions: Action[] = [];
  const at = opts.receivedAt;

  /** Writes a new version of a sign-up when the change alters it. */
  async function rewrite(id: string, change: (s: SignupRecord) => SignupRecord): Promise<SignupRecord> {
    const cur = (await currentRecords(trx, 'signup', [id], false)).get(id);
    if (!cur?.record) throw new Error(`Sign-up ${id} vanished inside its event's lock`);
    const before = cur.record as SignupRecord;
    const next = change(before);
    if (canonicalJson(next) === canonicalJson(before)) return before;
    const [feedSeq] = await takeFeedSeqs(trx, 1);
    const write = { recordId: id, stationId: cur.stationId, op: 'put', record: next, version: cur.version + 1 };
    await opts.stores('signup').write(trx, signupKind, [{ ...write, receipt: null, feedSeq: feedSeq! }], writer, at);
    return next;
  }

  const withDecision = (s: SignupRecord, d: Decision): SignupRecord => {
    const { decidedAt: _a, waitlistPosition: _b, ...rest } = s;
    const decidedAt = d.decidedAt ?? s.decidedAt;
    return {
      ...rest,
      status: d.status,
      ...(decidedAt ? { decidedAt } : {}),
      ...(d.waitlistPosition ? { waitlistPosition: d.waitlistPosition } : {}),
    };
  };

  /** Sets a decision on a sign-up and on the second sign-ups that follow it. */
  async function decideGroup(id: string, d: Decision): Promise<void> {
    await rewrite(id, (s) => withDecision(s, d));
    for (const f of await followersOf(trx, id)) await rewrite(f, (s) => withDecision(s, d));
  }

  async function renumber(eventId: string): Promise<void> {
    for (const [i, id] of (await waitlist(trx, eventId)).entries()) {
      await decideGroup(id, { status: 'waitlisted', waitlistPosition: i + 1 });
    }
  }

  /** Gives freed seats to the first in line, then renumbers the line. */
  async function promote(event: EventLike): Promise<void> {
    let seats = await countSeats(trx, event.id);
    for (const id of await waitlist(trx, event.id)) {
      if (seats >= event.capacity) break;
      await decideGroup(id, { status: 'confirmed', decidedAt: at });
      seats++;
    }
    await renumber(event.id);
  }

  async function onRequested(id: string, event: StoredEvent): Promise<void> {
    const s = (await currentRecords(trx, 'signup', [id], false)).get(id)?.record as SignupRecord | undefined;
    // Cancelled again within the same batch: nothing to decide.
    if (!s || s.status !== 'requested') return;
    const survivor = (await survivorsOf(trx, [s.memberId])).get(s.memberId) ?? s.memberId;
    const first = await activeSignupOf(trx, s.eventId, await idsOfPerson(trx, survivor), s.id);
    if (first) {
      // The same person again: follow the first sign-up's decision rather than take a second seat.
      const firstRecord = (await currentRecords(trx, 'signup', [first], false)).get(first)!.record as SignupRecord;
      const d: Decision = { status: firstRecord.status, decidedAt: at };
      if (firstRecord.waitlistPosition) d.waitlistPosition = firstRecord.waitlistPosition;
      await rewrite(id, (r) => ({ ...withDecision(r, d), sameAs: first }));
      return;
    }
    if ((await countSeats(trx, s.eventId)) < event.record.capacity) {
      await rewrite(id, (r) => withDecision(r, { status: 'confirmed', decidedAt: at }));
    } else {
      const place = (await waitlist(trx, s.eventId)).length + 1;
      await rewrite(id, (r) => withDecision(r, { status: 'waitlisted', decidedAt: at, waitlistPosition: place }));
    }
  }

  async function onCancelled(id: string, before: SignupStatus): Promise<void> {
    const s = (await currentRecords(trx, 'signup', [id], false)).get(id)!.record as SignupRecord;
    // Cancelling any sign-up of a person's group cancels the person's place: the first and its followers.
    const head = s.sameAs ?? id;
    let headBefore = before;
    if (s.sameAs) {
      const h = (await currentRecords(trx, 'signup', [head], false)).get(head)!.record as SignupRecord;
      headBefore = h.status;
    }
    await decideGroup(head, { status: 'cancelled' });
    const event = (await lockEvents(trx, [s.eventId], false)).get(s.eventId);
    if (!event) return;
    if (headBefore === 'confirmed') await promote(eventLike(event));
    else if (headBefore === 'waitlisted') await renumber(s.eventId);
  }

  /**
   * After a merge, one person may hold several places at an event: the best (a seat
   * before a place in line, then the earliest) stays, the others follow it, and a
   * seat they held goes to the first in line.
   */
  async function onFold(eventId: string, ids: string[]): Promise<void> {
    const records = await currentRecords(trx, 'signup', ids, false);
    const places = ids.map((id) => records.get(id)?.record as SignupRecord).filter((s) => s && !s.sameAs);
    const live = places.filter((s) => s.status === 'confirmed' || s.status === 'waitlisted');
    if (live.length < 2) return;
    const keep = live.find((s) => s.status === 'confirmed') ?? live[0]!;
    let freed = false;
    for (const s of live) {
      if (s.id === keep.id) continue;
      if (s.status === 'confirmed') freed = true;
      const d: Decision = { status: keep.status, decidedAt: at };
      if (keep.waitlistPosition) d.waitlistPosition = keep.waitlistPosition;
      for (const id of [s.id, ...(await followersOf(trx, s.id))]) {
        await rewrite(id, (r) => ({ ...withDecision(r, d), sameAs: keep.id }));
      }
    }
    const event = (await lockEvents(trx, [eventId], false)).get(eventId);
    if (event && freed) await promote(eventLike(event));
    else await renumber(eventId);
  }

  return {
    /** Folds one person's places at an event into one (call with the event locked). */
    fold: (eventId: string, ids: string[]) => void actions.push({ type: 'fold', eventId, ids }),
    requested: (id: string, event: StoredEvent) => void actions.push({ type: 'requested', id, event }),
    cancelled: (id: string, before: SignupStatus) => void actions.push({ type: 'cancelled', id, before }),
    capacityRaised: (eventId: string) => void actions.push({ type: 'capacity', eventId }),
    /** Runs the decisions in the order the changes came. */
    async decide(): Promise<void> {
      for (const a of actions) {
        if (a.type === 'requested') await onRequested(a.id, a.event);
        else if (a.type === 'cancelled') await onCancelled(a.id, a.before);
        else if (a.type === 'fold') await onFold(a.eventId, a.ids);
        else {
          const event = (await lockEvents(trx, [a.eventId], false)).get(a.eventId);
          if (event && !event.record.cancelled) await promote(eventLike(event));
        }
      }
      actions.length = 0;
    },
  };
}

interface EventLike {
  id: string;
  capacity: number;
}
const eventLike = (e: StoredEvent): EventLike => ({ id: e.record.id, capacity: e.record.capacity });
