/**
 * Backing up and restoring the store. On SQLite a backup uses the online backup
 * API; on PostgreSQL pg_dump (both consistent and safe while servers run). A restore
 * replaces the database with the server stopped and gives the store a new
 * epoch: export cursors from before answer 410, and kiosks push again all they
 * still hold (ids make that safe), so nothing confirmed after the backup is lost.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DISTRICT_META_KEY } from './district-key';
import { startNewEpoch } from './feed';
import { openSqlite, SQLITE_FILE } from './open-database';
import { serverApplicationName } from './open-postgres';
import { rebuildRollups } from './rollups';

/** The file a running server keeps its process id in, so a restore can refuse to run beside it. */
export const PID_FILE = 'server.pid';

/** Notes that a server runs on `dataDir`; answers a function that removes the note. */
export function markServerRunning(dataDir: string): () => void {
  const file = join(dataDir, PID_FILE);
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
}

function runningServerPid(dataDir: string): number | null {
  const file = join(dataDir, PID_FILE);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Writes a consistent copy of the store to `toFile`; safe while the server runs. */
export async function backupSqlite(dataDir: string, toFile: string): Promise<void> {
  const source = join(dataDir, SQLITE_FILE);
  if (!existsSync(source)) throw new Error(`No database at ${source}`);
  await writingBackup(toFile, async () => {
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(toFile);
    } finally {
      db.close();
    }
  });
}

/**
 * Makes `toFile` readable by its owner alone before anything is written to it (a backup holds
 * members' names; phones only sealed), never over an existing file; a failed backup leaves no file.
 */
async function writingBackup(toFile: string, write: () => Promise<void>): Promise<void> {
  try {
    writeFileSync(toFile, '', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`${toFile} exists already; choose a new file name`, { cause: err });
    }
    throw err;
  }
  try {
    await write();
    chmodSync(toFile, 0o600);
  } catch (err) {
    rmSync(toFile, { force: true });
    throw err;
  }
}

/** Replaces the store with a backup (server stopped), migrates it, and starts a new epoch; answers the epoch. */
export async function restoreSqlite(dataDir: string, fromFile: string): Promise<string> {
  const pid = runningServerPid(dataDir);
  if (pid !== null) throw new Error(`A server (process ${pid}) is running on ${dataDir}; stop it before restoring`);
  if (!existsSync(fromFile)) throw new Error(`No backup at ${fromFile}`);
  const check = new Database(fromFile, { readonly: true, fileMustExist: true });
  try {
    const tables = check.prepare(`select name from sqlite_master where type = 'table' and name = 'devices'`).all();
    if (tables.length === 0) throw new Error(`${fromFile} is not a Waystation backup`);
  } finally {
    check.close();
  }
  const target = join(dataDir, SQLITE_FILE);
  for (const f of [target, `${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
  copyFileSync(fromFile, target);
  const store = await openSqlite(dataDir);
  try {
    // The restored visits are recounted: rollups hold exactly what the restored rows say.
    await rebuildRollups(store.db);
    return await startNewEpoch(store.db);
  } finally {
    await store.close();
  }
}

/** Runs a PostgreSQL client tool; answers what it printed, or throws with its errors when it fails. */
function runTool(tool: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${tool} failed: ${stderr.trim() || err.message}`)) : resolve(stdout),
    );
  });
}

/** The schema a DATABASE_URL works in (its search_path), and a client on it. */
async function withClient<T>(url: string, fn: (client: pg.Client, schema: string) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'waystation-admin' });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
    return await fn(client, rows[0]!.schema);
  } finally {
    await client.end();
  }
}

