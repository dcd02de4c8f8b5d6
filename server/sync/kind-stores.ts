/**
 * Where each kind's accepted changes are written on the server. A kind with a
 * table of its own (visits) names its writer here; every other kind lives in
 * the generic `records` store, with its current copy and server version.
 */
import type { Transaction } from 'kysely';
import type { AnyRecord, KindSpec } from '../../src/protocol/kinds';
import { directoryEntry, type AttendanceRecord, type MemberRecord, type SignupRecord } from '../../src/protocol/people';
import type { StationRecord, VisitRecord } from '../../src/protocol/schemas';
import { indexAttendance } from '../store/attendance';
import { appendFeed, type FeedEntry } from '../store/feed';
import { forgetMember, indexMember } from '../store/members';
import { currentRecords, writeRecords, type CurrentRecord } from '../store/records';
import type { Db } from '../store/schema';
import { indexSignup } from '../store/signups';
import { announceStationEntries } from '../store/station-directory';
import { mirrorStations } from '../store/stations';
import { indexSuggestions } from '../store/suggestions';
import type { SuggestionRecord } from '../../src/protocol/wishes';
import { insertVisits } from '../store/visits';

/** An accepted change, ready to write: the record to store (null: deleted), its version, receipt and feed position. */
export interface AcceptedWrite {
  recordId: string;
  /** The station the record belongs to (where it was made), decided by push from the current copy. */
  stationId: string;
  op: string;
  record: AnyRecord | null;
  version: number | null;
  receipt: number | null;
  feedSeq: number;
}

/** Who made the changes: a device of a station, or the console (no device). */
export interface Writer {
  stationId: string;
  deviceId: string | null;
}

export interface KindStore {
  /** Versioned kinds: the current copies of these records, locked for the transaction where the engine can. */
  current(trx: Transaction<Db>, spec: KindSpec, ids: string[]): Promise<Map<string, CurrentRecord>>;
  write(trx: Transaction<Db>, spec: KindSpec, rows: AcceptedWrite[], writer: Writer, at: string): Promise<void>;
}

/** What a kind adds to the generic store: an index table beside `records`, and what its pull feed carries. */
export interface RecordsStoreExtras {
  /** Keeps the kind's index table in step with the rows just written. */
  index?(trx: Transaction<Db>, rows: AcceptedWrite[], at: string): Promise<void>;
  /** The feed payload of a record (default: the record itself). */
  payload?(record: AnyRecord): Promise<unknown>;
}

/** The generic store: the `records` table, plus the pull feed for kinds someone pulls. */
export function createRecordsStore(lockRows: boolean, extras: RecordsStoreExtras = {}): KindStore {
  return {
    current: (trx, spec, ids) => currentRecords(trx, spec.kind, ids, lockRows),
    async write(trx, spec, rows, writer, at) {
      await writeRecords(
        trx,
        spec.kind,
        rows.map((r) => ({
          id: r.recordId,
          stationId: r.stationId,
          version: r.version ?? 1,
          record: r.record,
          feedSeq: r.feedSeq,
        })),
        at,
      );
      await extras.index?.(trx, rows, at);
      if (spec.pulledBy === 'none') return;
      // The pull feed uses the same positions as the records, so a kiosk's cursor and an export's agree.
      for (const r of rows) {
        const entry: FeedEntry = {
          stationId: spec.pulledBy === 'district' ? null : r.stationId,
          kind: spec.kind,
          op: r.op,
          recordId: r.recordId,
          version: r.version,
          payload: JSON.stringify(
            r.record && extras.payload ? await extras.payload(r.record) : (r.record ?? { id: r.recordId }),
          ),
          at,
        };
        await appendFeed(trx, [entry], [r.feedSeq]);
      }
    },
  };
}

/** Visits have their own table (the export and console read it by station, day and service). */
export const visitsStore: KindStore = {
  current: async () => new Map(),
  async write(trx, _spec, rows, writer, at) {
    if (!writer.deviceId) throw new Error('Visits are made by kiosks only');
    await insertVisits(
      trx,
      rows.map((r) => ({ visit: r.record as VisitRecord, receipt: r.receipt, seq: r.feedSeq })),
      { id: writer.deviceId, stationId: writer.stationId },
      at,
    );
  },
};

/**
 * Members: the whole record in `records`, the searchable index beside it, and on the
 * pull feed only the directory entry (no name, no phone) every kiosk of the district may hold.
 */
function membersStore(lockRows: boolean): KindStore {
  return createRecordsStore(lockRows, {
    async index(trx, rows) {
      for (const r of rows) {
        if (r.record) await indexMember(trx, r.record as MemberRecord, r.stationId, r.version ?? 1);
        else await forgetMember(trx, r.recordId);
      }
    },
    payload: (record) => directoryEntry(record as MemberRecord),
  });
}

/** Sign-ups: `records` plus the index seats are counted on. */
function signupsStore(lockRows: boolean): KindStore {
  return createRecordsStore(lockRows, {
    async index(trx, rows, at) {
      for (const r of rows) {
        if (r.record) await indexSignup(trx, r.record as SignupRecord, r.stationId, at, r.feedSeq);
      }
    },
  });
}

/** Attendance: `records` plus the index corrections and counts read. */
function attendanceStore(lockRows: boolean): KindStore {
  return createRecordsStore(lockRows, {
    index: (trx, rows, at) =>
      indexAttendance(
        trx,
        rows.map((r) => ({ record: r.record as AttendanceRecord, stationId: r.stationId, seq: r.feedSeq })),
        at,
      ),
  });
}

/** The store for each kind: its own when it has one, the generic records store otherwise. */
export function kindStores(dialect: 'sqlite' | 'postgres'): (kind: string) => KindStore {
  const lock = dialect === 'postgres';
  const own = new Map<string, KindStore>([
    ['visit', visitsStore],
    ['member', membersStore(lock)],
    ['signup', signupsStore(lock)],
    ['attendance', attendanceStore(lock)],
    // Suggestions: `records`, the console queue's index, and the district's status view on the feed.
    [
      'suggestion',
      createRecordsStore(lock, {
        index: (trx, rows, at) =>
          indexSuggestions(
            trx,
            rows.flatMap((r) =>
              r.record
                ? [{ record: r.record as SuggestionRecord, stationId: r.stationId, version: r.version ?? 1 }]
                : [],
            ),
            at,
          ),
      }),
    ],
    // Station edits from the console: `records` plus the `stations` table that joins read.
    [
      'station',
      createRecordsStore(lock, {
        async index(trx, rows, at) {
          await mirrorStations(
            trx,
            rows.map((r) => r.record as StationRecord | null),
          );
          // Every kiosk of the district gets the station's directory entry (no Wi-Fi, nothing private).
          const entries = rows.flatMap((r) =>
            r.record ? [{ record: r.record as StationRecord, version: r.version }] : [],
          );
          await announceStationEntries(trx, entries, at);
        },
      }),
    ],
  ]);
  const generic = createRecordsStore(lock);
  return (kind) => own.get(kind) ?? generic;
}
