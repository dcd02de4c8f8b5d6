/**
 * The rules of the people kinds that the registry's schemas cannot state, run by
 * push inside the batch's transaction: what only the server may set, what must
 * exist first, and the server's own follow-up writes (a second registration of a
 * phone merged into the first; sign-ups confirmed or waitlisted in receive order).
 * A refused change changes nothing; push stays generic over kinds.
 */
import type { Transaction } from 'kysely';
import type { AnyRecord, ChangeRefusal, CheckedChange, RefusalCode } from '../../src/protocol/kinds';
import {
  directoryEntry,
  type AttendanceRecord,
  type EventRecord,
  type MemberRecord,
  type SignupRecord,
} from '../../src/protocol/people';
import { canonicalJson } from '../../src/protocol/canonical-json';
import { attendanceEvents } from '../store/attendance';
import { lockEvents, type StoredEvent } from '../store/events';
import { claimPhone, phoneKey, releasePhone, survivorsOf } from '../store/members';
import { claimReceiptCode } from '../store/suggestions';
import {
  SUGGESTION_TRANSITIONS,
  WISH_STATUS_FIELDS,
  WISH_TRANSITIONS,
  type SuggestionRecord,
  type WishRecord,
} from '../../src/protocol/wishes';
import type { CurrentRecord } from '../store/records';
import type { Db } from '../store/schema';
import type { KindStore, Writer } from './kind-stores';
import { createSignupDesk } from './signup-desk';
import { checkKioskStation } from './station-rule';
import type { StationRecord } from '../../src/protocol/schemas';

export interface KindRules {
  /** Before any current copy is read: locks the events the batch touches (in id order). */
  prepare(candidates: readonly CheckedChange[]): Promise<void>;
  /** A change push would apply: refused, or the record to store (the server's fields set). */
  check(c: CheckedChange, record: AnyRecord | null, cur: CurrentRecord | undefined): Promise<Ruled>;
  /** After the batch is written: the server's decisions, each at a feed position of its own. */
  after(): Promise<void>;
  /** The copy of a record a kiosk may see in an answer (a member: only its directory entry). */
  present(kind: string, record: AnyRecord): Promise<AnyRecord>;
}

/** A rule's answer: the record to store, or why the change is refused. */
export type Ruled = { ok: true; record: AnyRecord | null } | { ok: false; refusal: ChangeRefusal };

const refuse = (code: RefusalCode, reason: string): ChangeRefusal => ({ code, reason });
const isRefused = (r: object): r is ChangeRefusal => 'code' in r && 'reason' in r && !('id' in r);
const ruled = (r: AnyRecord | ChangeRefusal): Ruled =>
  isRefused(r) ? { ok: false, refusal: r } : { ok: true, record: r };

/** Fields of a sign-up only the server decides. */
const DECIDED = new Set(['status', 'decidedAt', 'waitlistPosition', 'sameAs']);
const identity = (s: AnyRecord) =>
  canonicalJson(Object.fromEntries(Object.entries(s).filter(([k]) => !DECIDED.has(k))));