/** pg_dump of the store's schema (custom format); consistent while the servers run. */
export async function backupPostgres(url: string, toFile: string): Promise<void> {
  if (existsSync(toFile)) throw new Error(`${toFile} exists already; choose a new file name`);
  const schema = await withClient(url, async (_c, s) => s);
  await writingBackup(toFile, async () => {
    await runTool('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${toFile}`, `--dbname=${url}`]);
  });
}

/** With every server process stopped: pg_restore over the store's schema, then a new epoch; answers the epoch. */
export async function restorePostgres(url: string, fromFile: string): Promise<string> {
  if (!existsSync(fromFile)) throw new Error(`No backup at ${fromFile}`);
  const { SERVER_LOCK_CLASS, SERVER_LOCK_SQL } = await import('./open-postgres');
  const client = new pg.Client({ connectionString: url, application_name: 'waystation-admin' });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
    const schema = rows[0]!.schema;
    // Every server process holds the server lock (shared) while it runs, idle or not; holding it alone
    // here keeps any server from starting until the restore is done.
    const alone = await client.query<{ ok: boolean }>(SERVER_LOCK_SQL.tryAlone, [SERVER_LOCK_CLASS, schema]);
    if (!alone.rows[0]!.ok) {
      throw new Error(
        `A server process is running on this database (schema ${schema}); stop every server process before restoring`,
      );
    }
    await refuseBesideServerSessions(client, schema);
    await refuseOtherSchema(fromFile, schema);
    // The district keeps its id (district-key.ts), even through a backup from before it had one.
    const district = await client
      .query<{ value: string }>(`select value from store_meta where key = $1`, [DISTRICT_META_KEY])
      .then((r) => r.rows[0]?.value)
      .catch(() => undefined);
    return await restoreInto(url, fromFile, district);
  } finally {
    await client.end();
  }
}

/**
 * pg_restore writes into the schema named in the backup, whatever the URL's search_path: a backup
 * of another schema would overwrite that one, unchecked for servers, and keep its old epoch.
 */
async function refuseOtherSchema(fromFile: string, schema: string): Promise<void> {
  const list = await runTool('pg_restore', ['--list', fromFile]);
  const schemas = new Set<string>();
  for (const line of list.split('\n')) {
    // "215; 1259 16390 TABLE ws_main visits postgres", "3390; 0 16390 TABLE DATA ws_main visits postgres"
    const m = /^\d+; \d+ \d+ TABLE (?:DATA )?(\S+) /.exec(line);
    if (m) schemas.add(m[1]!);
  }
  if (schemas.size === 0) throw new Error(`${fromFile} is not a Waystation backup. Nothing was changed.`);
  const others = [...schemas].filter((s) => s !== schema);
  if (others.length > 0) {
    throw new Error(
      `${fromFile} is a backup of schema ${others.join(', ')}, not of ${schema} (the URL's search_path): ` +
        `restoring it would overwrite that schema. Restore it with a URL whose search_path is ${others[0]}. Nothing was changed.`,
    );
  }
}

/** Servers of a version before the server lock are known by their sessions' name. */
async function refuseBesideServerSessions(client: pg.Client, schema: string): Promise<void> {
  // A server that just stopped may still be listed for a moment while its sessions end.
  let rows: { n: string }[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    ({ rows } = await client.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where datname = current_database() and application_name = $1',
      [serverApplicationName(schema)],
    ));
    if (Number(rows[0]!.n) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${rows[0]!.n} server connection(s) are open on this database; stop every server process before restoring`,
  );
}

async function restoreInto(url: string, fromFile: string, district: string | undefined): Promise<string> {
  await runTool('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    `--dbname=${url}`,
    fromFile,
  ]);
  if (district) {
    // A backup from before migration 0017 has no district: the migration that runs next takes this one.
    await withClient(url, (client) =>
      client.query(`insert into store_meta (key, value) values ($1, $2) on conflict (key) do nothing`, [
        DISTRICT_META_KEY,
        district,
      ]),
    );
  }
  const { openPostgres } = await import('./open-postgres');
  const store = await openPostgres(url, { poolSize: 1 });
  try {
    // The restored visits are recounted: rollups hold exactly what the restored rows say.
    await rebuildRollups(store.db);
    return await startNewEpoch(store.db);
  } finally {
    await store.close();
  }
}
