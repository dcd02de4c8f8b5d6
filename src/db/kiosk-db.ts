/** The kiosk's IndexedDB schema (Dexie). Every table the kiosk keeps lives here; upgrades are added as new versions. */
import Dexie, { type Table } from 'dexie';
import { localDay } from '../domain/day';
import type { StationRecord, VisitRecord } from '../protocol/schemas';

export type SyncState = 'pending' | 'synced' | 'rejected';

/** A visit as stored on the kiosk: the wire record plus where it stands with the server. */
export interface StoredVisit extends VisitRecord {
  syncState: SyncState;
  /** When the server confirmed it (kiosk clock), or null. */
  syncedAt: string | null;
  /** The server's receipt number for it on this device, once confirmed (schema v2). */
  receipt?: number | null;
  /** `service|YYYY-MM-DD` (local day) per service: the host log's index for a day and a service (schema v3). */
  svcDays?: string[];
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
    // v2: receipts on visits, and an index so retention can find old synced visits without a scan.
    this.version(2)
      .stores({ visits: 'id, createdAt, syncState, [syncState+createdAt]' })
      .upgrade((tx) =>
        tx
          .table<StoredVisit, string>('visits')
          .toCollection()
          .modify((v) => {
            v.receipt ??= null;
          }),
      );
    // v3: counting a day's or a month's visits per service is an index count, not a scan of every visit.
    this.version(3)
      .stores({ visits: 'id, createdAt, syncState, [syncState+createdAt], *svcDays' })
      .upgrade((tx) =>
        tx
          .table<StoredVisit, string>('visits')
          .toCollection()
          .modify((v) => {
            v.svcDays = serviceDayKeys(v.services, v.createdAt);
          }),
      );
  }
}
