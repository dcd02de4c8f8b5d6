/** Server configuration from the environment; every setting has a default that works on a laptop. */
import type { RetentionPolicy } from './store/retention';
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
  /** A reverse proxy in front sets X-Forwarded-For/-Proto/-Host (TRUST_PROXY=1). */
  trustProxy: boolean;
  /** Password hashes at once (HASH_CONCURRENCY); more sign-ins wait briefly, then get 503. */
  hashConcurrency: number;
  /** Connection limits of the HTTP server (server/net/server-limits.ts). */
  limits: ServerLimits;
  /** Days a visit keeps its phone, and a discarded record is kept (PHONE_/DISCARDED_RETENTION_DAYS). */
  retention: RetentionPolicy;
  /** Days audit entries are kept before the server prunes them (AUDIT_RETENTION_DAYS). */
  auditRetentionDays: number;
}

/** Bounds on what one connection, or all of them, may hold of the server. */
export interface ServerLimits {
  /** A whole request (headers and body) must arrive within this (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** Its headers within this (HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** An idle kept-alive connection closes after this (KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are closed at once (MAX_CONNECTIONS). */
  maxConnections: number;
  /** Requests one kept-alive connection may carry (MAX_REQUESTS_PER_SOCKET). */
  maxRequestsPerSocket: number;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}

/** Reads HOST, PORT, DATA_DIR, DATABASE_URL, WORKERS, TZ_DISPLAY and the security settings; throws on a value that cannot work. */
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
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    hashConcurrency: wholeNumber(env, 'HASH_CONCURRENCY', 2, 1, 64),
    limits: readLimits(env),
    auditRetentionDays: wholeNumber(env, 'AUDIT_RETENTION_DAYS', 365, 1, 36_500),
    retention: {
      visitPhoneDays: wholeNumber(env, 'PHONE_RETENTION_DAYS', 365, 1, 36_500),
      discardedDays: wholeNumber(env, 'DISCARDED_RETENTION_DAYS', 180, 1, 36_500),
    },
  };
}

function readLimits(env: NodeJS.ProcessEnv): ServerLimits {
  const requestTimeoutMs = wholeNumber(env, 'REQUEST_TIMEOUT_MS', 60_000, 1000, 3600_000);
  return {
    requestTimeoutMs,
    // Node wants the headers' deadline no later than the whole request's.
    headersTimeoutMs: Math.min(wholeNumber(env, 'HEADERS_TIMEOUT_MS', 10_000, 1000, 3600_000), requestTimeoutMs),
    keepAliveTimeoutMs: wholeNumber(env, 'KEEP_ALIVE_TIMEOUT_MS', 5000, 100, 600_000),
    maxConnections: wholeNumber(env, 'MAX_CONNECTIONS', 1024, 1, 1_000_000),
    maxRequestsPerSocket: wholeNumber(env, 'MAX_REQUESTS_PER_SOCKET', 1000, 1, 1_000_000),
  };
}
