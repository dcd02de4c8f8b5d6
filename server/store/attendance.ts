/** The attendance index beside `records`: corrections look up what they withdraw, the console lists and counts. */
import type { Kysely, Transaction } from 'kysely';
import type { AttendanceRecord } from '../../src/protocol/people';
import type { AttendanceTable, Db } from './schema';

/** Indexes new attendance records (written once; a repeat of an id is skipped). */
export async function indexAttendance(
  trx: Transaction<Db>,
  rows: { record: AttendanceRecord; stationId: string; seq: number }[],
  receivedAt: string,
): Promise<void> {
  for (const { record: a, stationId, seq } of rows) {
    await trx
      .insertInto('attendance')
      .values({
        id: a.id,
        event_id: a.eventId,
        member_id: a.memberId,
        count: a.count ?? 1,
        withdraws: a.withdraws ?? null,
        station_id: stationId,
        created_at: a.createdAt,
        received_at: receivedAt,
        seq,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** The event of each stored attendance record among `ids`. */
export async function attendanceEvents(trx: Transaction<Db>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('attendance')
    .select(['id', 'event_id'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.event_id]));
}

/** Attendance rows for an event or for a person's ids, in receive order. */
export async function attendanceRows(
  db: Kysely<Db>,
  where: { eventId: string } | { memberIds: readonly string[] },
): Promise<AttendanceTable[]> {
  let q = db.selectFrom('attendance').selectAll();
  q = 'eventId' in where ? q.where('event_id', '=', where.eventId) : q.where('member_id', 'in', [...where.memberIds]);
  const rows = await q.orderBy('seq').execute();
  return rows.map((r) => ({ ...r, count: Number(r.count), seq: Number(r.seq) }));
}

/** Ids of attendance records some correction withdrew, among an event's (or all). */
export async function withdrawnIds(db: Kysely<Db>, eventId?: string): Promise<Set<string>> {
  let q = db.selectFrom('attendance').select('withdraws').where('withdraws', 'is not', null);
  if (eventId) q = q.where('event_id', '=', eventId);
  return new Set((await q.execute()).map((r) => r.withdraws!));
}

/** People present per event: members and walk-ins, withdrawn records and the corrections themselves not counted. */
export async function attendedCounts(db: Kysely<Db>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('attendance').select(['id', 'event_id', 'count', 'withdraws']).execute();
  const withdrawn = new Set(rows.flatMap((r) => (r.withdraws ? [r.withdraws] : [])));
  const out = new Map<string, number>();
  for (const r of rows) {
    if (r.withdraws || withdrawn.has(r.id)) continue;
    out.set(r.event_id, (out.get(r.event_id) ?? 0) + Number(r.count));
  }
  return out;
}
