/**
 * The kiosk's write paths and lookups for members, events, sign-ups and
 * attendance. Each write stores what the kiosk keeps and queues the change in
 * one transaction (see queue-change.ts); lookups read only the privacy-reduced
 * directory, never a phone list.
 */
import { parseWire } from '../protocol/schemas';
import {
  AttendanceRecordSchema,
  CONSENT_VERSION,
  EventRecordSchema,
  MemberDirectoryEntrySchema,
  MemberRecordSchema,
  SignupRecordSchema,
  cardCheck,
  directoryEntry,
  newCardKey,
  newMemberNo,
  parseCardPayload,
  phoneMatches,
  type AttendanceRecord,
  type EventRecord,
  type MemberRecord,
  type Occupation,
  type SignupRecord,
} from '../protocol/people';
import { uuid7, uuid7Time } from '../protocol/uuid7';
import type { DirectoryRow, KioskDb } from './kiosk-db';
import { localView } from './local-view';
import { queueChange } from './queue-change';
import { withRoomToWrite } from './room-to-write';

/** What a worker typed at registration. */
export interface RegistrationInput {
  name: string;
  phone: string;
  occupation: Occupation;
  platform?: string;
  partyMember: boolean;
  mobileParty?: boolean;
  homeOrg?: string;
  branchId?: string;
}

/**
 * A member record from what the worker typed, with a fresh card key and today's consent;
 * throws InvalidInput (naming the field) when it is not a valid record.
 */
function memberRecord(
  input: RegistrationInput,
  who: { id: string; createdAt: string; memberNo: string },
  now: Date,
): MemberRecord {
  const parsed = parseWire(MemberRecordSchema, {
    ...who,
    name: input.name,
    phone: input.phone,
    occupation: input.occupation,
    ...(input.platform?.trim() ? { platform: input.platform } : {}),
    partyMember: input.partyMember,
    ...(input.partyMember && input.mobileParty !== undefined ? { mobileParty: input.mobileParty } : {}),
    ...(input.partyMember && input.homeOrg?.trim() ? { homeOrg: input.homeOrg } : {}),
    ...(input.partyMember && input.branchId ? { branchId: input.branchId } : {}),
    consentVersion: CONSENT_VERSION,
    consentAt: now.toISOString(),
    cardKey: newCardKey(),
  });
  if (!parsed.ok) throw new InvalidInput(parsed.message);
  return parsed.value;
}

/** Thrown when input does not make a valid record; `message` names the field (for logs; screens word their own). */
export class InvalidInput extends Error {}

/** A member as found at the kiosk (the directory entry of the surviving member). */
export type FoundMember = DirectoryRow;

/**
 * Registers a member: the full record goes to the outbox (the only place the kiosk
 * holds the phone, until the server confirms it), the directory gets the reduced entry.
 */
export async function registerMember(
  db: KioskDb,
  input: RegistrationInput,
  now: Date = new Date(),
): Promise<MemberRecord> {
  const record = memberRecord(
    input,
    { id: uuid7(now.getTime()), createdAt: now.toISOString(), memberNo: newMemberNo() },
    now,
  );
  const entry = await directoryEntry(record);
  await withRoomToWrite(db, () =>
    db.transaction('rw', [db.directory, db.registrations, db.outbox], async () => {
      await db.directory.put({ ...entry, version: null });
      await db.registrations.put({
        id: record.id,
        memberNo: record.memberNo,
        displayName: entry.displayName,
        createdAt: record.createdAt,
        partyMember: record.partyMember,
        mobileParty: record.mobileParty === true,
      });
      await queueChange(db, { kind: 'member', op: 'put', record, versioned: true, baseVersion: 0 }, now);
    }),
  );
  return record;
}

export type UpdateOutcome = { record: MemberRecord } | { error: 'not_synced' | 'unknown_member' };

/**
 * A member updates their own details after identifying by phone. The kiosk holds no full
 * record, so the member types their name again and gets a new card (the old card's key
 * is not on this kiosk); the change is based on the directory's version, so an edit the
 * district made meanwhile wins and the host is told.
 */
export async function updateMember(
  db: KioskDb,
  memberId: string,
  input: RegistrationInput,
  now: Date = new Date(),
): Promise<UpdateOutcome> {
  const held = await db.directory.get(memberId);
  if (!held) return { error: 'unknown_member' };
  // A registration still in the queue has no server version to base an edit on.
  if (held.version === null) return { error: 'not_synced' };
  // The server keeps the member's own registration time and number; these stand for them.
  const record = memberRecord(
    input,
    { id: held.id, createdAt: new Date(uuid7Time(held.id)).toISOString(), memberNo: held.memberNo },
    now,
  );
  const entry = await directoryEntry(record);
  await withRoomToWrite(db, () =>
    db.transaction('rw', [db.directory, db.outbox], async () => {
      await db.directory.put({ ...entry, version: held.version });
      await queueChange(db, { kind: 'member', op: 'put', record, versioned: true, baseVersion: held.version! }, now);
    }),
  );
  return { record };
}

