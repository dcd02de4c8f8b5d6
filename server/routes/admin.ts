/** The console's JSON API under /api/v1/admin: sign-in, stations, enrollment codes, devices, visits. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { maskPhone } from '../../src/domain/phone';
import { MAX_SMALL_BODY_BYTES, MAX_TRANSFER_BYTES } from '../../src/protocol/limits';
import { SERVICE_IDS, isServiceId } from '../../src/protocol/services';
import { requireAdmin, sessionAdmin, SESSION_COOKIE } from '../auth/admin-auth';
import { signIn, signOut } from '../store/admins';
import { createEnrollCode, listDevices, revokeDevice } from '../store/devices';
import type { Db } from '../store/schema';
import { createStation, getStation, listStations } from '../store/stations';
import { countVisits, queryVisits } from '../store/visits';
import { importTransfer } from '../sync/import-transfer';
import { adminPeopleRoutes } from './admin-people';
import { adminStationRoutes } from './admin-stations';
import { fail, readBody } from './http';

const SignInSchema = v.object({ username: v.pipe(v.string(), v.minLength(1)), password: v.string() });
const StationSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'needs a name'), v.maxLength(80)),
  kind: v.picklist(['hub', 'branch'], 'must be hub or branch'),
  services: v.optional(v.pipe(v.array(v.picklist(SERVICE_IDS)), v.minLength(1))),
});

export function adminRoutes(db: Kysely<Db>) {
  const app = new Hono();
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
    const token = await signIn(db, body.username, body.password);
    if (!token) fail(401, 'Wrong username or password', 'bad_credentials');
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 12 * 3600 });
    return c.json({ username: body.username });
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await signOut(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
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
    return c.json(await createEnrollCode(db, device.stationId, { deviceId: device.id }), 201);
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
    const q = c.req.query();
    if (q.service && !isServiceId(q.service)) fail(400, `Unknown service "${q.service}"`, 'bad_query');
    const day = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}/.test(d) ? new Date(d).toISOString() : undefined);
    const filter = {
      stationId: q.station || undefined,
      service: q.service && isServiceId(q.service) ? q.service : undefined,
      from: day(q.from),
      to: day(q.to),
    };
    const rows = await queryVisits(db, { ...filter, limit: 500, newestFirst: true, byTime: true });
    // The totals the page shows and the count a download will hold, for the same filters.
    const { total, byService } = await countVisits(db, filter);
    return c.json({ visits: rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })), total, byService });
  });

  return app;
}
