/**
 * Data-subject deletion: a worker asks the district to delete what it holds on
 * them. The member record (name, phone) and every registration merged into it are
 * deleted through the rails as console changes, so the deletion reaches every kiosk
 * on its next pull (the kiosk drops the directory entry); their visits stay as
 * anonymous visits; the feed keeps only tombstones (server/store/members.ts
 * `forgetMember`). Sign-ups and attendance keep the bare member id, which then
 * names nobody.
 */
import type { Kysely } from 'kysely';
import { idsOfPerson, membersById, survivorsOf } from '../store/members';
import type { Db } from '../store/schema';
import { applyConsoleChange } from './console-change';

export type DeletionOutcome =
  { ok: true; deleted: string[] } | { ok: false; code: 'member_not_found' | 'conflict'; message: string };

export async function deleteMemberAtRequest(db: Kysely<Db>, memberId: string): Promise<DeletionOutcome> {
  const survivor = (await survivorsOf(db, [memberId])).get(memberId);
  if (!survivor) return { ok: false, code: 'member_not_found', message: 'There is no such member' };
  const ids = await idsOfPerson(db, survivor);
  const deleted: string[] = [];
  // Aliases first, the survivor last: a deletion cut short leaves the person findable to finish it.
  for (const id of [...ids.filter((i) => i !== survivor), survivor]) {
    for (let attempt = 1; ; attempt++) {
      const row = (await membersById(db, [id])).get(id);
      if (!row) break;
      const result = await applyConsoleChange(db, {
        kind: 'member',
        op: 'delete',
        baseVersion: row.version,
        record: row.record,
      });
      if (result.status === 'accepted' || result.status === 'duplicate') {
        deleted.push(id);
        break;
      }
      // A kiosk or a colleague changed the record meanwhile: read it again and delete that.
      if (result.status !== 'conflict' || attempt >= 3)
        return { ok: false, code: 'conflict', message: result.reason ?? 'The member changed meanwhile; try again' };
    }
  }
  return { ok: true, deleted };
}
