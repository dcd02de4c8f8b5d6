/** `npm start`: build the PWA if needed, open and migrate the store, seed a demo on first run, serve. */
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createApp } from './app';
import { buildIfNeeded } from './build-if-needed';
import { readConfig } from './config';
import { seedDemoIfEmpty } from './demo-seed';
import { markServerRunning } from './store/backup';
import { openDatabase } from './store/open-database';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = readConfig();
const distDir = process.env.DIST_DIR ?? join(root, 'dist');
if (process.env.SKIP_BUILD !== '1' && !process.env.DIST_DIR) buildIfNeeded(root);
const store = await openDatabase(config);
// A restore refuses to run while this note says a server uses the data directory.
const unmark = config.databaseUrl ? () => {} : markServerRunning(config.dataDir);
process.on('exit', unmark);
const demo = await seedDemoIfEmpty(store.db);
const app = createApp({
  db: store.db,
  version: config.version,
  distDir,
  timeZone: config.timeZone,
});

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  const url = `http://${config.host}:${info.port}`;
  console.log(`Waystation ${config.version}: data in ${store.location}`);
  if (demo) {
    console.log(`First run: demo network created.`);
    console.log(`  Admin console: ${url}/admin  user "${demo.adminUser}"  password "${demo.adminPassword}"`);
    console.log(`  Kiosk: ${url}/  enrollment code ${demo.enrollCode} (${demo.stationName}, valid 7 days)`);
  }
  // Tests and scripts read this line to find the port.
  console.log(`Listening on ${url}`);
});

function shutdown() {
  server.close(() => void store.close().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
