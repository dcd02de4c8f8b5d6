/** The directory's pure arithmetic: distances and ranks, opening state (overnight, closed days, time zones), the 15-minute circle. */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  CIRCLE_RADIUS_M,
  circleCount,
  compassPoint,
  bearingDegrees,
  distanceMeters,
  rankNearest,
  rideMinutes,
  toStationEntry,
  walkMinutes,
  withinCircle,
  type StationEntry,
} from '../../src/protocol/directory';
import { OpeningHoursSchema, openStateAt, type OpeningHours } from '../../src/protocol/opening-hours';
import { StationRecordSchema } from '../../src/protocol/schemas';

/** Metres per degree of latitude on the haversine's sphere. */
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;
const here = { lat: 30.66, lng: 104.06 };
const north = (m: number) => ({ lat: here.lat + m / M_PER_DEG, lng: here.lng });

const entry = (id: string, name: string, at: { lat: number; lng: number } | null, more: Partial<StationEntry> = {}) =>
  ({ id, name, kind: 'branch', services: ['rest'], ...(at ?? {}), ...more }) as StationEntry;

const weekdays: OpeningHours = {
  week: [
    [{ from: '08:00', to: '20:00' }],
    [{ from: '08:00', to: '20:00' }],
    [{ from: '08:00', to: '20:00' }],
    [{ from: '08:00', to: '20:00' }],
    [{ from: '08:00', to: '22:00' }],
    [{ from: '09:00', to: '18:00' }],
    [],
  ],
};

/** An instant given as Shanghai wall-clock time (UTC+8, no daylight saving). */
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('distance and rank', () => {
  it('measures great-circle distances', () => {
    expect(distanceMeters(here, north(1000))).toBeCloseTo(1000, 3);
    // Tiananmen to People's Square, Shanghai: about 1,067 km.
    const km = distanceMeters({ lat: 39.9087, lng: 116.3975 }, { lat: 31.2304, lng: 121.4737 }) / 1000;
    expect(km).toBeGreaterThan(1060);
    expect(km).toBeLessThan(1075);
  });

  it('ranks the nearest first, puts stations with no position last and leaves archived ones out', () => {
    const list = [
      entry('far', '远站', north(3000)),
      entry('none', '无位置站', null),
      entry('near', '近站', { lat: here.lat, lng: here.lng + 0.005 }),
      entry('mid', '中站', north(-1200)),
      entry('gone', '已归档站', north(10), { archivedAt: '2026-01-01T00:00:00.000Z' }),
    ];
    const ranked = rankNearest(here, list, new Date());
    expect(ranked.map((r) => r.entry.id)).toEqual(['near', 'mid', 'far', 'none']);
    expect(ranked.map((r) => r.direction)).toEqual(['e', 's', 'n', null]);
    expect(ranked[3]).toMatchObject({ meters: null, walkMin: null, withinCircle: false });
    const top = rankNearest(here, list, new Date(), 2);
    expect(top.map((r) => [r.entry.id, r.direction])).toEqual([
      ['near', 'e'],
      ['mid', 's'],
    ]);
    // Counted over the whole district, archived stations left out: 4 serve, one (the nearest) within the circle.
    expect(circleCount(here, list)).toEqual({ total: 4, within: 1 });
  });

  it('words directions as the eight compass points', () => {
    expect(compassPoint(bearingDegrees(here, { lat: here.lat + 0.01, lng: here.lng + 0.0115 }))).toBe('ne');
    expect(compassPoint(bearingDegrees(here, { lat: here.lat - 0.01, lng: here.lng - 0.0115 }))).toBe('sw');
    expect(compassPoint(359)).toBe('n');
    expect(compassPoint(200)).toBe('s');
  });

  it('estimates minutes on foot (4.5 km/h) and by bike (15 km/h) along streets 1.3× the straight line', () => {
    expect(walkMinutes(1000)).toBe(18); // 1,300 m at 75 m/min = 17.3
    expect(rideMinutes(1000)).toBe(6); // 1,300 m at 250 m/min = 5.2
    expect(walkMinutes(0)).toBe(1);
  });
});

describe('the 15-minute circle', () => {
  it('takes in what 15 minutes on foot reaches and nothing beyond', () => {
    expect(CIRCLE_RADIUS_M).toBeCloseTo(865.38, 1);
    expect(withinCircle(CIRCLE_RADIUS_M)).toBe(true);
    expect(walkMinutes(CIRCLE_RADIUS_M)).toBe(15);
    expect(withinCircle(CIRCLE_RADIUS_M + 1)).toBe(false);
    expect(walkMinutes(CIRCLE_RADIUS_M + 1)).toBe(16);
    const [inside, outside] = rankNearest(here, [entry('a', 'A', north(860)), entry('b', 'B', north(870))], new Date());
    expect([inside!.withinCircle, outside!.withinCircle]).toEqual([true, false]);
  });
});

