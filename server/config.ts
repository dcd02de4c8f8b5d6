/** Server configuration from the environment; every setting has a default that works on a laptop. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  /** Server processes sharing the port (node:cluster); more than one needs PostgreSQL. */
  workers: number;
  timeZone: string;
  version: string;
}

/** Reads HOST, PORT, DATA_DIR, DATABASE_URL, WORKERS and TZ_DISPLAY; throws on a value that cannot work. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, not "${env.PORT}"`);
  const timeZone = env.TZ_DISPLAY ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`TZ_DISPLAY "${timeZone}" is not a time zone`);
  }
  const workers = Number(env.WORKERS ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new Error(`WORKERS must be a whole number from 1 to 64, not "${env.WORKERS}"`);
  }
  if (workers > 1 && !env.DATABASE_URL) {
    throw new Error(
      `WORKERS=${workers} needs PostgreSQL (DATABASE_URL=postgres://…): one SQLite file is served by one process. Unset WORKERS to run on SQLite.`,
    );
  }
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    workers,
    timeZone,
    version: pkg.version,
  };
}
