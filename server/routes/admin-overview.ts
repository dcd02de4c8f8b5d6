/**
 * The console's dashboard under /api/v1/admin (signed-in admins only):
 * `GET /overview?from=&to=&station=` → OverviewResponse (src/protocol/overview.ts).
 * Visit figures come from the rollups only; the headline counts from small indexed reads.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import {
  DEFAULT_OVERVIEW_DAYS,
  MAX_OVERVIEW_DAYS,
  ONLINE_MINUTES,
  OverviewQuerySchema,
  type OverviewResponse,
} from '../../src/protocol/overview';
import { SERVICE_IDS, type ServiceId } from '../../src/protocol/services';
import { STATION_HOST_TYPES } from '../../src/protocol/schemas';
import { listDevices } from '../store/devices';
import { addDays, daysBetween, localToday, weekdayOf } from '../store/local-clock';
import { memberCounts, trainingCounts, wishAndSuggestionCounts } from '../store/overview';
import { readRollups, rollupZone } from '../store/rollups';
import type { Db } from '../store/schema';
import { listStations } from '../store/stations';
import { requireStation, stationScope } from '../auth/access-guard';
import { fail, readQuery } from './http';

type Stations = Awaited<ReturnType<typeof listStations>>;

function stationFigures(stations: Stations): OverviewResponse['stations'] {
  const live = stations.filter((s) => !s.archivedAt);
  const byHostType = Object.fromEntries([...STATION_HOST_TYPES, 'unset'].map((k) => [k, 0])) as Record<
    (typeof STATION_HOST_TYPES)[number] | 'unset',
    number
  >;
  for (const s of live) byHostType[s.hostType ?? 'unset']++;
  return {
    total: live.length,
    hub: live.filter((s) => s.kind === 'hub').length,
    branch: live.filter((s) => s.kind === 'branch').length,
    archived: stations.length - live.length,
    byHostType,
  };
}

async function deviceFigures(db: Kysely<Db>, now: Date, stationId?: string): Promise<OverviewResponse['devices']> {
  const devices = (await listDevices(db, now)).filter(
    (d) => d.revokedAt === null && (!stationId || d.stationId === stationId),
  );
  const onlineSince = now.getTime() - ONLINE_MINUTES * 60_000;
  return {
    total: devices.length,
    online: devices.filter((d) => d.lastSeenAt !== null && Date.parse(d.lastSeenAt) >= onlineSince).length,
    silent: devices.filter((d) => d.flags.includes('not-synced-for-a-day')).length,
    flagged: devices.filter((d) => d.flags.some((f) => f !== 'not-synced-for-a-day')).length,
  };
}

export function adminOverviewRoutes(db: Kysely<Db>) {
  const app = new Hono();

  app.get('/overview', async (c) => {
    const q = readQuery(c, OverviewQuerySchema);
    const now = new Date();
    const timeZone = await rollupZone(db);
    const to = q.to ?? (q.from ? addDays(q.from, DEFAULT_OVERVIEW_DAYS - 1) : localToday(timeZone, now));
    const from = q.from ?? addDays(to, -(DEFAULT_OVERVIEW_DAYS - 1));
    const span = daysBetween(from, to) + 1;
    if (span < 1) fail(400, 'The range ends before it starts', 'range_backwards');
    if (span > MAX_OVERVIEW_DAYS)
      fail(400, `The range is longer than ${MAX_OVERVIEW_DAYS} days; choose a shorter one`, 'range_too_long');
    const stations = await listStations(db);
    // A station manager sees one of their own stations (the first unless the filter names another of theirs).
    const scope = stationScope(c);
    const wanted = q.station ?? scope?.[0];
    const station = wanted ? stations.find((s) => s.id === wanted) : undefined;
    if (wanted && !station) fail(400, 'There is no such station', 'station_not_found');
    if (scope && !station) fail(403, 'This account manages no station yet', 'forbidden_station');
    if (station) await requireStation(c, station.id);
    const stationId = station?.id;

    const [rollups, devices, people, trainings, wishes] = await Promise.all([
      readRollups(db, { from, to, stationId }),
      deviceFigures(db, now, stationId),
      memberCounts(db, stationId),
      trainingCounts(db, now, stationId),
      wishAndSuggestionCounts(db, stationId),
    ]);
    const byDay = new Map(rollups.perDay.map((r) => [r.day, r.n]));
    const perDay = Array.from({ length: span }, (_, i) => {
      const day = addDays(from, i);
      return { day, n: byDay.get(day) ?? 0 };
    });
    const names = new Map(stations.map((s) => [s.id, s.name]));
    const heat = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    for (const r of rollups.perDayHour) heat[weekdayOf(r.day)]![r.hour]! += r.n;
    const body: OverviewResponse = {
      from,
      to,
      timeZone,
      stationId: stationId ?? null,
      stations: stationFigures(station ? [station] : stations),
      devices,
      people,
      trainings,
      ...wishes,
      visits: {
        total: perDay.reduce((sum, d) => sum + d.n, 0),
        perDay,
        perStation: rollups.perStation
          .map((r) => ({ stationId: r.stationId, name: names.get(r.stationId) ?? r.stationId, n: r.n }))
          .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, 'zh-CN')),
        perService: rollups.perService
          .filter((r): r is { service: ServiceId; n: number } => (SERVICE_IDS as readonly string[]).includes(r.service))
          .sort((a, b) => b.n - a.n),
        heat,
      },
    };
    return c.json(body);
  });

  return app;
}
