/** Builders for the people kinds in server tests: members, events (made in the console), sign-ups and attendance. */
import type { Kysely } from 'kysely';
import type { Db } from '../../server/store/schema';
import { applyConsoleChange } from '../../server/sync/console-change';
import {
  CONSENT_VERSION,
  newCardKey,
  newMemberNo,
  type AttendanceRecord,
  type EventRecord,
  type MemberRecord,
  type SignupRecord,
} from '../../src/protocol/people';
import { uuid7 } from '../../src/protocol/uuid7';
import { newReceiptCode, type SuggestionRecord } from '../../src/protocol/wishes';

/** A member registered now (or at `at`) with this phone. */
export function member(phone = '13800138000', over: Partial<MemberRecord> = {}, at = new Date()): MemberRecord {
  return {
    id: uuid7(at.getTime()),
    createdAt: at.toISOString(),
    memberNo: newMemberNo(),
    name: '李小明',
    phone,
    occupation: 'food_delivery',
    partyMember: false,
    consentVersion: CONSENT_VERSION,
    consentAt: at.toISOString(),
    cardKey: newCardKey(),
    ...over,
  };
}

/** Schedules an event in the console at a station; answers the stored record. */
export async function scheduleEvent(
  db: Kysely<Db>,
  stationId: string,
  over: Partial<EventRecord> = {},
): Promise<EventRecord> {
  const now = Date.now();
  const record: EventRecord = {
    id: uuid7(),
    kind: 'training',
    title: '安全骑士培训',
    stationId,
    startsAt: new Date(now + 86_400_000).toISOString(),
    endsAt: new Date(now + 90_000_000).toISOString(),
    capacity: 2,
    ...over,
  };
  const result = await applyConsoleChange(db, { kind: 'event', op: 'put', baseVersion: 0, record }, { stationId });
  if (result.status !== 'accepted') throw new Error(`event not stored: ${result.reason}`);
  return record;
}

/** A sign-up request made now. */
export function signup(eventId: string, memberId: string, over: Partial<SignupRecord> = {}): SignupRecord {
  return { id: uuid7(), createdAt: new Date().toISOString(), eventId, memberId, status: 'requested', ...over };
}

/** An attendance record made now. */
export function attendance(
  eventId: string,
  memberId: string | null,
  over: Partial<AttendanceRecord> = {},
): AttendanceRecord {
  return { id: uuid7(), createdAt: new Date().toISOString(), eventId, memberId, ...over };
}

/** A push change for a record of a kind (versioned kinds get a change id of their own). */
export function put(kind: string, record: { id: string } & Record<string, unknown>, baseVersion?: number) {
  const versioned = kind === 'member' || kind === 'signup';
  return {
    kind,
    op: 'put',
    record,
    ...(versioned ? { changeId: uuid7(), baseVersion: baseVersion ?? 0 } : {}),
  };
}

/** A suggestion left now, received, with its receipt code. */
export function suggestion(over: Partial<SuggestionRecord> = {}): SuggestionRecord {
  return {
    id: uuid7(),
    createdAt: new Date().toISOString(),
    category: 'sanitation',
    text: '小区门口的垃圾桶经常满出来',
    memberId: null,
    status: 'received',
    receiptCode: newReceiptCode(),
    ...over,
  };
}
