/** What a kiosk shows of versioned records: the server's copies with this kiosk's own pending changes over them. */
import type { AnyRecord } from '../protocol/kinds';
import type { KioskDb } from './kiosk-db';

/** A record as the kiosk shows it; `pending` while a change of this kiosk waits to be confirmed. */
export interface LocalCopy {
  record: AnyRecord;
  serverVersion: number | null;
  pending: boolean;
}

/** Every record of `kind`: pulled copies, each replaced by the newest queued change for it. */
export async function localView(db: KioskDb, kind: string): Promise<Map<string, LocalCopy>> {
  return db.transaction('r', db.pulled, db.outbox, async () => {
    const view = new Map<string, LocalCopy>();
    for (const copy of await db.pulled.where('kind').equals(kind).toArray()) {
      if (copy.op === 'delete') continue;
      view.set(copy.id, { record: copy.record, serverVersion: copy.version, pending: false });
    }
    // Outbox order is the order the host made the changes: the last one is what they see.
    for (const entry of await db.outbox.where('kind').equals(kind).sortBy('seq')) {
      const held = view.get(entry.recordId);
      view.set(entry.recordId, { record: entry.record, serverVersion: held?.serverVersion ?? null, pending: true });
    }
    return view;
  });
}
