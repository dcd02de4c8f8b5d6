/** The one outbox function every kind's write path calls, inside its own transaction. */
import type { AnyRecord } from '../protocol/kinds';
import { uuid7 } from '../protocol/uuid7';
import type { KioskDb, OutboxEntry } from './kiosk-db';

/** A change to queue; append-only kinds leave `changeId` out (their record id is their change id). */
export interface NewChange {
  kind: string;
  op: string;
  record: AnyRecord;
  changeId?: string;
  baseVersion?: number;
  versioned?: boolean;
  /** A visit sent again after its phone was masked: the number, sealed to the server's key. */
  sealedPhone?: string;
}

/**
 * Appends a change to the outbox. Call it inside a Dexie transaction that also
 * writes the record, so the two commit together or not at all.
 */
export async function queueChange(db: KioskDb, change: NewChange, at: Date): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    changeId: change.changeId ?? (change.versioned ? uuid7(at.getTime()) : change.record.id),
    kind: change.kind,
    op: change.op,
    recordId: change.record.id,
    record: change.record,
    ...(change.baseVersion === undefined ? {} : { baseVersion: change.baseVersion }),
    ...(change.sealedPhone === undefined ? {} : { sealedPhone: change.sealedPhone }),
    queuedAt: at.toISOString(),
  };
  await db.outbox.add(entry);
  return entry;
}
