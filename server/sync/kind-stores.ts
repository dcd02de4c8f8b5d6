/**
 * Where each kind's accepted changes are written on the server. A kind with a
 * table of its own (visits) names its writer here; every other kind lives in
 * the generic `records` store, with its current copy and server version.
 */
import type { Transaction } from 'kysely';
import type { AnyRecord, KindSpec } from '../../src/protocol/kinds';
import type { VisitRecord } from '../../src/protocol/schemas';
import { appendFeed, type FeedEntry } from '../store/feed';
import { currentRecords, writeRecords, type CurrentRecord } from '../store/records';
import type { Db } from '../store/schema';
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

/** The generic store: the `records` table, plus the pull feed for kinds someone pulls. */
export function createRecordsStore(lockRows: boolean): KindStore {
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
      if (spec.pulledBy === 'none') return;
      // The pull feed uses the same positions as the records, so a kiosk's cursor and an export's agree.
      for (const r of rows) {
        const entry: FeedEntry = {
          stationId: spec.pulledBy === 'district' ? null : r.stationId,
          kind: spec.kind,
          op: r.op,
          recordId: r.recordId,
          version: r.version,
          payload: JSON.stringify(r.record ?? { id: r.recordId }),
          at,
        };
        await appendFeed(trx, [entry], r.feedSeq);
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

/** The store for each kind: its own when it has one, the generic records store otherwise. */
export function kindStores(dialect: 'sqlite' | 'postgres'): (kind: string) => KindStore {
  const generic = createRecordsStore(dialect === 'postgres');
  return (kind) => (kind === 'visit' ? visitsStore : generic);
}
