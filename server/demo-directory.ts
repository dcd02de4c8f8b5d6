/**
 * The demo network's directory: positions in a small made-up district (铜河街道, about 3 × 3 km),
 * opening hours of every kind (a lunch break, a closed Sunday, overnight, round the clock),
 * host types and addresses — through the rails as console edits, so kiosks receive them on pull.
 */
import type { Kysely } from 'kysely';
import type { OpeningHours, OpeningRange } from '../src/protocol/opening-hours';
import type { StationHostType, StationRecord } from '../src/protocol/schemas';
import type { ServiceId } from '../src/protocol/services';
import type { Db } from './store/schema';
import { createStation, getStationVersioned } from './store/stations';
import { applyConsoleChange } from './sync/console-change';

const r = (from: string, to: string): OpeningRange[] => [{ from, to }];
/** Monday–Friday, Saturday, Sunday. */
const week = (weekday: OpeningRange[], sat: OpeningRange[], sun: OpeningRange[]): OpeningHours => ({
  week: [weekday, weekday, weekday, weekday, weekday, sat, sun],
});
const daily = (from: string, to: string) => week(r(from, to), r(from, to), r(from, to));

interface Place {
  hostType: StationHostType;
  wifiName?: string;
  wifiPassword?: string;
  address: string;
  lat: number;
  lng: number;
  openingHours: OpeningHours;
}

/** The three stations the demo always had. */
const FIRST: Record<'hub' | 'branch' | 'telecom', Place> = {
  hub: {
    hostType: 'district_office',
    address: '铜河街道铜河路 1 号（街道办一楼）',
    // Only the hub's own kiosks show it; every other kiosk gets the directory entry without it.
    wifiName: 'TongXin-Hub',
    wifiPassword: 'tongxin-2026',
    lat: 30.66,
    lng: 104.063,
    openingHours: daily('08:00', '22:00'),
  },
  branch: {
    hostType: 'pharmacy',
    address: '铜河街道康宁路 36 号康民药店',
    lat: 30.6652,
    lng: 104.0571,
    openingHours: week(r('08:00', '22:00'), r('09:00', '21:00'), r('09:00', '21:00')),
  },
  telecom: {
    hostType: 'telecom',
    address: '铜河街道新华路 120 号电信营业厅',
    lat: 30.6548,
    lng: 104.0688,
    openingHours: week(r('09:00', '18:00'), r('09:00', '18:00'), []),
  },
};

/** More branches, so the directory and the coverage map have a district to show. */
const MORE: (Place & { name: string; services: ServiceId[] })[] = [
  {
    name: '铜心驿站 · 华联超市分站',
    hostType: 'supermarket',
    address: '铜河街道北环路 8 号华联超市',
    lat: 30.6705,
    lng: 104.066,
    openingHours: daily('07:30', '22:30'),
    services: ['rest', 'charging', 'water', 'hot_meal', 'umbrella'],
  },
  {
    name: '铜心驿站 · 锦苑社区便民服务中心分站',
    hostType: 'community',
    address: '铜河街道锦苑小区 3 栋底商',
    lat: 30.6579,
    lng: 104.0505,
    openingHours: week([...r('08:30', '12:00'), ...r('14:00', '17:30')], r('09:00', '12:00'), []),
    services: ['rest', 'water', 'toilet', 'first_aid', 'music_chess'],
  },
  {
    name: '铜心驿站 · 夜归人便利店分站',
    hostType: 'supermarket',
    address: '铜河街道东门大街 66 号',
    lat: 30.6628,
    lng: 104.0752,
    openingHours: daily('18:00', '06:00'),
    services: ['rest', 'charging', 'water', 'hot_meal'],
  },
  {
    name: '铜心驿站 · 仁和大药房分站（24 小时）',
    hostType: 'pharmacy',
    address: '铜河街道南苑路 12 号',
    lat: 30.6491,
    lng: 104.0598,
    openingHours: daily('00:00', '24:00'),
    services: ['rest', 'charging', 'water', 'first_aid'],
  },
  {
    name: '铜心驿站 · 北站社区便民服务中心分站',
    hostType: 'community',
    address: '铜河街道北站西路 5 号',
    lat: 30.676,
    lng: 104.0552,
    openingHours: week(r('09:00', '17:00'), [], []),
    services: ['rest', 'water', 'internet', 'shelter', 'toilet'],
  },
  {
    name: '铜心驿站 · 移动营业厅分站',
    hostType: 'telecom',
    address: '铜河街道建设路 210 号',
    lat: 30.6521,
    lng: 104.079,
    openingHours: daily('09:00', '21:00'),
    services: ['rest', 'charging', 'water', 'internet'],
  },
];

async function place(db: Kysely<Db>, id: string, where: Place) {
  const found = (await getStationVersioned(db, id))!;
  const record: StationRecord = { ...found.station, ...where };
  const result = await applyConsoleChange(
    db,
    { kind: 'station', op: 'put', baseVersion: found.version, record },
    { stationId: id },
  );
  if (result.status !== 'accepted') throw new Error(`Demo station refused: ${result.reason ?? result.status}`);
}

/** Gives the demo's first three stations their place and hours, and adds the rest of the district. */
export async function seedDemoDirectory(db: Kysely<Db>, first: Record<'hub' | 'branch' | 'telecom', string>) {
  for (const key of ['hub', 'branch', 'telecom'] as const) await place(db, first[key], FIRST[key]);
  for (const { name, services, ...where } of MORE) {
    const s = await createStation(db, { name, kind: 'branch', services });
    await place(db, s.id, where);
  }
}
