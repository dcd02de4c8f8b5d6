/**
 * Backing up and restoring the SQLite store. A backup uses SQLite's online
 * backup API, so it is consistent and safe while the server runs. A restore
 * replaces the database with the server stopped and gives the store a new
 * epoch: export cursors from before answer 410, and kiosks push again all they
 * still hold (ids make that safe), so nothing confirmed after the backup is lost.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startNewEpoch } from './feed';
import { openSqlite, SQLITE_FILE } from './open-database';

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
  if (existsSync(toFile)) throw new Error(`${toFile} exists already; choose a new file name`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(toFile);
  } finally {
    db.close();
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
    return await startNewEpoch(store.db);
  } finally {
    await store.close();
  }
}
