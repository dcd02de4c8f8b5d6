/** In-page benchmark of the station directory: the nearby screen's query over a district of n stations. */
import Dexie from 'dexie';
import { applyPullPage } from '../../src/db/apply-pull';
import { KioskDb } from '../../src/db/kiosk-db';
import { NEARBY_LIMIT, nearbyStations, otherStations } from '../../src/db/station-directory';
import { rankNearest } from '../../src/protocol/directory';
import { everyDay } from '../../src/protocol/opening-hours';
import type { PullChange } from '../../src/protocol/schemas';

let stationsDb: KioskDb | null = null;
const OWN = 'bench-own-station';

/** A kiosk holding its own station and n − 1 other stations' entries, pulled as the server sends them. */
async function seedStations(n: number): Promise<void> {
  await Dexie.delete('bench-stations');
  stationsDb = new KioskDb('bench-stations');
  const at = (i: number) => ({ lat: 30.6 + ((i * 7919) % 1000) / 10_000, lng: 104 + ((i * 104_729) % 1000) / 10_000 });
  const changes: PullChange[] = [
    {
      kind: 'station',
      op: 'put',
      version: 1,
      record: {
        id: OWN,
        name: '本站',
        kind: 'branch',
        services: ['rest'],
        ...at(0),
        openingHours: everyDay('08:00', '20:00'),
      },
    },
  ];
  for (let i = 1; i < n; i++) {
    changes.push({
      kind: 'station_entry',
      op: 'put',
      version: 1,
      record: {
        id: `bench-station-${i}`,
        name: `铜心驿站 · 第${i}号分站`,
        kind: 'branch',
        services: ['rest', 'charging', 'water'],
        hostType: 'pharmacy',
        address: `铜河路 ${i} 号`,
        ...at(i),
        openingHours: i % 3 ? everyDay('08:00', '20:00') : everyDay('20:00', '04:00'),
      },
    });
  }
  await applyPullPage(stationsDb, changes, 'bench.1', new Date());
}

/** ms for each of k nearby-screen queries (read, parse, rank, opening state), at moments through a day. */
async function nearestLookups(k: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < k; i++) {
    const when = new Date(Date.UTC(2026, 10, 30, i % 24, (i * 7) % 60));
    const t = performance.now();
    const { stations } = await nearbyStations(stationsDb!, OWN, when);
    times.push(performance.now() - t);
    if (stations.length === 0) throw new Error('the directory came back empty');
  }
  return times;
}

/** Baselines: the IndexedDB read of the 500 entries alone (what the first open after a pull pays), and the ranking alone. */
async function directoryParts(k: number): Promise<{ read: number[]; rank: number[] }> {
  const read: number[] = [];
  const rank: number[] = [];
  const entries = await otherStations(stationsDb!, OWN);
  for (let i = 0; i < k; i++) {
    let t = performance.now();
    await stationsDb!.pulled.where('kind').equals('station_entry').toArray();
    read.push(performance.now() - t);
    t = performance.now();
    rankNearest({ lat: 30.6, lng: 104 }, entries, new Date(Date.UTC(2026, 10, 30, i % 24)), NEARBY_LIMIT);
    rank.push(performance.now() - t);
  }
  return { read, rank };
}

export const directoryBench = { seedStations, nearestLookups, directoryParts };