/** Keeps a pulled directory entry unless a newer one is held; false when the record is not a directory entry. */
export async function putDirectoryEntry(db: KioskDb, record: unknown, version: number | null): Promise<boolean> {
  const parsed = parseWire(MemberDirectoryEntrySchema, record);
  if (!parsed.ok) return false;
  const held = await db.directory.get(parsed.value.id);
  if (held && held.version !== null && version !== null && held.version > version) return true;
  await db.directory.put({ ...parsed.value, version });
  return true;
}

/** Follows merges to the member who survives (a registration merged into an earlier one of the same phone). */
async function survivor(db: KioskDb, entry: DirectoryRow): Promise<FoundMember> {
  let current = entry;
  for (let hops = 0; current.mergedInto && hops < 8; hops++) {
    const next = await db.directory.get(current.mergedInto);
    if (!next) break;
    current = next;
  }
  return current;
}

/** Finds a member by their phone: the few entries with the same last four digits, each checked by its slow hash. */
export async function findMemberByPhone(db: KioskDb, phone: string): Promise<FoundMember | null> {
  const candidates = await db.directory.where('phoneLast4').equals(phone.slice(-4)).toArray();
  const checks = await Promise.all(candidates.map((c) => phoneMatches(phone, c)));
  // An unmerged entry first: a merged alias leads to the same survivor anyway.
  const matches = candidates
    .filter((_, i) => checks[i])
    .sort((a, b) => Number(!!a.mergedInto) - Number(!!b.mergedInto));
  return matches[0] ? survivor(db, matches[0]) : null;
}

export type CardLookup = { member: FoundMember } | { error: 'not_a_card' | 'unknown_member' | 'forged' };

/** Finds the member a scanned card belongs to; a card whose key does not match its member is refused. */
export async function findMemberByCard(db: KioskDb, text: string): Promise<CardLookup> {
  const card = parseCardPayload(text);
  if (!card) return { error: 'not_a_card' };
  const entry = await db.directory.get(card.id);
  if (!entry) return { error: 'unknown_member' };
  if ((await cardCheck(card.id, card.cardKey)) !== entry.cardCheck) return { error: 'forged' };
  return { member: await survivor(db, entry) };
}

/** Every id that leads to this member (the member and registrations merged into it). */
async function idsOf(db: KioskDb, memberId: string): Promise<Set<string>> {
  const ids = new Set([memberId]);
  for (const alias of await db.directory.filter((d) => d.mergedInto === memberId).toArray()) ids.add(alias.id);
  return ids;
}

/** Events the district scheduled, as this kiosk knows them. */
export async function knownEvents(db: KioskDb): Promise<EventRecord[]> {
  const events: EventRecord[] = [];
  for (const copy of (await localView(db, 'event')).values()) {
    const parsed = parseWire(EventRecordSchema, copy.record);
    if (parsed.ok) events.push(parsed.value);
  }
  return events.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Events a worker can still sign up for: not cancelled, not ended. */
export async function upcomingEvents(db: KioskDb, now: Date = new Date()): Promise<EventRecord[]> {
  const at = now.toISOString();
  return (await knownEvents(db)).filter((e) => !e.cancelled && e.endsAt > at);
}

/** A sign-up as the kiosk shows it: pending until the server's decision comes back on pull. */
export interface SignupView {
  record: SignupRecord;
  pending: boolean;
}

/** Sign-ups this station's kiosks hold, optionally of one member (and their merged registrations). */
export async function signupsHeld(db: KioskDb, memberId?: string): Promise<SignupView[]> {
  const ids = memberId ? await idsOf(db, memberId) : null;
  const out: SignupView[] = [];
  for (const copy of (await localView(db, 'signup')).values()) {
    const parsed = parseWire(SignupRecordSchema, copy.record);
    if (!parsed.ok || (ids && !ids.has(parsed.value.memberId))) continue;
    out.push({ record: parsed.value, pending: copy.pending });
  }
  return out.sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt));
}

export type SignupOutcome = { signup: SignupView; already: boolean } | { error: 'event_not_found' | 'event_ended' };

