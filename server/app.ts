/** Builds the central server's HTTP app (never listens; main.ts does). */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import type { KindRegistry } from '../src/protocol/kinds';
import { KINDS } from '../src/protocol/record-kinds';
import { adminRoutes } from './routes/admin';
import { exportRoutes } from './routes/export';
import { staticFiles } from './routes/static-files';
import { syncRoutes } from './routes/sync';
import { storeAnswers } from './store/ping';
import type { Db } from './store/schema';

export interface AppOptions {
  db: Kysely<Db>;
  version: string;
  /** The built PWA; when absent only the API is served. */
  distDir?: string;
  /** Time zone of the district, for local times in exports. */
  timeZone: string;
  /** The record kinds the rails carry (the product's by default; tests add kinds of their own). */
  registry?: KindRegistry;
  /** Which engine the store runs on, for /health. */
  store?: 'sqlite' | 'postgres';
}

/** The whole server: API under /api/v1, the kiosk at /, the console at /admin. */
export function createApp({ db, version, distDir, timeZone, registry = KINDS, store = 'sqlite' }: AppOptions): Hono {
  const app = new Hono();
  // Says which store the server runs on and whether it answers (a load balancer's check).
  app.get('/api/v1/health', async (c) => {
    const answers = await storeAnswers(db);
    return c.json({ ok: answers, version, store, storeAnswers: answers }, answers ? 200 : 503);
  });
  app.route('/api/v1', syncRoutes(db, registry));
  app.route('/api/v1/export', exportRoutes(db, timeZone, registry));
  app.route('/api/v1/admin', adminRoutes(db));
  app.all('/api/*', (c) => c.json({ error: 'No such API endpoint', code: 'no_such_endpoint' }, 404));
  if (distDir) app.get('*', staticFiles(distDir));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error(err);
    return c.json({ error: 'Internal server error', code: 'internal' }, 500);
  });
  return app;
}
