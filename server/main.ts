/**
 * `npm start`: build the PWA if needed, open and migrate the store, seed a demo
 * on first run, serve. With WORKERS=N (PostgreSQL only) the first process does
 * that set-up once and then runs N server processes on one port (node:cluster);
 * they share nothing but the database.
 */
import { serve } from '@hono/node-server';
import cluster from 'node:cluster';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { buildIfNeeded } from './build-if-needed';
import { readConfig, type ServerConfig } from './config';
import { loadServerSecret } from './auth/server-secret';
import { checkServerSecret, SecretMismatchError } from './store/secret-check';
import { FIRST_RUN_FILE, seedDemoIfEmpty, type DemoSeed } from './demo-seed';
import { applyServerLimits, serverOptions } from './net/server-limits';
import { purgeExpiredSessions } from './store/admins';
import { pruneAudit } from './store/audit-log';
import { applyRetention } from './store/retention';
import { markServerRunning } from './store/backup';
import { purgeThrottleCounters } from './store/throttle-store';
import { openDatabase } from './store/open-database';

const root = fileURLToPath(new URL('..', import.meta.url));
let config: ServerConfig;
try {
  config = readConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const distDir = process.env.DIST_DIR ?? join(root, 'dist');
// Before any code is made or spent; workers read the file the first process made.
loadServerSecret(config.dataDir);

/** Opens the store, or says in one line why it cannot (PostgreSQL down, a missing role, no rights) and exits 1. */
async function openStore(
  options: Parameters<typeof openDatabase>[0],
): Promise<Awaited<ReturnType<typeof openDatabase>>> {
  try {
    return await openDatabase(options);
  } catch (err) {
    console.error(`Cannot open the store: ${(err as Error).message}`);
    process.exit(1);
  }
}

/** A store written under another secret: one plain line and exit, before anything is served or written. */
async function refuseOtherSecret(store: Awaited<ReturnType<typeof openDatabase>>): Promise<void> {
  try {
    await checkServerSecret(store.db);
  } catch (err) {
    if (!(err instanceof SecretMismatchError)) throw err;
    console.error(err.message);
    await store.close().catch(() => undefined);
    process.exit(1);
  }
}

function announce(url: string, location: string, demo: DemoSeed | undefined) {
  console.log(
    `Waystation ${config.version}: data in ${location}${config.workers > 1 ? `, ${config.workers} processes` : ''}`,
  );
  if (demo) {
    const file = join(config.dataDir, FIRST_RUN_FILE);
    // On PostgreSQL with WAYSTATION_SECRET set nothing else has made the data directory yet.
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `user: ${demo.adminUser}\npassword: ${demo.adminPassword}\n`, { mode: 0o600 });
    console.log(`First run: demo network created.`);
    console.log(`  Admin console: ${url}/admin  user "${demo.adminUser}", password in ${file} (only you can read it)`);
    console.log(`  Kiosk: ${url}/  enrollment code ${demo.enrollCode} (${demo.stationName}, valid 24 hours)`);
  }
  // Tests and scripts read this line to find the port.
  console.log(`Listening on ${url}`);
}

/** Deletes expired sessions, throttle counters whose window has passed, and personal data and audit entries past their retention. */
async function purgeStale(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  await purgeExpiredSessions(db);
  await purgeThrottleCounters(db);
  await pruneAudit(db, new Date(Date.now() - config.auditRetentionDays * 24 * 3600_000));
  await applyRetention(db, config.retention);
}

/** One server process: opens the store, runs `prepare` on it, and serves; `onListening` hears the port. */
async function runServer(
  onListening: (url: string, location: string, prepared: DemoSeed | undefined) => void,
  prepare: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<DemoSeed | undefined> = async () =>
    undefined,
) {
  const store = await openStore({ ...config, server: true });
  await refuseOtherSecret(store);
  const prepared = await prepare(store.db);
  // A restore refuses to run while this note says a server uses the data directory.
  const unmark = config.databaseUrl ? () => {} : markServerRunning(config.dataDir);
  process.on('exit', unmark);
  const app = createApp({
    db: store.db,
    version: config.version,
    distDir,
    timeZone: config.timeZone,
    store: store.dialect,
    security: {
      trustProxy: config.trustProxy,
      hashSlots: config.hashConcurrency,
      auditRetentionDays: config.auditRetentionDays,
    },
  });
  const server = serve(
    { fetch: app.fetch, hostname: config.host, port: config.port, serverOptions: serverOptions(config.limits) },
    (info) => onListening(`http://${config.host}:${info.port}`, store.location, prepared),
  );
  applyServerLimits(server as Server, config.limits);
  // Expired sessions, passed throttle windows and audit entries past retention: clear them at start and now and then.
  void purgeStale(store.db).catch(() => undefined);
  const sweep = setInterval(() => void purgeStale(store.db).catch(() => undefined), 10 * 60_000);
  sweep.unref();
  function shutdown() {
    server.close(() => void store.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 3000).unref();
  }
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (cluster.isWorker) {
  await runServer((url) => process.send?.({ listening: url }));
} else {
  if (process.env.SKIP_BUILD !== '1' && !process.env.DIST_DIR) buildIfNeeded(root);
  if (config.workers === 1) {
    await runServer(announce, seedDemoIfEmpty);
  } else {
    // Migrate and seed once, before any worker opens the store.
    const setup = await openStore(config);
    await refuseOtherSecret(setup);
    const demo = await seedDemoIfEmpty(setup.db);
    const location = setup.location;
    await setup.close();
    let announced = false;
    let stopping = false;
    const fork = () => {
      const worker = cluster.fork();
      worker.on('message', (m: { listening?: string }) => {
        if (m.listening && !announced) {
          announced = true;
          announce(m.listening, location, demo);
        }
      });
    };
    for (let i = 0; i < config.workers; i++) fork();
    // A process that dies is replaced; the others keep serving meanwhile.
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      console.error(`Server process ${worker.process.pid} ended (${signal ?? code}); starting another`);
      fork();
    });
    const stop = () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
      setTimeout(() => process.exit(0), 3500).unref();
      cluster.on('exit', () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
}
