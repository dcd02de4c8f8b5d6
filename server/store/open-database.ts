/** Opens the server's SQL store: SQLite under DATA_DIR by default. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrateToLatest } from './migrations';
import { ensureRollupZone } from './rollups';
import type { Db } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Db>;
  dialect: Dialect;
  /** Where the data lives, for log lines. */
  location: string;
  close(): Promise<void>;
}

/** The SQLite file's name inside DATA_DIR. */
export const SQLITE_FILE = 'waystation.sqlite';

/** Opens (creating if needed) and migrates the SQLite file `waystation.sqlite` in `dataDir`. */
export async function openSqlite(dataDir: string, migrateTo?: string): Promise<OpenDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // better-sqlite3 under WAL defaults to NORMAL, which can lose the last commits on power loss;
  // an "accepted" answer must mean the visit is on disk.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted rows are overwritten, not left in free pages: a member deleted at their request is gone from the file.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db as Kysely<unknown>, 'sqlite', migrateTo);
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

/**
 * The database as Kysely sees it, keeping prepared statements by their SQL
 * text. Kysely prepares every query it runs; for a push's multi-row inserts
 * SQLite's parsing and planning cost about as much as running them.
 */
function withStatementCache(sqlite: Database.Database, size = 100): SqliteDatabase {
  const prepared = new Map<string, Database.Statement>();
  return {
    prepare(text) {
      const hit = prepared.get(text);
      // A statement still being iterated cannot run again; that caller gets a fresh one.
      if (hit?.busy) return sqlite.prepare(text);
      if (hit) {
        // Most recently used last, so the first entry is the one to drop.
        prepared.delete(text);
        prepared.set(text, hit);
        return hit;
      }
      const statement = sqlite.prepare(text);
      prepared.set(text, statement);
      if (prepared.size > size) prepared.delete(prepared.keys().next().value!);
      return statement;
    },
    close: () => sqlite.close(),
  };
}

/**
 * Opens the store the environment names: DATABASE_URL (PostgreSQL) or SQLite in DATA_DIR.
 * With `timeZone` (TZ_DISPLAY), rollups kept in another zone are rebuilt in it first.
 */
export async function openDatabase(env: {
  dataDir: string;
  databaseUrl?: string;
  timeZone?: string;
  /** A server process (not the CLI): on PostgreSQL it holds the lock a restore waits for. */
  server?: boolean;
}): Promise<OpenDatabase> {
  let store: OpenDatabase;
  if (env.databaseUrl) {
    // Loaded only when asked for, so a SQLite install never touches node-postgres.
    const { openPostgres } = await import('./open-postgres');
    store = await openPostgres(env.databaseUrl, { serverLock: env.server ?? false });
  } else {
    store = await openSqlite(env.dataDir);
  }
  if (env.timeZone) await ensureRollupZone(store.db, env.timeZone);
  return store;
}