export function createKindRules(
  trx: Transaction<Db>,
  writer: Writer,
  opts: { lock: boolean; stores: (kind: string) => KindStore; receivedAt: string },
): KindRules {
  const fromKiosk = writer.deviceId !== null;
  let events = new Map<string, StoredEvent>();
  /** Members and attendance accepted earlier in this batch (not in the index tables yet). */
  const newMembers = new Set<string>();
  const newAttendance = new Map<string, string>();
  const desk = createSignupDesk(trx, writer, opts);

  async function memberExists(id: string): Promise<boolean> {
    return newMembers.has(id) || (await survivorsOf(trx, [id])).has(id);
  }

  async function checkMember(m: MemberRecord, cur: CurrentRecord | undefined): Promise<MemberRecord | ChangeRefusal> {
    const before = cur?.record as MemberRecord | null | undefined;
    if (fromKiosk && m.mergedInto !== undefined && m.mergedInto !== before?.mergedInto) {
      return refuse('server_field', 'Only the server merges members: a kiosk may not set mergedInto');
    }
    let out: MemberRecord = m;
    if (fromKiosk) {
      const { mergedInto: _dropped, ...rest } = m;
      out = before?.mergedInto ? { ...rest, mergedInto: before.mergedInto } : rest;
      // A member's update at a kiosk keeps their registration time and number as the server holds them.
      if (before) out = { ...out, createdAt: before.createdAt, memberNo: before.memberNo };
    }
    if (!before) {
      // A second registration of a phone (two kiosks offline) merges into the first: both ids stay valid.
      const holder = await claimPhone(trx, phoneKey(m.phone), m.id);
      if (holder !== m.id && out.mergedInto === undefined) {
        out = { ...out, mergedInto: (await survivorsOf(trx, [holder])).get(holder) ?? holder };
      }
      newMembers.add(m.id);
    } else if (before.phone !== m.phone) {
      // A changed number moves the member's claim; a number another member holds merges nothing (README).
      await releasePhone(trx, phoneKey(before.phone), m.id);
      await claimPhone(trx, phoneKey(m.phone), m.id);
    }
    return out;
  }

  async function checkSignup(s: SignupRecord, cur: CurrentRecord | undefined): Promise<SignupRecord | ChangeRefusal> {
    const before = cur?.record as SignupRecord | null | undefined;
    if (before) {
      if (identity(s) !== identity(before)) {
        return refuse('server_field', 'A sign-up’s event, member and time cannot change');
      }
      if (s.status === before.status) return before;
      if (s.status !== 'cancelled' && fromKiosk) {
        return refuse('server_field', 'A kiosk may only cancel a sign-up; the server confirms or waitlists it');
      }
      const { waitlistPosition: _gone, ...rest } = before;
      desk.cancelled(s.id, before.status);
      return { ...rest, status: 'cancelled' };
    }
    if (s.status !== 'requested' || s.decidedAt || s.waitlistPosition || s.sameAs) {
      return refuse('server_field', 'A new sign-up is a request: the server confirms or waitlists it');
    }
    const event = events.get(s.eventId);
    if (!event || event.record.cancelled)
      return refuse('event_not_found', 'There is no such event, or it was cancelled');
    if (s.createdAt >= event.record.endsAt)
      return refuse('event_ended', 'The event had ended when this sign-up was made');
    if (!(await memberExists(s.memberId))) return refuse('member_not_found', 'There is no such member');
    desk.requested(s.id, event);
    return s;
  }

  /** Everything but the named fields, to tell what else a change touched. */
  const without = (r: AnyRecord, fields: readonly string[]) =>
    canonicalJson(Object.fromEntries(Object.entries(r).filter(([k]) => !fields.includes(k))));

  /** A status change: forward along the machine, touching nothing but the fields that travel with it. */
  function forward(
    before: AnyRecord & { status: string },
    after: AnyRecord & { status: string },
    transitions: Record<string, readonly string[]>,
    moving: readonly string[],
  ): ChangeRefusal | null {
    if (without(before, ['status', ...moving]) !== without(after, ['status', ...moving])) {
      return refuse('server_field', 'Only the status (and who moved it) can change');
    }
    if (after.status === before.status) {
      return without(before, []) === without(after, []) ? null : refuse('status_backwards', 'The status did not move');
    }
    if (!(transitions[before.status] ?? []).includes(after.status)) {
      return refuse('status_backwards', `A ${before.status} record cannot become ${after.status}`);
    }
    return null;
  }

  function checkWish(w: WishRecord, cur: CurrentRecord | undefined): WishRecord | ChangeRefusal {
    const before = cur?.record as WishRecord | null | undefined;
    if (!before) {
      if (w.status !== 'open' || WISH_STATUS_FIELDS.some((f) => w[f] !== undefined)) {
        return refuse('server_field', 'A new wish is open, claimed by nobody');
      }
      return w;
    }
    return forward(before, w, WISH_TRANSITIONS, WISH_STATUS_FIELDS) ?? w;
  }

  async function checkSuggestion(
    s: SuggestionRecord,
    cur: CurrentRecord | undefined,
  ): Promise<SuggestionRecord | ChangeRefusal> {
    const before = cur?.record as SuggestionRecord | null | undefined;
    if (before) {
      if (fromKiosk) return refuse('server_field', 'Only the district answers a suggestion');
      const answer = ['reply', 'repliedAt', 'assignedTo'];
      // The district may reply or (re)assign without moving the status; the rest stays as the worker left it.
      if (s.status === before.status) {
        return without(before, answer) === without(s, answer)
          ? s
          : refuse('server_field', 'Only the status, the reply and the assignee can change');
      }
      return forward(before, s, SUGGESTION_TRANSITIONS, answer) ?? s;
    }
    if (s.status !== 'received' || s.reply !== undefined || s.repliedAt !== undefined || s.assignedTo !== undefined) {
      return refuse('server_field', 'A new suggestion is received, with no reply yet');
    }
    if ((await claimReceiptCode(trx, s.receiptCode, s.id)) !== s.id) {
      return refuse('receipt_code_taken', 'Another suggestion holds this receipt code');
    }
    return s;
  }

  async function checkAttendance(a: AttendanceRecord): Promise<AttendanceRecord | ChangeRefusal> {
    const event = events.get(a.eventId);
    if (!event || event.record.cancelled)
      return refuse('event_not_found', 'There is no such event, or it was cancelled');
    if (event.stationId !== writer.stationId) {
      return refuse('event_other_station', 'Attendance is recorded at the station that holds the event');
    }
    if (a.createdAt > event.record.endsAt) {
      return refuse('event_ended', 'The event has ended: its attendance can no longer change');
    }
    if (a.memberId !== null && !(await memberExists(a.memberId))) {
      return refuse('member_not_found', 'There is no such member');
    }
    if (a.withdraws !== undefined) {
      const of = newAttendance.get(a.withdraws) ?? (await attendanceEvents(trx, [a.withdraws])).get(a.withdraws);
      if (of !== a.eventId) return refuse('attendance_not_found', 'The corrected attendance is not one of this event');
    }
    newAttendance.set(a.id, a.eventId);
    return a;
  }

  return {
    async prepare(candidates) {
      const ids = candidates.flatMap((c) =>
        (c.kind === 'signup' || c.kind === 'attendance') && typeof c.record.eventId === 'string'
          ? [c.record.eventId]
          : [],
      );
      if (ids.length > 0) events = await lockEvents(trx, ids, opts.lock);
    },
    async check(c, record, cur) {
      if (record === null) return { ok: true, record };
      switch (c.kind) {
        case 'member':
          return ruled((await checkMember(record as MemberRecord, cur)) as AnyRecord | ChangeRefusal);
        case 'signup':
          return ruled((await checkSignup(record as SignupRecord, cur)) as AnyRecord | ChangeRefusal);
        case 'attendance':
          return ruled((await checkAttendance(record as AttendanceRecord)) as AnyRecord | ChangeRefusal);
        case 'wish':
          return ruled(checkWish(record as WishRecord, cur) as AnyRecord | ChangeRefusal);
        case 'suggestion':
          return ruled((await checkSuggestion(record as SuggestionRecord, cur)) as AnyRecord | ChangeRefusal);
        case 'station':
          return fromKiosk
            ? ruled(
                (await checkKioskStation(trx, writer.stationId, record as StationRecord)) as AnyRecord | ChangeRefusal,
              )
            : { ok: true, record };
        case 'event': {
          const before = cur?.record as EventRecord | null | undefined;
          const after = record as EventRecord;
          if (before && after.capacity > before.capacity) desk.capacityRaised(after.id);
          return { ok: true, record };
        }
        default:
          return { ok: true, record };
      }
    },
    after: () => desk.decide(),
    async present(kind, record) {
      return kind === 'member' ? ((await directoryEntry(record as MemberRecord)) as AnyRecord) : record;
    },
  };
}
