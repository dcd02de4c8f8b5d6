/**
 * The commit-ordered feed behind pull and every export, and the store epoch.
 *
 * A reader holding cursor N must never skip a row: no position at or below the
 * last one it read may become visible later.
 *
 * - SQLite has one writer at a time: positions come from one counter row that
 *   each writing transaction bumps, so they commit in order.
 * - PostgreSQL commits many pushes at once. Holding one counter row to commit
 *   would queue every push behind it (it did: 8 of 10 sessions waited on it),
 *   so positions come from a sequence (`feed_seq`, handed out at once, in no
 *   commit order) and readers read only up to a *settled* position instead:
 *   `settledSeq` reads the last position handed out, then takes a transaction
 *   id of its own, then waits until every transaction older than that id has
 *   ended. Every
 *   writer holds a transaction id before it takes a position (`takeFeedSeqs`
 *   makes sure), so every position up to the one read belongs to a transaction
 *   that has by then committed (visible to the reader's next statement) or
 *   rolled back (gone for good).
 */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { PREPARED_MARK } from './execute-shaped';
import { newEpoch } from './migrations';
import type { Db } from './schema';

const isPostgres = (db: Kysely<Db>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Takes `n` feed positions inside `trx`, ascending. On SQLite they are contiguous and the counter
 * row stays locked until commit; on PostgreSQL they come from `feed_seq` (gaps are fine) after the
 * transaction has its id, and the transaction holds the feed writers' lock, shared, until it ends
 * (`stopFeedWriters`).
 */
export async function takeFeedSeqs(trx: Transaction<Db>, n: number): Promise<number[]> {
  if (n > 0 && isPostgres(trx)) {
    // The materialized CTE is scanned before any row is projected, so the id and the lock come first.
    const { rows } = await sql<{ s: string }>`${sql.raw(PREPARED_MARK)}with x as materialized (
        select pg_current_xact_id() as id, pg_advisory_xact_lock_shared(${sql.lit(FEED_WRITERS_CLASS)}, 1) as writer)
      select nextval('feed_seq') as s from x, generate_series(1, ${n}::int)`.execute(trx);
    return rows.map((r) => Number(r.s)).sort((a, b) => a - b);
  }
  const row = await trx
    .updateTable('feed_counter')
    .set((eb) => ({ seq: eb('seq', '+', n) }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  const first = Number(row.seq) - n + 1;
  return Array.from({ length: n }, (_, i) => first + i);
}

/**
 * Stops every other writer of the feed until `trx` ends (a rollup rebuild recounts meanwhile): it waits
 * for those under way to commit, and new ones wait for it. On SQLite the counter row does it; on
 * PostgreSQL every writer holds the writers' lock shared from its first position on, and this takes it alone.
 */
export async function stopFeedWriters(trx: Transaction<Db>): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${sql.lit(FEED_WRITERS_CLASS)}, 1)`.execute(trx);
  else await takeFeedSeqs(trx, 0);
}

/** The advisory lock class of the feed writers' lock (the server-process lock uses 0x5753: "WS"). */
const FEED_WRITERS_CLASS = 0x5754;

/** No cap: every committed position is settled (SQLite). */
const UNCAPPED = Number.MAX_SAFE_INTEGER;
/** How long a reader waits for older transactions to end before answering with the last settled position. */
const SETTLE_WAIT_MS = 5000;
/** The last position found settled, per open store (a reader that cannot wait falls back to it). */
const lastSettled = new WeakMap<object, number>();

/**
 * The highest feed position below which nothing can appear any more: readers page up to it. SQLite:
 * no cap. PostgreSQL: see the top of this file; waits while older transactions are still running
 * (a push's transaction, some milliseconds) and, should one run longer than SETTLE_WAIT_MS, answers
 * the last position found settled, so a reader sees nothing new rather than something out of order.
 */
export async function settledSeq(db: Kysely<Db>, { waitMs = SETTLE_WAIT_MS } = {}): Promise<number> {
  if (!isPostgres(db)) return UNCAPPED;
  const key = db.getExecutor().adapter;
  // The last position handed out first (a materialized CTE is read before its row is projected), then a
  // transaction id of our own, which comes after every id a writer held when it took a position up to
  // that one. (Not a snapshot's xmax: that is one past the last *completed* id, and a writer still
  // running can hold it.) The statement commits at once.
  const { rows: mark } = await sql<{ last: string; called: boolean; id: string }>`with s as materialized (
      select last_value as last, is_called as called from feed_seq)
    select s.last, s.called, pg_current_xact_id()::text as id from s`.execute(db);
  const handedOut = Number(mark[0]!.last) - (mark[0]!.called ? 0 : 1);
  const ours = mark[0]!.id;
  const until = Date.now() + waitMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 25)) {
    // Settled once every transaction older than ours has ended: the oldest one still running is newer.
    const { rows } = await sql<{
      done: boolean;
    }>`select pg_snapshot_xmin(pg_current_snapshot()) > ${ours}::xid8 as done`.execute(db);
    if (rows[0]!.done) break;
    if (Date.now() >= until) return lastSettled.get(key) ?? 0;
    await new Promise((r) => setTimeout(r, pause));
  }
  lastSettled.set(key, Math.max(handedOut, lastSettled.get(key) ?? 0));
  return handedOut;
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

/** Appends entries to the pull feed at positions taken inside `trx` (or at the given ones, one per entry). */
export async function appendFeed(trx: Transaction<Db>, entries: FeedEntry[], givenSeqs?: number[]): Promise<void> {
  if (entries.length === 0) return;
  const seqs = givenSeqs ?? (await takeFeedSeqs(trx, entries.length));
  for (let i = 0; i < entries.length; i += 200) {
    await trx
      .insertInto('change_log')
      .values(
        entries.slice(i, i + 200).map((e, j) => ({
          seq: seqs[i + j]!,
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

/** Pull feed entries for one station's kiosks after `seq` (up to the settled position), oldest first. */
export async function feedSince(db: Kysely<Db>, stationId: string, seq: number, limit: number) {
  const settled = await settledSeq(db);
  return db
    .selectFrom('change_log')
    .select(['seq', 'kind', 'op', 'version', 'payload'])
    .where('seq', '>', seq)
    .where('seq', '<=', settled)
    .where((eb) => eb.or([eb('station_id', '=', stationId), eb('station_id', 'is', null)]))
    .orderBy('seq')
    .limit(limit)
    .execute();
}
