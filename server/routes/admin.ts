/** The console's JSON API under /api/v1/admin: sign-in, stations, enrollment codes, devices, visits. */
import { pinResetCode, type PinResetCodeResponse } from '../../src/protocol/pin-reset';
import { openKioskBox } from '../auth/seal-key';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { maskPhone } from '../../src/domain/phone';
import { MAX_SMALL_BODY_BYTES, MAX_TRANSFER_BYTES } from '../../src/protocol/limits';
import { SERVICE_IDS } from '../../src/protocol/services';
import { humanText } from '../../src/protocol/people';
import type { MeResponse } from '../../src/protocol/roles';
import { auditDetail, requireStation, stationScope } from '../auth/access-guard';
import { requireAdmin, sessionCookie, sessionToken } from '../auth/admin-auth';
import { addressOf } from '../auth/client-address';
import { createDefences, type Defences } from '../auth/defences';
import { requireSameOrigin } from '../auth/same-origin';
import { callerBySession } from '../store/admin-roles';
import { adminBySession, signIn, signOut } from '../store/admins';
import { writeAudit } from '../store/audit-log';
import { issuePinReset, createEnrollCode, DeviceRevokedError, listDevices, revokeDevice } from '../store/devices';
import type { Db } from '../store/schema';
import { createStation, getStation, listStations } from '../store/stations';
import { countVisits, queryVisits } from '../store/visits';
import { importTransfer, transferStation } from '../sync/import-transfer';
import { adminAccessRoutes } from './admin-access';
import { adminOverviewRoutes } from './admin-overview';
import { adminPeopleRoutes } from './admin-people';
import { adminSuggestionRoutes } from './admin-suggestions';
import { adminStationRoutes } from './admin-stations';
import { adminWishRoutes } from './admin-wishes';
import { fail, readBody, readQuery } from './http';
import { VisitsQuerySchema } from './query-params';

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

  // Who is signed in, their role and (a manager) their stations: the console hides what the role cannot do.
  app.get('/me', async (c) => {
    const token = sessionToken(c);
    const me = token ? await callerBySession(db, token) : undefined;
    if (!me) fail(401, 'Not signed in', 'not_signed_in');
    return c.json({ username: me.username, role: me.role, stations: me.stations } satisfies MeResponse);
  });

  app.use('*', requireAdmin(db));
  app.route('/', adminPeopleRoutes(db));
  app.route('/', adminStationRoutes(db));
  app.route('/', adminAccessRoutes(db, defences));
  app.route('/', adminWishRoutes(db));
  app.route('/', adminSuggestionRoutes(db));
  app.route('/', adminOverviewRoutes(db));

  app.get('/stations', async (c) => {
    const scope = stationScope(c);
    const stations = await listStations(db);
    return c.json({ stations: scope ? stations.filter((s) => scope.includes(s.id)) : stations });
  });

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

  app.get('/devices', async (c) => {
    const scope = stationScope(c);
    const devices = await listDevices(db);
    return c.json({ devices: scope ? devices.filter((d) => scope.includes(d.stationId)) : devices });
  });

  // A host who forgot the PIN: a one-time code the kiosk checks offline (src/protocol/pin-reset.ts).
  app.post('/devices/:id/pin-reset-code', async (c) => {
    const issued = await issuePinReset(db, c.req.param('id'));
    if (!issued) fail(404, 'No such device, or it is revoked or must be re-enrolled first', 'device_not_found');
    const answer: PinResetCodeResponse = { code: await pinResetCode(issued.deviceKey, issued.n), n: issued.n };
    return c.json(answer, 201);
  });

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
    const text = await c.req.text();
    // A manager imports files of their own stations' kiosks only (the file's signature ties it to its station).
    const named = transferStation(text);
    if (named) await requireStation(c, named);
    const outcome = await importTransfer(db, text, {
      confirmRevoked: c.req.query('confirm') === 'revoked',
      openSealed: openKioskBox,
    });
    if (!outcome.ok) fail(outcome.code === 'device_revoked' ? 409 : 400, outcome.reason, outcome.code);
    auditDetail(c, `station ${named ?? '?'}: ${outcome.total} records, ${outcome.accepted} new`);
    return c.json(outcome);
  });

  app.get('/visits', async (c) => {
    const q = readQuery(c, VisitsQuerySchema);
    const filter = {
      stationId: q.station || undefined,
      stationIds: stationScope(c),
      service: q.service,
      from: q.from,
      to: q.to,
    };
    const rows = await queryVisits(db, { ...filter, limit: 500, newestFirst: true, byTime: true });
    // The totals the page shows and the count a download will hold, for the same filters.
    const { total, byService } = await countVisits(db, filter);
    return c.json({ visits: rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })), total, byService });
  });

  return app;
}
