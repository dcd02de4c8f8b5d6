/**
 * Station editing and device names under /api/v1/admin (signed-in admins only; mounted by admin.ts).
 * A station edit travels the sync rails as a versioned `station` record, so the station's
 * kiosks receive it on their next pull and two admins editing at once cannot overwrite each other.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { OpeningHoursSchema } from '../../src/protocol/opening-hours';
import { STATION_HOST_TYPES, type StationRecord } from '../../src/protocol/schemas';
import { SERVICE_IDS } from '../../src/protocol/services';
import { currentCaller } from '../auth/access-guard';
import { renameDevice } from '../store/devices';
import type { Db } from '../store/schema';
import { getStationVersioned } from '../store/stations';
import { applyConsoleChange } from '../sync/console-change';
import { fail, readBody } from './http';

/** Most services a station may offer (the kiosk's services screen is laid out for up to 12). */
export const MAX_STATION_SERVICES = 12;

const text = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)));

const StationEditSchema = v.pipe(
  v.object({
    /** The version the admin's form was loaded at (0: never edited). */
    baseVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'needs a name'), v.maxLength(80)),
    kind: v.picklist(['hub', 'branch'], 'must be hub or branch'),
    hostType: v.optional(v.picklist(STATION_HOST_TYPES)),
    services: v.pipe(
      v.array(v.picklist(SERVICE_IDS)),
      v.minLength(1, 'needs at least one service'),
      v.maxLength(MAX_STATION_SERVICES),
      v.check((s) => new Set(s).size === s.length, 'lists a service twice'),
    ),
    address: text(200),
    hours: text(80),
    wifiName: text(64),
    wifiPassword: text(64),
    tip: text(200),
    archived: v.optional(v.boolean()),
    /** Position for the directory and coverage: both or neither. */
    lat: v.optional(v.pipe(v.number('lat must be a number'), v.finite(), v.minValue(-90), v.maxValue(90))),
    lng: v.optional(v.pipe(v.number('lng must be a number'), v.finite(), v.minValue(-180), v.maxValue(180))),
    openingHours: v.optional(OpeningHoursSchema),
  }),
  v.check((s) => (s.lat === undefined) === (s.lng === undefined), 'lat and lng go together: give both or neither'),
);

const DeviceNameSchema = v.object({ name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80)) });

/** Drops empty optional text, so a cleared field is absent rather than `""` on the kiosk. */
function present<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== '')) as Partial<T>;
}

export function adminStationRoutes(db: Kysely<Db>) {
  const app = new Hono();

  app.get('/stations/:id', async (c) => {
    const found = await getStationVersioned(db, c.req.param('id'));
    if (!found) fail(404, 'No such station', 'station_not_found');
    return c.json({ ...found.station, version: found.version });
  });

  // Never a delete: a station's visits and members keep pointing at it. Archiving keeps it all.
  app.put('/stations/:id', async (c) => {
    const found = await getStationVersioned(db, c.req.param('id'));
    if (!found) fail(404, 'No such station', 'station_not_found');
    const { baseVersion, archived, ...fields } = await readBody(c, StationEditSchema);
    const { station } = found;
    // Archiving takes a station out of the network: the district's decision, not its manager's.
    if (Boolean(archived) !== Boolean(station.archivedAt) && currentCaller(c)?.role === 'manager')
      fail(403, 'Only a district admin archives or restores a station', 'forbidden_role');
    const record: StationRecord = {
      id: station.id,
      ...present(fields),
      name: fields.name,
      kind: fields.kind,
      services: fields.services,
      ...(station.retentionDays === undefined ? {} : { retentionDays: station.retentionDays }),
      ...(archived ? { archivedAt: station.archivedAt ?? new Date().toISOString() } : {}),
    };
    const result = await applyConsoleChange(
      db,
      { kind: 'station', op: 'put', baseVersion, record },
      { stationId: station.id },
    );
    if (result.status === 'conflict') {
      const now = await getStationVersioned(db, station.id);
      return c.json(
        {
          error: 'Someone else changed this station since you opened it',
          code: 'conflict',
          current: now && { ...now.station, version: now.version },
        },
        409,
      );
    }
    if (result.status !== 'accepted')
      fail(400, result.reason ?? 'The change was refused', result.code ?? 'bad_request');
    const saved = (await getStationVersioned(db, station.id))!;
    return c.json({ ...saved.station, version: saved.version });
  });

  app.put('/devices/:id/name', async (c) => {
    const { name } = await readBody(c, DeviceNameSchema);
    if (!(await renameDevice(db, c.req.param('id'), name))) fail(404, 'No such device', 'device_not_found');
    return c.json({ ok: true, name });
  });

  return app;
}
