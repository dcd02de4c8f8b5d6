/**
 * The few values the two engines store differently, encoded in one place:
 * booleans are booleans on PostgreSQL and 0/1 on SQLite (which cannot bind a
 * boolean). Instants and int8 are handled where each store opens.
 */
import { PostgresAdapter } from 'kysely';

/** Anything Kysely runs queries through (a database or a transaction, of any schema). */
interface Executes {
  getExecutor(): { adapter: unknown };
}

/** True when `db` runs on PostgreSQL. */
export function onPostgres(db: Executes): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A boolean as this engine stores it. */
export function storedBool(db: Executes, value: boolean | null): boolean | number | null {
  if (value === null) return null;
  return onPostgres(db) ? value : value ? 1 : 0;
}

/** A stored boolean (true/false or 1/0) read back. */
export function readBool(value: unknown): boolean | null {
  return value === null || value === undefined ? null : value === true || value === 1 || value === '1';
}
