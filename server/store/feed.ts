/**
 * The commit-ordered feed behind pull and every export, and the store epoch.
 *
 * Feed positions come from one counter row that each writing transaction
 * bumps: the row stays locked until that transaction commits, so on any engine
 * (PostgreSQL included, where sequences are handed out at insert, not at
 * commit) a position is never visible before a lower one that committed later.
 * A reader holding cursor N can therefore never skip a row.
 */
import type { Kysely, Transaction } from 'kysely';
import { newEpoch } from './migrations';
import type { Db } from './schema';

/** Takes `n` feed positions inside `trx`; answers the first (they are first … first + n − 1). */
export async function takeFeedSeqs(trx: Transaction<Db>, n: number): Promise<number> {
  const row = await trx
    .updateTable('feed_counter')
    .set((eb) => ({ seq: eb('seq', '+', n) }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq) - n + 1;
}

/** The store's epoch and whether it was ever restored (bare, epoch-less cursors are trusted only if not). */
export async function storeEpoch(db: Kysely<Db>): Promise<{ epoch: string; restored: boolean }> {
  const rows = await db.selectFrom('store_meta').select(['key', 'value']).execute();
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  return { epoch: get('epoch') ?? '', restored: get('restored') === '1' };
}

/** Gives the store a new epoch (after a restore): every cursor from before answers 410. */
export async function startNewEpoch(db: Kysely<Db>): Promise<string> {
  const epoch = newEpoch();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('store_meta').set({ value: epoch }).where('key', '=', 'epoch').execute();
    await trx.updateTable('store_meta').set({ value: '1' }).where('key', '=', 'restored').execute();
  });
  return epoch;
}

/** A cursor as the wire carries it: `<epoch>.<position>`. */
export function formatCursor(epoch: string, seq: number): string {
  return `${epoch}.${seq}`;
}

export type CursorParse = { ok: true; seq: number } | { ok: false; status: 400 | 410; code: string; message: string };

/**
 * Reads a cursor against the store's epoch. Empty or `0` starts from the
 * beginning; a bare number (from before epochs existed) is trusted only while
 * the store was never restored; another epoch's cursor is gone (410).
 */
export function parseCursor(raw: string | undefined, store: { epoch: string; restored: boolean }): CursorParse {
  if (raw === undefined || raw === '' || raw === '0') return { ok: true, seq: 0 };
  const m = /^(?:([A-Za-z0-9_-]{1,32})\.)?(\d{1,15})$/.exec(raw);
  if (!m)
    return { ok: false, status: 400, code: 'bad_cursor', message: 'cursor must be a cursor this server gave out' };
  const [, epoch, seq] = m;
  if (epoch === undefined ? store.restored : epoch !== store.epoch) {
    return {
      ok: false,
      status: 410,
      code: 'cursor_epoch_gone',
      message:
        'This cursor is from before the server was restored from a backup; start again from the beginning (no cursor)',
    };
  }
  return { ok: true, seq: Number(seq) };
}

/** One entry of the pull feed. */
export interface FeedEntry {
  stationId: string | null;
  kind: string;
  op: string;
  recordId: string;
  version: number | null;
  payload: string;
  at: string;
}

/** Appends entries to the pull feed at positions taken from the counter inside `trx` (or at the given first one). */
export async function appendFeed(trx: Transaction<Db>, entries: FeedEntry[], firstSeq?: number): Promise<void> {
  if (entries.length === 0) return;
  const first = firstSeq ?? (await takeFeedSeqs(trx, entries.length));
  for (let i = 0; i < entries.length; i += 200) {
    await trx
      .insertInto('change_log')
      .values(
        entries.slice(i, i + 200).map((e, j) => ({
          seq: first + i + j,
          station_id: e.stationId,
          kind: e.kind,
          op: e.op,
          record_id: e.recordId,
          version: e.version,
          payload: e.payload,
          created_at: e.at,
        })),
      )
      .execute();
  }
}

/** Pull feed entries for one station's kiosks after `seq`, oldest first. */
export async function feedSince(db: Kysely<Db>, stationId: string, seq: number, limit: number) {
  return db
    .selectFrom('change_log')
    .select(['seq', 'kind', 'op', 'version', 'payload'])
    .where('seq', '>', seq)
    .where((eb) => eb.or([eb('station_id', '=', stationId), eb('station_id', 'is', null)]))
    .orderBy('seq')
    .limit(limit)
    .execute();
}
