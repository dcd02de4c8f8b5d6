/** Applies one pulled page and its cursor in one transaction. */
import { StationEntrySchema } from '../protocol/directory';
import { KINDS } from '../protocol/record-kinds';
import type { KindRegistry } from '../protocol/kinds';
import { parseWire, type PullChange, type StationRecord } from '../protocol/schemas';
import type { KioskDb } from './kiosk-db';
import { putDirectoryEntry } from './people';
import { putNewer } from './settle-push';

/** Another station's directory entry keeps only the entry's fields: never a Wi-Fi password, whatever a server sent. */
function onlyEntryFields(record: PullChange['record']): PullChange['record'] {
  const parsed = parseWire(StationEntrySchema, record);
  return parsed.ok ? parsed.value : { id: record.id };
}

/**
 * Every pulled record is kept as the server's copy, whatever its kind; kinds
 * this app version knows are also applied (a station's configuration). A kind
 * it does not know, or a record it cannot read, is kept aside for a later
 * version and never stops the page.
 */
export async function applyPullPage(
  db: KioskDb,
  changes: PullChange[],
  cursor: string,
  at: Date,
  registry: KindRegistry = KINDS,
): Promise<{ applied: number; keptAside: number }> {
  let applied = 0;
  await db.transaction('rw', [db.meta, db.pulled, db.directory, db.registrations], async () => {
    for (const change of changes) {
      // Members go to the directory only: there are many, and a kiosk finds them by the last four digits.
      if (change.kind === 'member' && change.op === 'put') {
        if (await putDirectoryEntry(db, change.record, change.version ?? null)) applied++;
        continue;
      }
      // A member deleted at their request (data-subject deletion): the kiosk forgets them too.
      if (change.kind === 'member' && change.op === 'delete') {
        await db.directory.delete(change.record.id);
        await db.registrations.delete(change.record.id);
        applied++;
        continue;
      }
      await putNewer(db, {
        kind: change.kind,
        id: change.record.id,
        version: change.version ?? null,
        op: change.op,
        record: change.kind === 'station_entry' ? onlyEntryFields(change.record) : change.record,
        pulledAt: at.toISOString(),
      });
      const known = registry.get(change.kind);
      if (!known) continue;
      if (change.kind === 'station' && change.op === 'put') {
        const parsed = parseWire(known.schema, change.record);
        if (!parsed.ok) continue;
        await db.meta.put({ key: 'station', value: parsed.value as StationRecord });
      }
      applied++;
    }
    await db.meta.put({ key: 'pullCursor', value: cursor });
  });
  return { applied, keptAside: changes.length - applied };
}
