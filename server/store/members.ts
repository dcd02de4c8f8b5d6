/**
 * The member index kept beside `records` (which holds each member's whole
 * record): what the console searches and filters on, each phone's first
 * registration (so a second one merges into it), and alias resolution — a
 * merged registration keeps its id, and reads answer the survivor.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { MemberRecord } from '../../src/protocol/people';
import { openJson } from '../auth/phone-seal';
import { keyedHash } from '../auth/server-secret';
import type { Db } from './schema';

/**
 * A keyed hash of a phone (under the server secret): the index finds a phone's
 * registrations without holding the number, and a copy of the database cannot
 * try every number against it.
 */
export function phoneKey(phone: string): string {
  return keyedHash(`waystation-member-phone:${phone}`);
}

/** Writes a member's row in the index (insert or replace), from its stored record. */
export async function indexMember(
  trx: Transaction<Db>,
  m: MemberRecord,
  stationId: string,
  version: number,
): Promise<void> {
  const row = {
    member_no: m.memberNo,
    name: m.name,
    phone_last4: m.phone.slice(7),
    phone_key: phoneKey(m.phone),
    occupation: m.occupation,
    platform: m.platform ?? null,
    party_member: m.partyMember ? 1 : 0,
    mobile_party: m.mobileParty ? 1 : 0,
    home_org: m.homeOrg ?? null,
    branch_id: m.branchId ?? null,
    merged_into: m.mergedInto ?? null,
    version,
  };
  await trx
    .insertInto('members')
    .values({ id: m.id, station_id: stationId, created_at: m.createdAt, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/**
 * Claims a phone for a member unless another already holds it; answers the holder.
 * Race-free on both engines: a concurrent claim of the same phone waits for the first
 * transaction and then finds its row.
 */
export async function claimPhone(trx: Transaction<Db>, key: string, memberId: string): Promise<string> {
  await trx
    .insertInto('member_phones')
    .values({ phone_key: key, member_id: memberId })
    .onConflict((oc) => oc.column('phone_key').doNothing())
    .execute();
  const row = await trx
    .selectFrom('member_phones')
    .select('member_id')
    .where('phone_key', '=', key)
    .executeTakeFirstOrThrow();
  return row.member_id;
}

/** Lets go of a phone a member held (its number changed). */
export async function releasePhone(trx: Transaction<Db>, key: string, memberId: string): Promise<void> {
  await trx.deleteFrom('member_phones').where('phone_key', '=', key).where('member_id', '=', memberId).execute();
}

/** The surviving member of each id the index knows (itself when not merged); unknown ids are absent. */
export async function survivorsOf(db: Kysely<Db>, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('members')
      .select(['id', 'merged_into'])
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.merged_into ?? r.id);
  }
  return out;
}

/** A member and every registration merged into it: the ids its visits, sign-ups and attendance may carry. */
export async function idsOfPerson(db: Kysely<Db>, survivorId: string): Promise<string[]> {
  const rows = await db.selectFrom('members').select('id').where('merged_into', '=', survivorId).execute();
  return [survivorId, ...rows.map((r) => r.id)];
}

/** Filters of the console's member list. */
export interface MemberFilter {
  q?: string;
  stationId?: string;
  /** Only members of these stations (a station manager's); an empty list matches none. */
  stationIds?: readonly string[];
  occupation?: string;
  partyMember?: boolean;
  mobileParty?: boolean;
  branchId?: string;
  includeMerged?: boolean;
  offset: number;
  limit: number;
}

/** A member row with its station's name and its whole record. */
export interface MemberRow {
  id: string;
  stationId: string;
  stationName: string;
  version: number;
  mergedInto: string | null;
  record: MemberRecord;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function baseQuery(db: Kysely<Db>, f: Omit<MemberFilter, 'offset' | 'limit'>) {
  let q = db
    .selectFrom('members')
    .innerJoin('records', (j) => j.onRef('records.id', '=', 'members.id').on('records.kind', '=', 'member'))
    .innerJoin('stations', 'stations.id', 'members.station_id');
  const text = f.q?.trim();
  if (text) {
    const name = `%${escapeLike(text)}%`;
    const compact = text.toUpperCase().replace(/[^0-9A-Z]/g, '');
    const memberNo = compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : text.toUpperCase();
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`${sql.ref('members.name')} like ${name} escape '\\'`,
        sql<boolean>`${sql.ref('members.member_no')} like ${`%${escapeLike(memberNo)}%`} escape '\\'`,
        eb('members.phone_last4', '=', text),
      ]),
    );
  }
  if (f.stationId) q = q.where('members.station_id', '=', f.stationId);
  if (f.stationIds) q = q.where('members.station_id', 'in', f.stationIds.length ? [...f.stationIds] : ['']);
  if (f.occupation) q = q.where('members.occupation', '=', f.occupation);
  if (f.partyMember !== undefined) q = q.where('members.party_member', '=', f.partyMember ? 1 : 0);
  if (f.mobileParty !== undefined) q = q.where('members.mobile_party', '=', f.mobileParty ? 1 : 0);
  if (f.branchId) q = q.where('members.branch_id', '=', f.branchId);
  if (!f.includeMerged) q = q.where('members.merged_into', 'is', null);
  return q;
}

