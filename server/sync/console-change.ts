/** Changes made in the console go through the same rails as a kiosk's: the ledger, versions, merge rules and the feed. */
import type { Kysely } from 'kysely';
import type { KindRegistry } from '../../src/protocol/kinds';
import { KINDS } from '../../src/protocol/record-kinds';
import type { Change, ChangeResult } from '../../src/protocol/schemas';
import { uuid7 } from '../../src/protocol/uuid7';
import type { Db } from '../store/schema';
import { commitChanges } from './push';

/**
 * Applies one console change. An existing record is changed at its own station;
 * a new one is made at `stationId`. Answers as a push would: accepted (with the
 * new version), conflict (with the server's copy) or rejected.
 */
export async function applyConsoleChange(
  db: Kysely<Db>,
  change: Omit<Change, 'changeId'> & { changeId?: string },
  { stationId, registry = KINDS, now = new Date() }: { stationId?: string; registry?: KindRegistry; now?: Date } = {},
): Promise<ChangeResult> {
  const owner = await db
    .selectFrom('records')
    .select('station_id')
    .where('kind', '=', change.kind)
    .where('id', '=', change.record.id)
    .executeTakeFirst();
  const at = owner?.station_id ?? stationId;
  if (!at) return { id: change.record.id, status: 'rejected', code: 'not_found', reason: 'There is no such record' };
  const [result] = await commitChanges(
    db,
    { stationId: at, deviceId: null },
    {
      changes: [
        {
          ...change,
          // An append-only record is its own change: its id is the idempotency key.
          changeId:
            change.changeId ??
            (registry.get(change.kind)?.versioned === false ? change.record.id : uuid7(now.getTime())),
        },
      ],
    },
    { registry, now },
  );
  return result!;
}