/**
 * Requests a seat for a member. Capacity cannot be known offline: the server confirms
 * or waitlists in the order it receives requests, and the answer comes back on pull.
 */
export async function signUp(
  db: KioskDb,
  eventId: string,
  memberId: string,
  now: Date = new Date(),
): Promise<SignupOutcome> {
  const event = (await knownEvents(db)).find((e) => e.id === eventId);
  if (!event || event.cancelled) return { error: 'event_not_found' };
  if (event.endsAt <= now.toISOString()) return { error: 'event_ended' };
  const existing = (await signupsHeld(db, memberId)).find(
    (s) => s.record.eventId === eventId && s.record.status !== 'cancelled',
  );
  if (existing) return { signup: existing, already: true };
  const record: SignupRecord = {
    id: uuid7(now.getTime()),
    createdAt: now.toISOString(),
    eventId,
    memberId,
    status: 'requested',
  };
  await withRoomToWrite(db, () =>
    db.transaction('rw', db.outbox, () =>
      queueChange(db, { kind: 'signup', op: 'put', record, versioned: true, baseVersion: 0 }, now),
    ),
  );
  return { signup: { record, pending: true }, already: false };
}

export type AttendanceOutcome =
  | { recorded: AttendanceRecord; already: boolean }
  | { error: 'event_not_found' | 'event_other_station' | 'event_ended' };

/** Attendance this kiosk recorded for an event, with corrections applied (withdrawn records left out). */
export async function attendanceOf(db: KioskDb, eventId: string): Promise<AttendanceRecord[]> {
  const all = await db.attendance.where('eventId').equals(eventId).toArray();
  const withdrawn = new Set(all.flatMap((a) => (a.withdraws ? [a.withdraws, a.id] : [])));
  return all.filter((a) => !withdrawn.has(a.id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function writeAttendance(db: KioskDb, record: AttendanceRecord, now: Date) {
  const parsed = parseWire(AttendanceRecordSchema, record);
  if (!parsed.ok) throw new InvalidInput(parsed.message);
  await withRoomToWrite(db, () =>
    db.transaction('rw', db.attendance, db.outbox, async () => {
      await db.attendance.add(parsed.value);
      await queueChange(db, { kind: 'attendance', op: 'put', record: parsed.value }, now);
    }),
  );
}

/** Checks the host may record attendance for this event now: held at this station, not yet over. */
async function openEvent(
  db: KioskDb,
  eventId: string,
  stationId: string,
  now: Date,
): Promise<{ event: EventRecord } | { error: 'event_not_found' | 'event_other_station' | 'event_ended' }> {
  const event = (await knownEvents(db)).find((e) => e.id === eventId);
  if (!event) return { error: 'event_not_found' };
  if (event.stationId !== stationId) return { error: 'event_other_station' };
  if (event.endsAt <= now.toISOString()) return { error: 'event_ended' };
  return { event };
}

/** Marks a member present (once: a second scan answers the first record), or `count` walk-ins (memberId null). */
export async function recordAttendance(
  db: KioskDb,
  input: { eventId: string; stationId: string; memberId: string | null; count?: number },
  now: Date = new Date(),
): Promise<AttendanceOutcome> {
  const open = await openEvent(db, input.eventId, input.stationId, now);
  if ('error' in open) return open;
  if (input.memberId) {
    const ids = await idsOf(db, input.memberId);
    const present = (await attendanceOf(db, input.eventId)).find((a) => a.memberId && ids.has(a.memberId));
    if (present) return { recorded: present, already: true };
  }
  const record: AttendanceRecord = {
    id: uuid7(now.getTime()),
    createdAt: now.toISOString(),
    eventId: input.eventId,
    memberId: input.memberId,
    ...(input.memberId === null ? { count: input.count ?? 1 } : {}),
  };
  await writeAttendance(db, record, now);
  return { recorded: record, already: false };
}

/** Corrects a mistaken entry before the event ends: a new record that withdraws it. */
export async function withdrawAttendance(
  db: KioskDb,
  input: { eventId: string; stationId: string; attendanceId: string },
  now: Date = new Date(),
): Promise<AttendanceOutcome> {
  const open = await openEvent(db, input.eventId, input.stationId, now);
  if ('error' in open) return open;
  const target = await db.attendance.get(input.attendanceId);
  if (!target || target.eventId !== input.eventId) return { error: 'event_not_found' };
  const record: AttendanceRecord = {
    id: uuid7(now.getTime()),
    createdAt: now.toISOString(),
    eventId: input.eventId,
    memberId: target.memberId,
    withdraws: target.id,
  };
  await writeAttendance(db, record, now);
  return { recorded: record, already: false };
}