function toRow(r: {
  id: string;
  station_id: string;
  station_name: string;
  version: number;
  merged_into: string | null;
  body: string | null;
}): MemberRow {
  return {
    id: r.id,
    stationId: r.station_id,
    stationName: r.station_name,
    version: Number(r.version),
    mergedInto: r.merged_into,
    record: openJson<MemberRecord>(r.body ?? '{}'),
  };
}

const COLUMNS = [
  'members.id',
  'members.station_id',
  'stations.name as station_name',
  'members.version',
  'members.merged_into',
  'records.body',
] as const;

/** One page of members matching the filters, newest registration first, and how many match in all. */
export async function listMembers(db: Kysely<Db>, f: MemberFilter): Promise<{ rows: MemberRow[]; total: number }> {
  const rows = await baseQuery(db, f)
    .select([...COLUMNS])
    .orderBy('members.created_at', 'desc')
    .orderBy('members.id')
    .offset(f.offset)
    .limit(f.limit)
    .execute();
  const count = await baseQuery(db, f)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows: rows.map(toRow), total: Number(count.n) };
}

/** Members by id (any, merged or not). */
export async function membersById(db: Kysely<Db>, ids: readonly string[]): Promise<Map<string, MemberRow>> {
  const out = new Map<string, MemberRow>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await baseQuery(db, { includeMerged: true })
      .select([...COLUMNS])
      .where('members.id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, toRow(r));
  }
  return out;
}

/** The registrations merged into a member, oldest first. */
export async function aliasesOf(db: Kysely<Db>, survivorId: string): Promise<MemberRow[]> {
  const rows = await baseQuery(db, { includeMerged: true })
    .select([...COLUMNS])
    .where('members.merged_into', '=', survivorId)
    .orderBy('members.created_at')
    .execute();
  return rows.map(toRow);
}

/** How many members (not merged away) joined each party organisation. */
export async function memberCountsByBranch(db: Kysely<Db>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('members')
    .select(['branch_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('branch_id', 'is not', null)
    .where('merged_into', 'is', null)
    .groupBy('branch_id')
    .execute();
  return new Map(rows.map((r) => [r.branch_id!, Number(r.n)]));
}

/**
 * Forgets a member whose record was deleted at their request (data-subject
 * deletion), inside the deleting transaction: the index row and phone claim go,
 * their visits are kept as anonymous visits, and the feed keeps only the
 * tombstone (earlier directory entries of theirs are dropped from it).
 */
export async function forgetMember(trx: Transaction<Db>, memberId: string): Promise<void> {
  await trx.deleteFrom('members').where('id', '=', memberId).execute();
  await trx.deleteFrom('member_phones').where('member_id', '=', memberId).execute();
  await trx.updateTable('visits').set({ member_id: null, phone: null }).where('member_id', '=', memberId).execute();
  await trx
    .deleteFrom('change_log')
    .where('kind', '=', 'member')
    .where('record_id', '=', memberId)
    .where('op', '!=', 'delete')
    .execute();
  await trx.deleteFrom('discarded').where('kind', '=', 'member').where('record_id', '=', memberId).execute();
}
