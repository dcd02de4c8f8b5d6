/**
 * Merging and splitting members by hand. A merge sets `mergedInto` on the alias (and
 * on registrations already merged into it, so every alias names the final survivor);
 * a split clears it. Both are console changes on the rails: versioned, in the ledger,
 * and on the feed, so kiosks learn them on their next pull. Visits, sign-ups and
 * attendance keep the id they were recorded with; reads resolve it (README "Members").
 */
import type { Kysely } from 'kysely';
import type { MemberRecord } from '../../src/protocol/people';
import { uuid7 } from '../../src/protocol/uuid7';
import { onPostgres } from '../store/encoding';
import { lockEvents } from '../store/events';
import { takeFeedSeqs } from '../store/feed';
import { aliasesOf, idsOfPerson, membersById, type MemberRow } from '../store/members';
import type { Db } from '../store/schema';
import { activeSignupsOfPerson } from '../store/signups';
import { kindStores } from './kind-stores';
import { commitChanges } from './push';
import { createSignupDesk } from './signup-desk';

export type MergeOutcome =
  | { ok: true; memberId: string }
  | { ok: false; code: 'member_not_found' | 'same_member' | 'not_merged' | 'conflict'; message: string };

async function rewrite(db: Kysely<Db>, rows: MemberRow[], change: (m: MemberRecord) => MemberRecord) {
  const results = await commitChanges(
    db,
    { stationId: rows[0]!.stationId, deviceId: null },
    {
      changes: rows.map((r) => ({
        changeId: uuid7(),
        kind: 'member',
        op: 'put',
        baseVersion: r.version,
        record: change(r.record),
      })),
    },
  );
  // One transaction: a conflict on any of them stored none of them.
  return results.every((r) => r.status === 'accepted');
}

/** Merges `aliasId` into `survivorId` (or into the member that one was merged into). */
export async function mergeMembers(db: Kysely<Db>, survivorId: string, aliasId: string): Promise<MergeOutcome> {
  const found = await membersById(db, [survivorId, aliasId]);
  const survivor = found.get(survivorId);
  const alias = found.get(aliasId);
  if (!survivor || !alias) return { ok: false, code: 'member_not_found', message: 'There is no such member' };
  const finalId = survivor.mergedInto ?? survivor.id;
  if (finalId === alias.id || alias.mergedInto === finalId) {
    return { ok: false, code: 'same_member', message: 'These are already one member' };
  }
  const rows = [alias, ...(await aliasesOf(db, alias.id))];
  const done = await rewrite(db, rows, (m) => ({ ...m, mergedInto: finalId }));
  if (!done) return { ok: false, code: 'conflict', message: 'A member changed meanwhile; read it again' };
  await foldSignups(db, finalId);
  return { ok: true, memberId: finalId };
}

/** After a merge: where the person now holds several places at one event, one stays and the others follow it. */
async function foldSignups(db: Kysely<Db>, survivorId: string): Promise<void> {
  const postgres = onPostgres(db);
  await db.transaction().execute(async (trx) => {
    // The write lock first on SQLite; on PostgreSQL the events' locks, as a push takes them.
    if (!postgres) await takeFeedSeqs(trx, 0);
    const byEvent = await activeSignupsOfPerson(trx, await idsOfPerson(trx, survivorId));
    const events = [...byEvent].filter(([, places]) => places.length > 1);
    if (events.length === 0) return;
    await lockEvents(
      trx,
      events.map(([id]) => id),
      postgres,
    );
    const desk = createSignupDesk(
      trx,
      { stationId: '', deviceId: null },
      { stores: kindStores(postgres ? 'postgres' : 'sqlite'), receivedAt: new Date().toISOString() },
    );
    for (const [eventId, places] of events)
      desk.fold(
        eventId,
        places.map((p) => p.id),
      );
    await desk.decide();
  });
}

/** Undoes a merge: the registration stands on its own again, with its own visits, sign-ups and attendance. */
export async function splitMember(db: Kysely<Db>, aliasId: string): Promise<MergeOutcome> {
  const alias = (await membersById(db, [aliasId])).get(aliasId);
  if (!alias) return { ok: false, code: 'member_not_found', message: 'There is no such member' };
  if (!alias.mergedInto) return { ok: false, code: 'not_merged', message: 'This member is not merged into another' };
  const done = await rewrite(db, [alias], ({ mergedInto: _gone, ...m }) => m);
  if (!done) return { ok: false, code: 'conflict', message: 'The member changed meanwhile; read it again' };
  return { ok: true, memberId: alias.id };
}
