/** The console's JSON API under /api/v1/admin: sign-in, stations, enrollment codes, devices, visits. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { maskPhone } from '../../src/domain/phone';
import { MAX_SMALL_BODY_BYTES, MAX_TRANSFER_BYTES } from '../../src/protocol/limits';
import { SERVICE_IDS } from '../../src/protocol/services';
import { humanText } from '../../src/protocol/people';
import { requireAdmin, sessionAdmin, sessionCookie, sessionToken } from '../auth/admin-auth';
import { addressOf } from '../auth/client-address';
import { createDefences, type Defences } from '../auth/defences';
import { requireSameOrigin } from '../auth/same-origin';
import { adminBySession, signIn, signOut } from '../store/admins';
import { readAudit, writeAudit } from '../store/audit-log';
import { createEnrollCode, DeviceRevokedError, listDevices, revokeDevice } from '../store/devices';
import type { Db } from '../store/schema';
import { createStation, getStation, listStations } from '../store/stations';
import { countVisits, queryVisits } from '../store/visits';
import { importTransfer } from '../sync/import-transfer';
import { adminOverviewRoutes } from './admin-overview';
import { adminPeopleRoutes } from './admin-people';
import { adminStationRoutes } from './admin-stations';
import { fail, readBody, readQuery } from './http';
import { AuditQuerySchema, VisitsQuerySchema } from './query-params';

const SignInSchema = v.object({
  username: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  password: v.pipe(v.string(), v.maxLength(1000)),
});
const StationSchema = v.object({
  // No lone surrogates, control, bidi-override or invisible-only names (they change on the round trip or mislead).
  name: humanText(80, 'name'),
  kind: v.picklist(['hub', 'branch'], 'must be hub or branch'),
  services: v.optional(v.pipe(v.array(v.picklist(SERVICE_IDS)), v.minLength(1))),
});

export function adminRoutes(db: Kysely<Db>, defences: Defences = createDefences(db)) {
  const app = new Hono();
  // The console is cookie-authenticated: nothing changes on a request from another origin.
  app.use('*', requireSameOrigin(defences.trust));
  const small = bodyLimit({
    maxSize: MAX_SMALL_BODY_BYTES,
    onError: () => fail(413, 'The request body is too large', 'too_large'),
  });
  const large = bodyLimit({
    maxSize: MAX_TRANSFER_BYTES,
    onError: () => fail(413, 'The transfer file is too large', 'too_large'),
  });
  app.use('*', (c, next) => (c.req.path.endsWith('/import') ? large(c, next) : small(c, next)));

  app.post('/login', async (c) => {
    const body = await readBody(c, SignInSchema);
    const address = addressOf(c);
    const account = body.username.toLowerCase();
    const keys = { address, account, accountAddress: `${account}|${address}` };
    await defences.signIn.refuseIfBlocked(keys);
    const previous = sessionToken(c);
    const attempt = await defences.hashes.run(() =>
      signIn(db, body.username, body.password, new Date(), previous ? { replacing: previous } : {}),
    );
    if (!attempt.ok) fail(503, 'The server is busy; try again in a moment', 'server_busy', { 'Retry-After': '1' });
    if (!attempt.value) {
      await defences.signIn.failed(keys);
      await writeAudit(db, { actor: `admin:${body.username.slice(0, 100)}`, action: 'sign_in_failed', address });
      fail(401, 'Wrong username or password', 'bad_credentials');
    }
    await defences.signIn.succeeded({ account: keys.account, accountAddress: keys.accountAddress });
    await writeAudit(db, { actor: `admin:${body.username}`, action: 'sign_in', address });
    const cookie = sessionCookie(c, defences.trust);
    setCookie(c, cookie.name, attempt.value, cookie.options);
    return c.json({ username: body.username });
  });

  app.post('/logout', async (c) => {
    const token = sessionToken(c);
    if (token) {
      const admin = await adminBySession(db, token);
      await signOut(db, token);
      if (admin) await writeAudit(db, { actor: `admin:${admin.username}`, action: 'sign_out', address: addressOf(c) });
    }
    const cookie = sessionCookie(c, defences.trust);
    deleteCookie(c, cookie.name, { path: '/', secure: cookie.options.secure });
    return c.json({ ok: true });
  });

  app.get('/me', async (c) => {
    const username = await sessionAdmin(db, c);
    if (!username) fail(401, 'Not signed in', 'not_signed_in');
    return c.json({ username });
  });

  app.use('*', requireAdmin(db));
  app.route('/', adminPeopleRoutes(db));
  app.route('/', adminStationRoutes(db));
  app.route('/', adminOverviewRoutes(db));

  app.get('/stations', async (c) => c.json({ stations: await listStations(db) }));

  app.post('/stations', async (c) => {
    const body = await readBody(c, StationSchema);
    return c.json(await createStation(db, body), 201);
  });

  app.post('/stations/:id/enroll-codes', async (c) => {
    const station = await getStation(db, c.req.param('id'));
    if (!station) fail(404, 'No such station', 'station_not_found');
    if (station.archivedAt) fail(409, 'This station is archived and takes no new kiosks', 'station_archived');
    return c.json(await createEnrollCode(db, station.id), 201);
  });

  app.get('/devices', async (c) => c.json({ devices: await listDevices(db) }));

  app.post('/devices/:id/reenroll-code', async (c) => {
    const device = (await listDevices(db)).find((d) => d.id === c.req.param('id'));
    if (!device) fail(404, 'No such device', 'device_not_found');
    try {
      return c.json(await createEnrollCode(db, device.stationId, { deviceId: device.id }), 201);
    } catch (err) {
      if (err instanceof DeviceRevokedError) fail(409, err.message, 'device_revoked');
      throw err;
    }
  });

  app.post('/devices/:id/revoke', async (c) => {
    if (!(await revokeDevice(db, c.req.param('id'))))
      fail(404, 'No such device, or already revoked', 'device_not_found');
    return c.json({ ok: true });
  });

  app.post('/import', async (c) => {
    const outcome = await importTransfer(db, await c.req.text(), {
      confirmRevoked: c.req.query('confirm') === 'revoked',
    });
    if (!outcome.ok) fail(outcome.code === 'device_revoked' ? 409 : 400, outcome.reason, outcome.code);
    return c.json(outcome);
  });

  app.get('/visits', async (c) => {
    const q = readQuery(c, VisitsQuerySchema);
    const filter = { stationId: q.station || undefined, service: q.service, from: q.from, to: q.to };
    const rows = await queryVisits(db, { ...filter, limit: 500, newestFirst: true, byTime: true });
    // The totals the page shows and the count a download will hold, for the same filters.
    const { total, byService } = await countVisits(db, filter);
    return c.json({ visits: rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })), total, byService });
  });

  // The audit log, newest first (its console page is still to come).
  app.get('/audit', async (c) => {
    const q = readQuery(c, AuditQuerySchema);
    return c.json({ entries: await readAudit(db, { limit: q.limit ?? 100, action: q.action }) });
  });

  return app;
}
