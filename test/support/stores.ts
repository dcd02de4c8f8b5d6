/**
 * The two stores every store test runs over: a fresh SQLite file, and a fresh
 * schema in the PostgreSQL at 127.0.0.1:5432 (database `test`, trust auth),
 * dropped afterwards. PostgreSQL being down fails the suite with a plain message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSqlite, type OpenDatabase } from '../../server/store/open-database';
import { openPostgres } from '../../server/store/open-postgres';

/** The PostgreSQL the tests use; TEST_DATABASE_URL overrides it. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  /** Replaced by a test that reopens the store (after a restore). */
  store: OpenDatabase;
  /** What a server process needs to open the same store. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export type StoreKind = 'sqlite' | 'postgres';

/** A fresh, migrated store of the given kind. */
export async function openTestStore(
  kind: StoreKind,
  { applicationName }: { applicationName?: string } = {},
): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'waystation-store-'));
    const t: TestStore = {
      store: await openSqlite(dataDir),
      env: { DATA_DIR: dataDir },
      async drop() {
        await t.store.close().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    return t;
  }
  const schema = testSchemaName();
  let store: OpenDatabase;
  try {
    store = await openPostgres(TEST_PG_URL, { schema, ...(applicationName ? { applicationName } : {}) });
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\nThe PostgreSQL store tests need the server at 127.0.0.1:5432 (database "test"). ` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      { cause: err },
    );
  }
  // %20, not URLSearchParams' "+": libpq (pg_dump, pg_restore) reads only the former as a space.
  const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const t: TestStore = {
    store,
    env: { DATABASE_URL: url },
    async drop() {
      await t.store.close().catch(() => undefined);
      await dropTestSchema(schema);
    },
  };
  return t;
}

/** A fresh name for a test's own PostgreSQL schema (its process in it, so a leftover can be traced). */
export function testSchemaName(): string {
  return `ws_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

/** Drops a test's PostgreSQL schema and everything in it. */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres'];