describe('opening hours', () => {
  it('is open inside a day’s range and closed at its end, saying when it opens next', () => {
    // 2026-11-30 is a Monday.
    expect(openStateAt(weekdays, shanghai('2026-11-30T07:59:00'))).toEqual({
      open: false,
      opensAt: { inDays: 0, time: '08:00' },
    });
    expect(openStateAt(weekdays, shanghai('2026-11-30T08:00:00'))).toEqual({ open: true, closesAt: '20:00' });
    expect(openStateAt(weekdays, shanghai('2026-11-30T20:00:00'))).toEqual({
      open: false,
      opensAt: { inDays: 1, time: '08:00' },
    });
  });

  it('skips a closed day when saying when it opens next', () => {
    // Saturday after closing: Sunday is closed, so Monday (in two days).
    expect(openStateAt(weekdays, shanghai('2026-12-05T18:30:00'))).toEqual({
      open: false,
      opensAt: { inDays: 2, time: '08:00' },
    });
    expect(openStateAt(weekdays, shanghai('2026-12-06T12:00:00')).open).toBe(false);
    expect(openStateAt({ week: [[], [], [], [], [], [], []] }, new Date())).toEqual({ open: false, opensAt: null });
  });

  it('runs an overnight range into the next morning, also across the end of the week', () => {
    const nights: OpeningHours = { week: [[], [], [], [], [], [], [{ from: '22:00', to: '06:00' }]] };
    // Sunday 23:00, then Monday 05:59 (the range started on Sunday), then Monday 06:00.
    expect(openStateAt(nights, shanghai('2026-12-06T23:00:00'))).toEqual({ open: true, closesAt: '06:00' });
    expect(openStateAt(nights, shanghai('2026-12-07T05:59:00'))).toEqual({ open: true, closesAt: '06:00' });
    expect(openStateAt(nights, shanghai('2026-12-07T06:00:00'))).toEqual({
      open: false,
      opensAt: { inDays: 6, time: '22:00' },
    });
    const allDay: OpeningHours = { week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]) };
    expect(openStateAt(allDay, shanghai('2026-12-07T23:59:00'))).toEqual({ open: true, closesAt: '24:00' });
  });

  it('reads the hours in the station’s own time zone', () => {
    const at = new Date('2026-11-30T09:00:00Z'); // 17:00 in Shanghai, 09:00 in London, 04:00 in New York
    const nineToFive = (timeZone?: string): OpeningHours => ({
      ...(timeZone ? { timeZone } : {}),
      week: Array.from({ length: 7 }, () => [{ from: '09:00', to: '17:00' }]),
    });
    expect(openStateAt(nineToFive(), at).open).toBe(false);
    expect(openStateAt(nineToFive('Europe/London'), at).open).toBe(true);
    expect(openStateAt(nineToFive('America/New_York'), at)).toEqual({
      open: false,
      opensAt: { inDays: 0, time: '09:00' },
    });
  });

  it('refuses hours a machine cannot read', () => {
    const ok = (h: unknown) => v.safeParse(OpeningHoursSchema, h).success;
    expect(ok(weekdays)).toBe(true);
    expect(ok({ week: weekdays.week.slice(0, 6) })).toBe(false);
    expect(ok({ week: [[{ from: '8:00', to: '20:00' }], [], [], [], [], [], []] })).toBe(false);
    expect(ok({ week: [[{ from: '08:00', to: '08:00' }], [], [], [], [], [], []] })).toBe(false);
    expect(ok({ week: [[{ from: '24:00', to: '08:00' }], [], [], [], [], [], []] })).toBe(false);
    expect(ok({ timeZone: 'Mars/Olympus', week: weekdays.week })).toBe(false);
  });
});

describe('the directory entry', () => {
  it('carries what a worker needs and never the Wi-Fi, the tip or the retention', () => {
    const station = v.parse(StationRecordSchema, {
      id: 's1',
      name: '康民药店分站',
      kind: 'branch',
      services: ['rest', 'water'],
      hostType: 'pharmacy',
      address: '铜河路 12 号',
      openingHours: weekdays,
      lat: 30.66,
      lng: 104.06,
      wifiName: 'KM-Guest',
      wifiPassword: 'secret-88',
      tip: '雨天路滑',
      retentionDays: 30,
    });
    const e = toStationEntry(station);
    expect(JSON.stringify(e)).not.toMatch(/secret-88|KM-Guest|雨天路滑|retention/);
    expect(e).toMatchObject({ id: 's1', hostType: 'pharmacy', address: '铜河路 12 号', lat: 30.66, lng: 104.06 });
  });

  it('refuses a position off the globe', () => {
    const base = { id: 's', name: 'x', kind: 'hub', services: [] };
    expect(v.safeParse(StationRecordSchema, { ...base, lat: 91, lng: 0 }).success).toBe(false);
    expect(v.safeParse(StationRecordSchema, { ...base, lat: 0, lng: -181 }).success).toBe(false);
    expect(v.safeParse(StationRecordSchema, { ...base, lat: Number.NaN, lng: 0 }).success).toBe(false);
  });
});
