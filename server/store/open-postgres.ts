/**
 * Opens the PostgreSQL store (DATABASE_URL) through node-postgres with a pool.
 * The encodings that differ from SQLite are chosen here, once: int8 comes back
 * as a number (every int8 we keep — sequences, receipts, sizes — is far below
 * 2^53), timestamptz as the same ISO instant in UTC (`…Z`) that SQLite keeps as
 * text, so the store modules read both engines alike.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { DistrictKey, storeDistrict } from './district-key';
import { PREPARED_MARK } from './execute-shaped';
import { migrateToLatest } from './migrations';
import type { OpenDatabase } from './open-database';
import type { Db } from './schema';

const INT8 = 20;
const TIMESTAMPTZ = 1184;

/** Type parsers for this pool only (never node-postgres's global ones). */
function parsers(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === INT8) return (text: string) => Number(text);
      if (oid === TIMESTAMPTZ) return (text: string) => new Date(text).toISOString();
      return pg.types.getTypeParser(oid, format as 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/** How the server's sessions name themselves in pg_stat_activity: one name per schema, so stores side by side stay apart. */
export function serverApplicationName(schema: string): string {
  return `waystation-server:${schema}`.slice(0, 63);
}

/** The schema a connection string works in: its `-c search_path=…` option, else `public`. */
function schemaOfUrl(url: string): string {
  try {
    const options = new URL(url).searchParams.get('options') ?? '';
    return /search_path=([^\s,]+)/.exec(options)?.[1] ?? 'public';
  } catch {
    return 'public';
  }
}

/** The advisory lock every server process holds (shared) for its lifetime, per schema; a restore takes it alone. */
export const SERVER_LOCK_CLASS = 0x5753;
export const SERVER_LOCK_SQL = {
  hold: 'select pg_advisory_lock_shared($1::int, hashtext($2))',
  tryAlone: 'select pg_try_advisory_lock($1::int, hashtext($2)) as ok',
} as const;

export interface PostgresOptions {
  /** Run in this schema (created if missing): the tests' own namespace, dropped afterwards. */
  schema?: string;
  poolSize?: number;
  migrateTo?: string;
  /** How this pool's sessions are named (the server's by default; a restore refuses to run beside those). */
  applicationName?: string;
  /**
   * A server process: hold the server lock on a connection of its own for as long as the store is open,
   * so a restore refuses to run beside it however idle the pool is (idle pooled sessions end after 10 s).
   */
  serverLock?: boolean;
}

/** Where a URL points, without its password, for log lines. */
export function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgres (unparsable DATABASE_URL)';
  }
}

/** Statement names by text: the marked texts are few (one per statement shape), so this stays small. */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= 2048) statementNames.clear();
    name = `ws_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Sends statements whose text starts with PREPARED_MARK (execute-shaped.ts, the rollup upsert) as
 * named statements: node-postgres parses each once per connection and then only binds and runs it.
 * Kysely passes text and values, never a name, so the client's `query` is wrapped here.
 */
function prepareMarked(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && text.startsWith(PREPARED_MARK) && Array.isArray(values)) {
      return query({ name: statementName(text), text, values });
    }
    return query(...args);
  };
}

/** Connects, checks the server answers, migrates (Kysely takes an advisory lock, so processes starting together migrate once). */
export async function openPostgres(
  url: string,
  { schema, poolSize = 10, migrateTo, applicationName, serverLock = false }: PostgresOptions = {},
): Promise<OpenDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: parsers(),
    // A restore looks for server sessions by this name and refuses to run beside them.
    application_name: applicationName ?? serverApplicationName(schema ?? schemaOfUrl(url)),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A connection the server ends (a restart, pg_terminate_backend) must not crash the process: an idle
  // client reports it on the pool, a checked-out one on itself (its running query fails and the request
  // answers 500, which a kiosk retries).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    prepareMarked(client);
  });
  try {
    const client = await pool.connect();
    try {
      if (schema) await client.query(`create schema if not exists "${schema.replaceAll('"', '')}"`);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`PostgreSQL at ${describePostgres(url)} does not answer: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const db = new Kysely<Db>({ dialect: new PostgresDialect({ pool }) });
  const current = (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  if (!current) {
    await db.destroy();
    const named = schema ?? schemaOfUrl(url);
    throw new Error(
      `PostgreSQL at ${describePostgres(url)}: schema "${named}" (the URL's search_path) does not exist; ` +
        `create it first (create schema ${named} authorization <the URL's user>)`,
    );
  }
  let lock: pg.Client | undefined;
  let district: string | undefined;
  try {
    if (serverLock) {
      lock = new pg.Client({
        connectionString: url,
        application_name: applicationName ?? serverApplicationName(current),
        ...(schema ? { options: `-c search_path=${schema}` } : {}),
      });
      lock.on('error', () => undefined);
      await lock.connect();
      // Waits while a restore holds it alone: a server started during a restore opens the restored store.
      await lock.query(SERVER_LOCK_SQL.hold, [SERVER_LOCK_CLASS, current]);
    }
    await migrateToLatest(db as Kysely<unknown>, 'postgres', migrateTo, current);
    district = await storeDistrict(db);
    // Migrated to the newest, a store without its district would write rows nothing keeps apart.
    if (!district && !migrateTo) {
      throw new Error(
        `PostgreSQL at ${describePostgres(url)}: the store has no district id (store_meta 'district_id'); ` +
          'restore it from a backup or put back the id its rows carry (select distinct district_id from visits)',
      );
    }
  } catch (err) {
    await lock?.end().catch(() => undefined);
    await db.destroy();
    throw err;
  }
  return {
    // Every statement on the district's tables writes and reads this store's district (district-key.ts).
    db: district ? db.withPlugin(new DistrictKey(district)) : db,
    dialect: 'postgres',
    location: `${describePostgres(url)} (schema ${current})`,
    close: async () => {
      await db.destroy();
      await lock?.end().catch(() => undefined);
    },
  };
}
