/**
 * Export rows for members, events, sign-ups and attendance: readable columns,
 * the surviving member beside the id a kiosk recorded, phones (and names) masked
 * unless asked for in clear. Rows come from the records feed, so the cursor
 * semantics are the visits export's.
 */
import type { Kysely } from 'kysely';
import {
  maskName,
  maskPhone,
  type AttendanceRecord,
  type EventRecord,
  type MemberRecord,
  type SignupRecord,
} from '../../src/protocol/people';
import { allEvents, allPartyOrgs } from '../store/events';
import { survivorsOf } from '../store/members';
import type { RecordRow } from '../store/records';
import type { Db } from '../store/schema';
import { csvCell, localTime, type ExportOptions } from './visit-table';

type Cell = string | number | boolean | null | undefined;
type Table = { columns: readonly string[]; rows: Record<string, Cell>[] };

const common = (r: RecordRow, opts: ExportOptions) => ({
  station_id: r.stationId,
  station: r.stationName,
  version: r.version,
  updated_at: r.updatedAt,
  updated_local: localTime(r.updatedAt, opts.timeZone),
});
const COMMON = ['station_id', 'station', 'version', 'updated_at', 'updated_local'] as const;

/** Members: one row per registration; merged ones name their survivor in merged_into. */
export async function memberTable(db: Kysely<Db>, rows: RecordRow[], opts: ExportOptions): Promise<Table> {
  const branches = new Map((await allPartyOrgs(db)).map((o) => [o.record.id, o.record.name]));
  const columns = [
    'member_id',
    'member_no',
    'name',
    'phone',
    'occupation',
    'platform',
    'party_member',
    'mobile_party',
    'home_org',
    'branch_id',
    'branch',
    'registered_at',
    'registered_local',
    'consent_version',
    'merged_into',
    ...COMMON,
  ];
  return {
    columns,
    rows: rows.map((r) => {
      const m = r.record as MemberRecord;
      return {
        member_id: r.id,
        member_no: m.memberNo,
        name: opts.clearPhones ? m.name : maskName(m.name),
        phone: opts.clearPhones ? m.phone : maskPhone(m.phone),
        occupation: m.occupation,
        platform: m.platform,
        party_member: m.partyMember,
        mobile_party: m.mobileParty ?? false,
        home_org: m.homeOrg,
        branch_id: m.branchId,
        branch: m.branchId ? branches.get(m.branchId) : '',
        registered_at: m.createdAt,
        registered_local: localTime(m.createdAt, opts.timeZone),
        consent_version: m.consentVersion,
        merged_into: m.mergedInto,
        ...common(r, opts),
      };
    }),
  };
}

export function eventTable(rows: RecordRow[], opts: ExportOptions): Table {
  const columns = [
    'event_id',
    'kind',
    'title',
    'description',
    'starts_at',
    'starts_local',
    'ends_at',
    'ends_local',
    'capacity',
    'cancelled',
    ...COMMON,
  ];
  return {
    columns,
    rows: rows.map((r) => {
      const e = r.record as EventRecord;
      return {
        event_id: r.id,
        kind: e.kind,
        title: e.title,
        description: e.description,
        starts_at: e.startsAt,
        starts_local: localTime(e.startsAt, opts.timeZone),
        ends_at: e.endsAt,
        ends_local: localTime(e.endsAt, opts.timeZone),
        capacity: e.capacity,
        cancelled: e.cancelled ?? false,
        ...common(r, opts),
      };
    }),
  };
}

async function lookups(db: Kysely<Db>, memberIds: string[]) {
  const [survivors, events] = await Promise.all([survivorsOf(db, memberIds), allEvents(db)]);
  const titles = new Map(events.map((e) => [e.record.id, e.record.title]));
  return { survivor: (id: string) => survivors.get(id) ?? id, title: (id: string) => titles.get(id) ?? '' };
}

export async function signupTable(db: Kysely<Db>, rows: RecordRow[], opts: ExportOptions): Promise<Table> {
  const records = rows.map((r) => r.record as SignupRecord);
  const l = await lookups(
    db,
    records.map((s) => s.memberId),
  );
  const columns = [
    'signup_id',
    'event_id',
    'event_title',
    'member_id',
    'member_id_recorded',
    'status',
    'waitlist_position',
    'same_as',
    'created_at',
    'created_local',
    'decided_at',
    ...COMMON,
  ];
  return {
    columns,
    rows: rows.map((r, i) => {
      const s = records[i]!;
      return {
        signup_id: r.id,
        event_id: s.eventId,
        event_title: l.title(s.eventId),
        member_id: l.survivor(s.memberId),
        member_id_recorded: s.memberId,
        status: s.status,
        waitlist_position: s.waitlistPosition,
        same_as: s.sameAs,
        created_at: s.createdAt,
        created_local: localTime(s.createdAt, opts.timeZone),
        decided_at: s.decidedAt,
        ...common(r, opts),
      };
    }),
  };
}

export async function attendanceTable(db: Kysely<Db>, rows: RecordRow[], opts: ExportOptions): Promise<Table> {
  const records = rows.map((r) => r.record as AttendanceRecord);
  const l = await lookups(
    db,
    records.flatMap((a) => (a.memberId ? [a.memberId] : [])),
  );
  const columns = [
    'attendance_id',
    'event_id',
    'event_title',
    'member_id',
    'member_id_recorded',
    'count',
    'withdraws',
    'created_at',
    'created_local',
    ...COMMON,
  ];
  return {
    columns,
    rows: rows.map((r, i) => {
      const a = records[i]!;
      return {
        attendance_id: r.id,
        event_id: a.eventId,
        event_title: l.title(a.eventId),
        member_id: a.memberId ? l.survivor(a.memberId) : '',
        member_id_recorded: a.memberId ?? '',
        count: a.count ?? 1,
        withdraws: a.withdraws,
        created_at: a.createdAt,
        created_local: localTime(a.createdAt, opts.timeZone),
        ...common(r, opts),
      };
    }),
  };
}

const text = (v: Cell) => (v === undefined || v === null ? '' : String(v));

/** CSV with a BOM (Excel and WPS read Chinese correctly) and CRLF rows. */
export function tableToCsv(t: Table): string {
  const lines = [t.columns.join(',')];
  for (const row of t.rows) lines.push(t.columns.map((c) => csvCell(text(row[c]))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** NDJSON: one object per row, absent values as null. */
export function tableToNdjson(t: Table): string {
  return t.rows
    .map((row) => `${JSON.stringify(Object.fromEntries(t.columns.map((c) => [c, row[c] ?? null])))}\n`)
    .join('');
}
