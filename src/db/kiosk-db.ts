/** The kiosk's IndexedDB schema (Dexie). Every table the kiosk keeps lives here; upgrades are added as new versions. */
import Dexie, { type Table } from 'dexie';
import { localDay } from '../domain/day';
import { maskPhone } from '../domain/phone';
import type { AnyRecord } from '../protocol/kinds';
import type { AttendanceRecord, MemberDirectoryEntry } from '../protocol/people';
import type { SealKey } from '../protocol/sealed-box';
import type { StationRecord, VisitRecord } from '../protocol/schemas';

/** Where a visit stands with the server: derived from the outbox and quarantine, never stored on the visit. */
export type SyncState = 'pending' | 'synced' | 'rejected';

/**
 * A visit as stored on the kiosk: written once at tap-in and never rewritten. Its
 * `phone` is masked from the start (the host log needs only the last four digits);
 * the number itself travels in the outbox entry, and once the server holds the
 * visit, sealed to the server's key in `phoneBoxes`.
 */
export interface StoredVisit extends VisitRecord {
  /** `service|YYYY-MM-DD` (local day) per service: the host log's index for a day and a service. */
  svcDays: string[];
  /** Before v9: a confirmed visit's number sealed to the server's key (now in `phoneBoxes`). */
  phoneSealed?: string;
}

/**
 * The number of a visit the server holds, kept so it can be sent again to a server
 * restored from an older backup: sealed to the server's key (nobody at the kiosk can
 * read it), or, on a kiosk that has no key yet, in clear until it gets one.
 */
export type PhoneBox = { id: string; sealed: string } | { id: string; clear: string };

/** The host log's index keys of a visit: one per service, on the kiosk's local day. */
export function serviceDayKeys(services: readonly string[], createdAt: string): string[] {
  const day = localDay(new Date(createdAt));
  return services.map((s) => `${s}|${day}`);
}

/** One change waiting to be pushed; removed only once the server accepted it, called it a duplicate, or settled it otherwise. */
export interface OutboxEntry {
  seq?: number;
  /** The idempotency key; for append-only kinds (visits) the record id. */
  changeId: string;
  kind: string;
  op: string;
  recordId: string;
  record: AnyRecord;
  /** Versioned kinds: the server version this change was based on. */
  baseVersion?: number;
  /** A visit queued again after the kiosk kept only its masked phone: the phone, sealed to the server's key. */
  sealedPhone?: string;
  queuedAt: string;
}

/** A change the server refused, kept with its reason until the host retries or discards it. */
export interface QuarantineEntry {
  changeId: string;
  recordId: string;
  kind: string;
  op: string;
  record: AnyRecord;
  baseVersion?: number;
  reason: string;
  /** The server's stable reason code, which the host screen words in its language. */
  code?: string;
  rejectedAt: string;
  /** Set when the host chose to drop it: it stays as a refused record, out of the host's to-do list. */
  discardedAt?: string;
  /** Set once the server has been told of the discard (the admin sees it there). */
  reportedAt?: string;
}

/** The server's copy of a pulled record of any kind, known to this app version or not (kept for a later one). */
export interface PulledRecord {
  kind: string;
  id: string;
  version: number | null;
  op: string;
  record: AnyRecord;
  pulledAt: string;
}

/** A change of this kiosk that lost to the server's order; the host reads it in plain words. */
export interface ConflictNotice {
  changeId: string;
  kind: string;
  recordId: string;
  mine: AnyRecord;
  theirs: AnyRecord;
  serverVersion: number | null;
  at: string;
  seenAt?: string;
}

/**
 * A member as this kiosk may know them: the district directory's entry (no name, no phone).
 * `version` is the server's; null for a registration made here and not yet confirmed.
 */
export interface DirectoryRow extends MemberDirectoryEntry {
  version: number | null;
}

/** A member registered at this kiosk, kept for the host's counts (no name, no phone). */
export interface RegistrationRow {
  id: string;
  memberNo: string;
  displayName: string;
  createdAt: string;
  partyMember: boolean;
  mobileParty: boolean;
}

/**
 * A suggestion's photo, kept beside the record until the server has it: uploaded only
 * after the suggestion itself is confirmed, retried by each sync pass, never dropped.
 */
export interface StoredPhoto {
  /** The attachment id: the upload's idempotency key. */
  id: string;
  suggestionId: string;
  type: string;
  bytes: Uint8Array;
  takenAt: string;
  /** Set once the server confirmed it (the bytes are then let go). */
  uploadedAt?: string;
  /** The server's stable code when it refused the photo for good (the host sees it). */
  refusedCode?: string;
  /** The last failed attempt, for the host. */
  lastError?: string;
  attempts: number;
}

