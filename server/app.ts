/** Builds the central server's HTTP app (never listens; main.ts does). */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import type { KindRegistry } from '../src/protocol/kinds';
import { KINDS } from '../src/protocol/record-kinds';
import { noteClientAddress } from './auth/client-address';
import { accessGuard } from './auth/access-guard';
import { createDefences, type DefenceOptions } from './auth/defences';
import { isClientAbort, noteClientAbort } from './net/client-aborts';
import { closeAfterRefusedBody } from './net/close-refused-body';
import { adminRoutes } from './routes/admin';
import { exportRoutes } from './routes/export';
import { openApiRoutes } from './routes/openapi';
import { securityHeaders } from './routes/security-headers';
import { staticFiles } from './routes/static-files';
import { suggestionPhotoRoutes } from './routes/suggestion-photos';
import { syncRoutes } from './routes/sync';
import { stationOfDevice } from './store/devices';
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
  /** TRUST_PROXY and HASH_CONCURRENCY (server/config.ts). */
  security?: DefenceOptions;
}

/** The whole server: API under /api/v1, the kiosk at /, the console at /admin. */
export function createApp({
  db,
  version,
  distDir,
  timeZone,
  registry = KINDS,
  store = 'sqlite',
  security = {},
}: AppOptions): Hono {
  const app = new Hono();
  const defences = createDefences(db, security);
  app.use('*', noteClientAddress(defences.trust));
  app.use('*', securityHeaders(defences.trust));
  app.use('*', closeAfterRefusedBody());
  // Roles: every console and export route has a rule in server/auth/access-rules.ts, or is refused.
  app.use(
    '/api/*',
    accessGuard(db, (id) => stationOfDevice(db, id)),
  );
  // Says which store the server runs on and whether it answers (a load balancer's check).
  app.get('/api/v1/health', async (c) => {
    const answers = await storeAnswers(db);
    return c.json({ ok: answers, version, store, storeAnswers: answers }, answers ? 200 : 503);
  });
  app.route('/api/v1', syncRoutes(db, registry, defences));
  app.route('/api/v1', openApiRoutes(version));
  app.route('/api/v1', suggestionPhotoRoutes(db));
  app.route('/api/v1/export', exportRoutes(db, timeZone, registry));
  app.route('/api/v1/admin', adminRoutes(db, defences));
  app.all('/api/*', (c) => c.json({ error: 'No such API endpoint', code: 'no_such_endpoint' }, 404));
  if (distDir) app.get('*', staticFiles(distDir));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    // A path like /%E0%A4%A cannot be decoded: the client's mistake, not ours.
    if (err instanceof URIError) return c.json({ error: 'The URL is not validly encoded', code: 'bad_url' }, 400);
    if (isClientAbort(err, c.req.raw)) {
      noteClientAbort();
      return c.json({ error: 'The request was aborted', code: 'client_aborted' }, 400);
    }
    console.error(err);
    return c.json({ error: 'Internal server error', code: 'internal' }, 500);
  });
  return app;
}
