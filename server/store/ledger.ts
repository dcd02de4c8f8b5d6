/**
 * The ledger of accepted changes (every kind): duplicates, attribution and
 * receipts are one code path. Receipts are taken under the lock of the
 * device's row and given only to rows this transaction really inserted.
 */
import type { Transaction } from 'kysely';
import { executeShaped, ROWS_PER_INSERT, rowValues } from './execute-shaped';
import type { Db } from './schema';

/** A ledger row as push reads it back. */
export interface LedgerEntry {
  deviceId: string | null;
  contentHash: string;
  receipt: number | null;
  version: number | null;
}

/** Locks the device's row for the rest of the transaction (pushes of one device serialise); answers its receipt count. */
export async function lockDevice(trx: Transaction<Db>, deviceId: string): Promise<number> {
  const row = await trx
    .updateTable('devices')
    .set((eb) => ({ receipt_seq: eb.fn.coalesce('receipt_seq', eb.lit(0)) }))
    .where('id', '=', deviceId)
    .returning('receipt_seq')
    .executeTakeFirstOrThrow();
  return Number(row.receipt_seq ?? 0);
}

/** Ledger rows for the given change ids. */
export async function findChanges(trx: Transaction<Db>, changeIds: string[]): Promise<Map<string, LedgerEntry>> {
  const found = new Map<string, LedgerEntry>();
  for (let i = 0; i < changeIds.length; i += 500) {
    const ids = changeIds.slice(i, i + 500);
    const rows = await executeShaped(trx, `changes.find:${ids.length}`, ids, () =>
      trx
        .selectFrom('changes')
        .select(['change_id', 'device_id', 'content_hash', 'receipt', 'version'])
        .where('change_id', 'in', ids),
    );
    for (const r of rows) {
      found.set(r.change_id, {
        deviceId: r.device_id,
        contentHash: r.content_hash,
        receipt: r.receipt === null ? null : Number(r.receipt),
        version: r.version === null ? null : Number(r.version),
      });
    }
  }
  return found;
}

/** Takes `n` receipts for a locked device and notes when it was heard from; answers the first. */
export async function takeReceipts(
  trx: Transaction<Db>,
  deviceId: string,
  n: number,
  seen: { at: string; clockOffsetMs?: number } | null,
): Promise<number> {
  const row = await trx
    .updateTable('devices')
    .set((eb) => ({
      receipt_seq: eb(eb.fn.coalesce('receipt_seq', eb.lit(0)), '+', n),
      ...(seen ? { last_seen_at: seen.at } : {}),
      ...(seen?.clockOffsetMs === undefined ? {} : { clock_offset_ms: seen.clockOffsetMs }),
    }))
    .where('id', '=', deviceId)
    .returning('receipt_seq')
    .executeTakeFirstOrThrow();
  return Number(row.receipt_seq) - n + 1;
}

/** A change to enter in the ledger. */
export interface NewLedgerRow {
  changeId: string;
  kind: string;
  recordId: string;
  stationId: string;
  deviceId: string | null;
  receipt: number | null;
  contentHash: string;
  version: number | null;
}

/**
 * Inserts ledger rows, skipping ids another transaction stored first; answers
 * the ids this transaction inserted (the caller gives receipts only to those).
 */
export async function insertChanges(
  trx: Transaction<Db>,
  rows: NewLedgerRow[],
  receivedAt: string,
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => ({
      change_id: r.changeId,
      kind: r.kind,
      record_id: r.recordId,
      station_id: r.stationId,
      device_id: r.deviceId,
      receipt: r.receipt,
      content_hash: r.contentHash,
      version: r.version,
      received_at: receivedAt,
    }));
    const got = await executeShaped(trx, `changes.insert:${values.length}`, rowValues(values), () =>
      trx
        .insertInto('changes')
        .values(values)
        .onConflict((oc) => oc.column('change_id').doNothing())
        .returning('change_id'),
    );
    for (const g of got) inserted.add(g.change_id);
  }
  return inserted;
}