/** Pulled state kept with the cursor that produced it, so both change in one transaction. */
export type MetaEntry =
  | { key: 'pullCursor'; value: string }
  | { key: 'station'; value: StationRecord }
  /** The highest server receipt this kiosk holds; kept apart from visits, which retention prunes. */
  | { key: 'receiptHighWater'; value: number }
  /** How many of this kiosk's changes the server confirmed (accepted or duplicate), counted once each. */
  | { key: 'confirmedCount'; value: number }
  /** The server store's epoch this kiosk last caught up with. */
  | { key: 'epoch'; value: string }
  /** Set while the kiosk pushes again all it holds for a server that lost data (the new epoch, or ''). */
  | { key: 'resyncing'; value: string }
  /** When the last prune made room because storage was full, and how many visits it dropped. */
  | { key: 'quotaPrune'; value: { at: string; pruned: number } }
  /** Set when the server has confirmed more than this kiosk holds: its storage was wiped. */
  | { key: 'storageLost'; value: StorageLoss }
  /** The server's public key: confirmed visits keep their phone only masked and sealed to it. */
  | { key: 'sealKey'; value: SealKey };

export interface StorageLoss {
  serverConfirmed: number;
  localHighWater: number;
  detectedAt: string;
}

/** The kiosk database. Commits are strict so a confirmed tap-in survives a power cut. */
export class KioskDb extends Dexie {
  visits!: Table<StoredVisit, string>;
  outbox!: Table<OutboxEntry, number>;
  refused!: Table<QuarantineEntry, string>;
  pulled!: Table<PulledRecord, [string, string]>;
  conflicts!: Table<ConflictNotice, string>;
  meta!: Table<MetaEntry, string>;
  directory!: Table<DirectoryRow, string>;
  registrations!: Table<RegistrationRow, string>;
  attendance!: Table<AttendanceRecord, string>;
  photos!: Table<StoredPhoto, string>;
  phoneBoxes!: Table<PhoneBox, string>;

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
    // v5: the rails for every kind. Changes carry their own id (a visit's is its record id), refused
    // changes are keyed by change id (the old table was keyed by record id), pulled records of any
    // kind are kept, and lost edits are noted for the host.
    this.version(5)
      .stores({
        outbox: '++seq, recordId, changeId',
        quarantine: null,
        refused: 'changeId, recordId',
        pulled: '[kind+id], kind',
        conflicts: 'changeId, seenAt',
      })
      .upgrade(async (tx) => {
        await tx
          .table('outbox')
          .toCollection()
          .modify((e: OutboxEntry) => {
            e.changeId ??= e.recordId;
          });
        const old = (await tx.table('quarantine').toArray()) as QuarantineEntry[];
        await tx.table('refused').bulkPut(old.map((q) => ({ ...q, changeId: q.changeId ?? q.recordId })));
      });
    // v6: members and events. The district's member directory is found by the last four digits of a
    // phone (then checked against the entry's slow hash); registrations made here and attendance the
    // host recorded are kept for host mode.
    this.version(6).stores({
      directory: 'id, phoneLast4, memberNo',
      registrations: 'id, createdAt',
      attendance: 'id, eventId',
    });
    // v7: the outbox by kind, so what a screen shows of one kind (the wish wall) reads that kind's queued
    // changes only, not every visit a kiosk offline for days still holds.
    this.version(7).stores({ outbox: '++seq, recordId, changeId, kind' });
    // v8: suggestions' photos, kept beside the record until uploaded after it.
    this.version(8).stores({ photos: 'id, suggestionId' });
    // v9: a visit's phone is masked in the visit row from the tap-in on; the number lives in the outbox
    // until confirmed, then sealed in `phoneBoxes` (settling no longer rewrites visits). Rows written
    // before keep working: a queued or refused one is masked (its change holds the number), a confirmed
    // one still in clear (no key yet) moves its number to a box, a sealed one's box moves there too.
    this.version(9)
      .stores({ phoneBoxes: 'id' })
      .upgrade(async (tx) => {
        const waiting = new Set<string>([
          ...((await tx.table('outbox').toArray()) as OutboxEntry[]).map((e) => e.recordId),
          ...((await tx.table('refused').toArray()) as QuarantineEntry[]).map((q) => q.recordId),
        ]);
        const boxes: PhoneBox[] = [];
        await tx
          .table('visits')
          .filter((v: StoredVisit) => typeof v.phone === 'string' && !v.phone.includes('*'))
          .modify((v: StoredVisit) => {
            if (!waiting.has(v.id)) boxes.push({ id: v.id, clear: v.phone! });
            v.phone = maskPhone(v.phone);
          });
        await tx
          .table('visits')
          .filter((v: StoredVisit) => v.phoneSealed !== undefined)
          .modify((v: StoredVisit) => {
            boxes.push({ id: v.id, sealed: v.phoneSealed! });
            delete v.phoneSealed;
          });
        await tx.table('phoneBoxes').bulkPut(boxes);
      });
  }
}
