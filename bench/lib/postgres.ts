/**
 * A fresh PostgreSQL schema for one bench run, dropped afterwards: the bench's
 * own handle on it (migrated), and the DATABASE_URL a server process needs to
 * use it with `synchronous_commit=on` set for its sessions, whatever the
 * cluster's default.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describePostgres, openPostgres } from '../../server/store/open-postgres';
import type { OpenDatabase } from '../../server/store/open-database';
import { deferUndo } from './cleanup';

/** BENCH_DATABASE_URL, else the tests' PostgreSQL (TEST_DATABASE_URL, else 127.0.0.1:5432/test). */
export const BENCH_PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** How the bench's server processes name their sessions (not the server's usual name: see createBenchSchema). */
export const BENCH_SERVER_APPLICATION_NAME = 'waystation-bench-server';

export interface PostgresSettings {
  version: string;
  synchronous_commit: string;
  fsync: string;
  wal_sync_method: string;
  shared_buffers: string;
}

export interface BenchSchema {
  name: string;
  /** DATABASE_URL for a server process: this schema, `synchronous_commit=on`. */
  url: string;
  store: OpenDatabase;
  /** The settings a session opened with `url` runs under. */
  settings: PostgresSettings;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'waystation-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Fails at once, with how to start it, if PostgreSQL does not answer (before any section runs). */
export async function checkPostgres(): Promise<void> {
  try {
    await withClient(BENCH_PG_URL, (c) => c.query('select 1'));
  } catch (err) {
    throw new Error(
      `The PostgreSQL ingest figures need PostgreSQL at ${describePostgres(BENCH_PG_URL)} (BENCH_DATABASE_URL overrides it): ${(err as Error).message}\n` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start — or leave those figures out with --only=<other sections>.',
      { cause: err },
    );
  }
}

/**
 * Drops schemas of earlier bench runs on this machine whose process is gone
 * (killed before it could drop them). Only for a PostgreSQL on this host: the
 * PID in a schema's name means nothing to another machine's runs.
 */
async function dropOrphanSchemas(log: (line: string) => void): Promise<void> {
  if (!/^(127\.0\.0\.1|localhost|::1|\[::1\])$/.test(new URL(BENCH_PG_URL).hostname)) return;
  await withClient(BENCH_PG_URL, async (c) => {
    const { rows } = await c.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname ~ '^ws_bench_[0-9]+_[a-z0-9]+$'`,
    );
    for (const { name } of rows) {
      const pid = Number(name.split('_')[2]);
      if (existsSync(`/proc/${pid}`)) continue;
      log(`dropping schema ${name}, left by bench process ${pid} (gone)`);
      await c.query(`drop schema if exists "${name}" cascade`);
    }
  });
}

/** Creates and migrates a fresh schema; its drop is owed until `drop()` runs. */
export async function createBenchSchema(log: (line: string) => void = () => undefined): Promise<BenchSchema> {
  await dropOrphanSchemas(log);
  const name = `ws_bench_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  // %20, as test/support/stores.ts: libpq reads only that as a space. The URL's application_name
  // wins over the server's own: a chaos test ends every "waystation-server" session in the
  // database, and a restore refuses while any is open, so a bench beside them must not use it.
  const url = `${BENCH_PG_URL}${BENCH_PG_URL.includes('?') ? '&' : '?'}application_name=${BENCH_SERVER_APPLICATION_NAME}&options=${encodeURIComponent(
    `-c search_path=${name} -c synchronous_commit=on`,
  )}`;
  let store: OpenDatabase | undefined;
  const drop = deferUndo(async () => {
    await store?.close().catch(() => undefined);
    await withClient(BENCH_PG_URL, (c) => c.query(`drop schema if exists "${name}" cascade`));
  });
  try {
    store = await openPostgres(BENCH_PG_URL, { schema: name, applicationName: 'waystation-bench' });
    const settings = await withClient(url, async (c) => {
      const show = async (s: string) => ((await c.query<Record<string, string>>(`show ${s}`)).rows[0] ?? {})[s] ?? '?';
      return {
        version: (await c.query<{ v: string }>('select version() as v')).rows[0]!.v.split(' ').slice(0, 2).join(' '),
        synchronous_commit: await show('synchronous_commit'),
        fsync: await show('fsync'),
        wal_sync_method: await show('wal_sync_method'),
        shared_buffers: await show('shared_buffers'),
      };
    });
    if (settings.synchronous_commit !== 'on') throw new Error(`synchronous_commit is ${settings.synchronous_commit}`);
    return { name, url, store, settings, drop };
  } catch (err) {
    await drop();
    throw err;
  }
}

/** How the sessions inside a transaction on the schema spent their time, sampled. */
export interface SessionSample {
  samples: number;
  /** Mean number of sessions in each state per sample. */
  mean: Record<string, number>;
}

/** A statement as "verb table" ("update feed_counter", "insert into changes"). */
function statement(sqlText: string): string {
  if (sqlText.includes("nextval('feed_seq')")) return 'take feed positions';
  // Prepared statements start with a marker comment (execute-shaped.ts); a `with` names its first write.
  const query = sqlText.replace(/^\s*\/\*.*?\*\/\s*/s, '').replace(/^with\b.*?\(\s*(?=insert|update|select)/is, '');
  const write = /^\s*(insert into|update|delete from)\s+"?(\w+)/i.exec(query);
  if (write) return `${write[1]!.toLowerCase()} ${write[2]}`;
  const read = /^\s*select\b.*?\bfrom\s+"?(\w+)/is.exec(query);
  if (read) return `select ${read[1]}`;
  return query.trim().split(/\s/)[0]!.toLowerCase();
}

/** What one session in a transaction is doing, from pg_stat_activity. */
function classify(r: {
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
  query: string;
}) {
  // Between statements: the server process has not sent the next one yet.
  if (r.state === 'idle in transaction') return `idle in transaction after ${statement(r.query)}`;
  if (r.wait_event_type === 'Lock') return `row lock wait: ${statement(r.query)}`;
  if (r.wait_event?.startsWith('WAL')) return `WAL write/flush (${statement(r.query)})`;
  if (r.wait_event_type === null) return `running ${statement(r.query)}`;
  return `${r.wait_event_type} ${r.wait_event} (${statement(r.query)})`;
}

/**
 * Samples, every 100 ms until stopped, the sessions that are inside a transaction
 * touching the schema's tables (they hold a lock on one), and what each waits on.
 */
export function sampleSessions(schema: BenchSchema): { stop(): Promise<SessionSample> } {
  const client = new pg.Client({ connectionString: BENCH_PG_URL, application_name: 'waystation-bench' });
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  client.on('error', () => undefined);
  const loop = (async () => {
    await client.connect();
    try {
      while (running) {
        const { rows } = await client.query<{
          state: string | null;
          wait_event_type: string | null;
          wait_event: string | null;
          query: string;
        }>(
          `select a.state, a.wait_event_type, a.wait_event, a.query from pg_stat_activity a
           where a.pid <> pg_backend_pid() and a.pid in (
             select l.pid from pg_locks l join pg_class c on c.oid = l.relation where c.relnamespace = $1::regnamespace)`,
          [schema.name],
        );
        samples++;
        for (const r of rows) counts.set(classify(r), (counts.get(classify(r)) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await client.end();
    }
  })();
  // Reported by stop(), not as an unhandled rejection meanwhile.
  loop.catch(() => undefined);
  return {
    async stop() {
      running = false;
      await loop;
      const mean: Record<string, number> = {};
      for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) mean[k] = n / Math.max(1, samples);
      return { samples, mean };
    },
  };
}
