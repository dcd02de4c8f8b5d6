/**
 * The real server as `npm start` runs it, with the tests' extra kinds on the
 * rails (a versioned ticket edited on kiosks and in the console at once).
 * Started as a child process by the chaos run so it can be SIGKILLed.
 */
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app';
import { loadServerSecret } from '../../server/auth/server-secret';
import { readConfig } from '../../server/config';
import { markServerRunning } from '../../server/store/backup';
import { openDatabase } from '../../server/store/open-database';
import { TEST_KINDS } from '../support/test-kinds';

const config = readConfig();
loadServerSecret(config.dataDir);
const store = await openDatabase(config);
const unmark = config.databaseUrl ? () => {} : markServerRunning(config.dataDir);
process.on('exit', unmark);
const distDir = fileURLToPath(new URL('../../dist', import.meta.url));
const app = createApp({
  db: store.db,
  version: config.version,
  timeZone: config.timeZone,
  distDir,
  registry: TEST_KINDS,
});
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  console.log(`Listening on http://${config.host}:${info.port}`);
});
function shutdown() {
  server.close(() => void store.close().then(() => process.exit(0)));
  // A kiosk's keep-alive connection must not hold the process open (as in server/main.ts).
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
