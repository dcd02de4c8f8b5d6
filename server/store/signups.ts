/**
 * The sign-up index beside `records`: push counts an event's seats and orders
 * its waitlist on it (under the event's lock), the console lists it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { SignupRecord } from '../../src/protocol/people';
import type { Db, SignupsTable } from './schema';

/** Writes a sign-up's row from its stored record; the receive time and order stay those of its first copy. */
export async function indexSignup(
  trx: Transaction<Db>,
  s: SignupRecord,
  stationId: string,
  receivedAt: string,
  feedSeq: number,
): Promise<void> {
  const mutable = {
    status: s.status,
    waitlist_position: s.waitlistPosition ?? null,
    same_as: s.sameAs ?? null,
    decided_at: s.decidedAt ?? null,
  };
  await trx
    .insertInto('signups')
    .values({
      id: s.id,
      event_id: s.eventId,
      member_id: s.memberId,
      station_id: stationId,
      created_at: s.createdAt,
      received_at: receivedAt,
      received_seq: feedSeq,
      ...mutable,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet(mutable))
    .execute();
}

/** Seats taken at an event: confirmed sign-ups that are not a member's second sign-up. */
export async function countSeats(trx: Transaction<Db>, eventId: string): Promise<number> {
  const row = await trx
    .selectFrom('signups')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .where('same_as', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An event's waitlist in the order the server received the sign-ups. */
export async function waitlist(trx: Transaction<Db>, eventId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('signups')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', '=', 'waitlisted')
    .where('same_as', 'is', null)
    .orderBy('received_seq')
    .execute();
  return rows.map((r) => r.id);
}

/** The first sign-up still holding a seat or a place in line at an event by any of a person's ids. */
export async function activeSignupOf(
  trx: Transaction<Db>,
  eventId: string,
  memberIds: readonly string[],
  exceptId: string,
): Promise<string | undefined> {
  const row = await trx
    .selectFrom('signups')
    .select('id')
    .where('event_id', '=', eventId)
    .where('member_id', 'in', [...memberIds])
    .where('status', 'in', ['confirmed', 'waitlisted'])
    .where('same_as', 'is', null)
    .where('id', '!=', exceptId)
    .orderBy('received_seq')
    .executeTakeFirst();
  return row?.id;
}

/** A person's sign-ups still holding a seat or a place in line (not second sign-ups), by event, in receive order. */
export async function activeSignupsOfPerson(
  db: Kysely<Db>,
  memberIds: readonly string[],
): Promise<Map<string, { id: string; status: string }[]>> {
  const rows = await db
    .selectFrom('signups')
    .select(['id', 'event_id', 'status'])
    .where('member_id', 'in', [...memberIds])
    .where('status', 'in', ['confirmed', 'waitlisted'])
    .where('same_as', 'is', null)
    .orderBy('received_seq')
    .execute();
  const out = new Map<string, { id: string; status: string }[]>();
  for (const r of rows) out.set(r.event_id, [...(out.get(r.event_id) ?? []), { id: r.id, status: r.status }]);
  return out;
}

/** A sign-up's second sign-ups (same member, same event), which follow its decision. */
export async function followersOf(trx: Transaction<Db>, id: string): Promise<string[]> {
  const rows = await trx.selectFrom('signups').select('id').where('same_as', '=', id).orderBy('received_seq').execute();
  return rows.map((r) => r.id);
}

/** Sign-up rows for an event or for a person's ids, in receive order. */
export async function signupRows(
  db: Kysely<Db>,
  where: { eventId: string } | { memberIds: readonly string[] },
): Promise<(SignupsTable & { station_name: string })[]> {
  let q = db
    .selectFrom('signups')
    .innerJoin('stations', 'stations.id', 'signups.station_id')
    .selectAll('signups')
    .select('stations.name as station_name');
  q =
    'eventId' in where
      ? q.where('signups.event_id', '=', where.eventId)
      : q.where('signups.member_id', 'in', [...where.memberIds]);
  const rows = await q.orderBy('signups.received_seq').execute();
  return rows.map((r) => ({ ...r, received_seq: Number(r.received_seq) }));
}

/** Confirmed and waitlisted counts per event. */
export async function signupCounts(db: Kysely<Db>): Promise<Map<string, { confirmed: number; waitlisted: number }>> {
  const rows = await db
    .selectFrom('signups')
    .select(['event_id', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('same_as', 'is', null)
    .where('status', 'in', ['confirmed', 'waitlisted'])
    .groupBy(['event_id', 'status'])
    .execute();
  const out = new Map<string, { confirmed: number; waitlisted: number }>();
  for (const r of rows) {
    const c = out.get(r.event_id) ?? { confirmed: 0, waitlisted: 0 };
    if (r.status === 'confirmed') c.confirmed = Number(r.n);
    else c.waitlisted = Number(r.n);
    out.set(r.event_id, c);
  }
  return out;
}
