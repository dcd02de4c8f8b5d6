/** The kiosk's IndexedDB schema (Dexie). Every table the kiosk keeps lives here; upgrades are added as new versions. */
import Dexie, { type Table } from 'dexie';
import { localDay } from '../domain/day';
import type { StationRecord, VisitRecord } from '../protocol/schemas';

/** Where a visit stands with the server: derived from the outbox and quarantine, never stored on the visit. */
export type SyncState = 'pending' | 'synced' | 'rejected';

/**
 * A visit as stored on the kiosk: written once at tap-in and never updated,
 * so settling a pushed batch touches only the outbox (one range delete).
 */
export interface StoredVisit extends VisitRecord {
  /** `service|YYYY-MM-DD` (local day) per service: the host log's index for a day and a service. */
  svcDays: string[];
}

/** The host log's index keys of a visit: one per service, on the kiosk's local day. */
export function serviceDayKeys(services: readonly string[], createdAt: string): string[] {
  const day = localDay(new Date(createdAt));
  return services.map((s) => `${s}|${day}`);
}

/** One change waiting to be pushed; removed only once the server accepted it or called it a duplicate. */
export interface OutboxEntry {
  seq?: number;
  kind: 'visit';
  op: 'put';
  recordId: string;
  record: VisitRecord;
  queuedAt: string;
}

/** A change the server refused, kept with its reason until the host retries or discards it. */
export interface QuarantineEntry {
  recordId: string;
  kind: 'visit';
  op: 'put';
  record: VisitRecord;
  reason: string;
  rejectedAt: string;
  /** Set when the host chose to drop it: it stays as a refused record, out of the host's to-do list. */
  discardedAt?: string;
}

/** Pulled state kept with the cursor that produced it, so both change in one transaction. */
export type MetaEntry =
  | { key: 'pullCursor'; value: string }
  | { key: 'station'; value: StationRecord }
  /** The highest server receipt this kiosk holds; kept apart from visits, which retention prunes. */
  | { key: 'receiptHighWater'; value: number }
  /** Set when the server has confirmed more than this kiosk holds: its storage was wiped. */
  | { key: 'storageLost'; value: StorageLoss };

export interface StorageLoss {
  serverConfirmed: number;
  localHighWater: number;
  detectedAt: string;
}

/** The kiosk database. Commits are strict so a confirmed tap-in survives a power cut. */
export class KioskDb extends Dexie {
  visits!: Table<StoredVisit, string>;
  outbox!: Table<OutboxEntry, number>;
  quarantine!: Table<QuarantineEntry, string>;
  meta!: Table<MetaEntry, string>;

  constructor(name = 'waystation') {
    // Chrome's default durability is "relaxed", which may lose the last commits on power loss.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      visits: 'id, createdAt, syncState',
      outbox: '++seq, recordId',
      quarantine: 'recordId',
      meta: 'key',
    });
    // v4 (v2 and v3 were development steps of it): visits are write-once, their sync state is
    // derived from the outbox and quarantine; per-service day keys make log counts index counts.
    this.version(4)
      .stores({ visits: 'id, createdAt, *svcDays' })
      .upgrade((tx) =>
        tx
          .table('visits')
          .toCollection()
          .modify((v: StoredVisit & Record<string, unknown>) => {
            v.svcDays = serviceDayKeys(v.services, v.createdAt);
            delete v.syncState;
            delete v.syncedAt;
            delete v.receipt;
          }),
      );
  }
}
