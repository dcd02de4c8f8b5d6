/**
 * The console's views of people data (src/protocol/console-people.ts shapes),
 * assembled from the store's reads: aliases resolved to the surviving member,
 * phones masked, events and branches named.
 */
import type { Kysely } from 'kysely';
import type {
  AttendanceRow,
  EventSummary,
  MemberDetailResponse,
  MemberSummary,
  SignupRow,
} from '../../src/protocol/console-people';
import { maskPhone, type SignupStatus } from '../../src/protocol/people';
import { attendanceRows, attendedCounts, withdrawnIds } from '../store/attendance';
import { allEvents, allPartyOrgs, type StoredEvent } from '../store/events';
import { aliasesOf, idsOfPerson, membersById, survivorsOf, type MemberRow } from '../store/members';
import type { Db } from '../store/schema';
import { signupCounts, signupRows } from '../store/signups';
import { listStations } from '../store/stations';
import { queryVisits } from '../store/visits';

/** Names the views need: branches, events, stations. */
export async function names(db: Kysely<Db>) {
  const [orgs, events, stations] = await Promise.all([allPartyOrgs(db), allEvents(db), listStations(db)]);
  return {
    branch: new Map(orgs.map((o) => [o.record.id, o.record.name])),
    event: new Map(events.map((e) => [e.record.id, e])),
    station: new Map(stations.map((s) => [s.id, s.name])),
  };
}
type Names = Awaited<ReturnType<typeof names>>;

/** A member as the console lists it. */
export function memberSummary(r: MemberRow, n: Pick<Names, 'branch'>): MemberSummary {
  const m = r.record;
  return {
    id: m.id,
    memberNo: m.memberNo,
    name: m.name,
    phoneMasked: maskPhone(m.phone),
    phoneLast4: m.phone.slice(7),
    occupation: m.occupation,
    platform: m.platform ?? null,
    partyMember: m.partyMember,
    mobileParty: m.mobileParty ?? false,
    homeOrg: m.homeOrg ?? null,
    branchId: m.branchId ?? null,
    branchName: m.branchId ? (n.branch.get(m.branchId) ?? null) : null,
    stationId: r.stationId,
    stationName: r.stationName,
    createdAt: m.createdAt,
    mergedInto: r.mergedInto,
    version: r.version,
  };
}

/** Who each recorded member id is now: the surviving member's id, number and name. */
async function people(db: Kysely<Db>, ids: readonly string[]) {
  const survivors = await survivorsOf(db, ids);
  const rows = await membersById(db, [...survivors.values()]);
  return (id: string) => {
    const row = rows.get(survivors.get(id) ?? id);
    return { memberId: row?.id ?? id, memberNo: row?.record.memberNo ?? '', memberName: row?.record.name ?? '' };
  };
}

/** Sign-up rows of an event or of a person. */
export async function signupViews(
  db: Kysely<Db>,
  where: Parameters<typeof signupRows>[1],
  n: Names,
): Promise<SignupRow[]> {
  const rows = await signupRows(db, where);
  const who = await people(
    db,
    rows.map((r) => r.member_id),
  );
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventTitle: n.event.get(r.event_id)?.record.title ?? '',
    ...who(r.member_id),
    recordedMemberId: r.member_id,
    status: r.status as SignupStatus,
    waitlistPosition: r.waitlist_position === null ? null : Number(r.waitlist_position),
    createdAt: r.created_at,
    receivedAt: r.received_at,
    decidedAt: r.decided_at,
    stationId: r.station_id,
    stationName: r.station_name,
    sameAs: r.same_as,
  }));
}

/** Attendance rows of an event or of a person, withdrawn ones flagged. */
export async function attendanceViews(
  db: Kysely<Db>,
  where: Parameters<typeof attendanceRows>[1],
  n: Names,
): Promise<AttendanceRow[]> {
  const rows = await attendanceRows(db, where);
  const withdrawn = await withdrawnIds(db, 'eventId' in where ? where.eventId : undefined);
  const who = await people(
    db,
    rows.flatMap((r) => (r.member_id ? [r.member_id] : [])),
  );
  return rows.map((r) => {
    const person = r.member_id ? who(r.member_id) : null;
    return {
      id: r.id,
      eventId: r.event_id,
      eventTitle: n.event.get(r.event_id)?.record.title ?? '',
      memberId: person?.memberId ?? null,
      memberNo: person?.memberNo ?? null,
      memberName: person?.memberName ?? null,
      recordedMemberId: r.member_id,
      count: r.count,
      createdAt: r.created_at,
      receivedAt: r.received_at,
      stationId: r.station_id,
      withdraws: r.withdraws,
      withdrawn: withdrawn.has(r.id),
    };
  });
}

/** A member with its aliases, visits, sign-ups and attendance; an alias id answers its survivor. */
export async function memberDetail(db: Kysely<Db>, id: string): Promise<MemberDetailResponse | undefined> {
  const asked = (await membersById(db, [id])).get(id);
  if (!asked) return undefined;
  const row = asked.mergedInto ? (await membersById(db, [asked.mergedInto])).get(asked.mergedInto) : asked;
  if (!row) return undefined;
  const n = await names(db);
  const ids = await idsOfPerson(db, row.id);
  const visits = await queryVisits(db, { memberIds: ids, limit: 500, newestFirst: true });
  return {
    member: memberSummary(row, n),
    consentVersion: row.record.consentVersion,
    consentAt: row.record.consentAt,
    resolvedFrom: row.id === id ? null : id,
    aliases: (await aliasesOf(db, row.id)).map((a) => memberSummary(a, n)),
    visits: visits.map((v) => ({
      id: v.id,
      createdAt: v.createdAt,
      stationId: v.stationId,
      stationName: v.stationName,
      services: v.services,
      recordedMemberId: v.recordedMemberId ?? row.id,
    })),
    signups: await signupViews(db, { memberIds: ids }, n),
    attendance: await attendanceViews(db, { memberIds: ids }, n),
  };
}

/** Events with their counts. */
export async function eventSummaries(db: Kysely<Db>, events: StoredEvent[], n: Names): Promise<EventSummary[]> {
  const [seats, attended] = await Promise.all([signupCounts(db), attendedCounts(db)]);
  return events.map((e) => ({
    id: e.record.id,
    kind: e.record.kind,
    title: e.record.title,
    description: e.record.description ?? null,
    stationId: e.stationId,
    stationName: n.station.get(e.stationId) ?? '',
    startsAt: e.record.startsAt,
    endsAt: e.record.endsAt,
    capacity: e.record.capacity,
    cancelled: e.record.cancelled ?? false,
    version: e.version,
    confirmed: seats.get(e.record.id)?.confirmed ?? 0,
    waitlisted: seats.get(e.record.id)?.waitlisted ?? 0,
    attended: attended.get(e.record.id) ?? 0,
  }));
}
