/**
 * The dashboard's headline counts beside the rollups: members from their index
 * (one aggregate over indexed columns), and the district's few wishes,
 * suggestions and trainings from their current copies in `records`.
 */
import type { Kysely } from 'kysely';
import type { EventRecord } from '../../src/protocol/people';
import type { SuggestionRecord, WishRecord } from '../../src/protocol/wishes';
import { attendedCounts } from './attendance';
import type { Db } from './schema';

/** Registered workers (merged duplicates once), party members and mobile party members; one station's or all. */
export async function memberCounts(db: Kysely<Db>, stationId?: string) {
  let q = db
    .selectFrom('members')
    .select((eb) => [
      eb.fn.countAll<number>().as('workers'),
      eb.fn.sum<number>('party_member').as('party'),
      eb.fn.sum<number>('mobile_party').as('mobile'),
    ])
    .where('merged_into', 'is', null);
  if (stationId) q = q.where('station_id', '=', stationId);
  const row = await q.executeTakeFirst();
  return {
    workers: Number(row?.workers ?? 0),
    partyMembers: Number(row?.party ?? 0),
    mobilePartyMembers: Number(row?.mobile ?? 0),
  };
}

/** Current copies of one kind (not deleted), one station's or all. */
async function bodies<T>(db: Kysely<Db>, kind: string, stationId?: string): Promise<T[]> {
  let q = db.selectFrom('records').select('body').where('kind', '=', kind).where('body', 'is not', null);
  if (stationId) q = q.where('station_id', '=', stationId);
  return (await q.execute()).map((r) => JSON.parse(r.body!) as T);
}

/** Wishes posted and fulfilled, suggestions collected and resolved; zeros before any exist. */
export async function wishAndSuggestionCounts(db: Kysely<Db>, stationId?: string) {
  const [wishes, suggestions] = await Promise.all([
    bodies<WishRecord>(db, 'wish', stationId),
    bodies<SuggestionRecord>(db, 'suggestion', stationId),
  ]);
  return {
    wishes: { posted: wishes.length, fulfilled: wishes.filter((w) => w.status === 'fulfilled').length },
    suggestions: {
      collected: suggestions.length,
      resolved: suggestions.filter((s) => s.status === 'resolved').length,
    },
  };
}

/** Trainings that have ended (not cancelled) and the people present at them. */
export async function trainingCounts(db: Kysely<Db>, now: Date, stationId?: string) {
  const events = await bodies<EventRecord>(db, 'event');
  const held = events.filter(
    (e) =>
      e.kind === 'training' &&
      !e.cancelled &&
      Date.parse(e.endsAt) <= now.getTime() &&
      (!stationId || e.stationId === stationId),
  );
  const attended = held.length > 0 ? await attendedCounts(db) : new Map<string, number>();
  return { held: held.length, attendance: held.reduce((sum, e) => sum + (attended.get(e.id) ?? 0), 0) };
}
