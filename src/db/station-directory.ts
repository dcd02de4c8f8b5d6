/**
 * The district's station directory as this kiosk holds it: other stations' directory
 * entries (pulled as `station_entry`, nothing private) and this station's own full
 * record, with the host's pending correction of its opening hours over it.
 */
import {
  circleCount,
  rankNearest,
  positionOf,
  toStationEntry,
  type NearbyStation,
  type StationEntry,
} from '../protocol/directory';
import { OpeningHoursSchema, type OpeningHours } from '../protocol/opening-hours';
import { parseWire, StationRecordSchema, type StationRecord } from '../protocol/schemas';
import type { KioskDb } from './kiosk-db';
import { InvalidInput } from './people';
import { queueChange } from './queue-change';
import { withRoomToWrite } from './room-to-write';

/** This station as the kiosk shows it: its record, the server version it is based on, and whether a change waits. */
export interface OwnStation {
  record: StationRecord;
  /** The server version of the copy this kiosk holds (0: never edited). */
  version: number;
  /** Changes of this kiosk to the station not confirmed yet. */
  pending: number;
}

/** This station: the server's copy, with the newest change this kiosk queued for it over it. */
export async function ownStation(db: KioskDb, stationId: string): Promise<OwnStation | null> {
  return db.transaction('r', db.pulled, db.outbox, db.meta, async () => {
    const pulled = await db.pulled.get(['station', stationId]);
    const queued = (await db.outbox.where('recordId').equals(stationId).sortBy('seq')).filter(
      (e) => e.kind === 'station',
    );
    const meta = await db.meta.get('station');
    const raw = queued.at(-1)?.record ?? pulled?.record ?? (meta?.key === 'station' ? meta.value : undefined);
    const parsed = raw ? parseWire(StationRecordSchema, raw) : null;
    if (!parsed?.ok || parsed.value.id !== stationId) return null;
    return { record: parsed.value, version: pulled?.version ?? 0, pending: queued.length };
  });
}

/**
 * The district's entries as last read, per database, under the pull cursor they were read at. Entries
 * change only when a pull page is applied, which moves the cursor in the same transaction; so while the
 * cursor stands, the screen reuses them instead of reading and copying 500 records out of IndexedDB again.
 */
const readEntries = new WeakMap<KioskDb, { cursor: string; entries: StationEntry[] }>();

async function districtEntries(db: KioskDb): Promise<StationEntry[]> {
  return db.transaction('r', db.meta, db.pulled, async () => {
    const meta = await db.meta.get('pullCursor');
    const cursor = meta?.key === 'pullCursor' ? meta.value : null;
    const held = readEntries.get(db);
    if (cursor !== null && held?.cursor === cursor) return held.entries;
    const entries: StationEntry[] = [];
    for (const copy of await db.pulled.where('kind').equals('station_entry').toArray()) {
      // Parsed when pulled (apply-pull keeps only the entry's fields); an unreadable one was kept as its id alone.
      if (copy.op === 'put' && typeof copy.record.name === 'string') entries.push(copy.record as StationEntry);
    }
    if (cursor !== null) readEntries.set(db, { cursor, entries });
    return entries;
  });
}

/** Every other station of the district this kiosk knows (archived ones included; ranking leaves them out). */
export async function otherStations(db: KioskDb, stationId: string): Promise<StationEntry[]> {
  return (await districtEntries(db)).filter((e) => e.id !== stationId);
}

/** How many stations the nearby screen lists (the rest of a big district is counted, not listed). */
export const NEARBY_LIMIT = 30;

/** The directory screen's data: this station, the others nearest first as seen from here at `at`, and counts. */
export async function nearbyStations(
  db: KioskDb,
  stationId: string,
  at: Date = new Date(),
  limit = NEARBY_LIMIT,
): Promise<{ here: StationEntry | null; stations: NearbyStation[]; total: number; within: number }> {
  const own = await ownStation(db, stationId);
  const here = own ? toStationEntry(own.record) : null;
  const origin = here ? positionOf(here) : null;
  const others = await otherStations(db, stationId);
  return { here, stations: rankNearest(origin, others, at, limit), ...circleCount(origin, others) };
}

/**
 * The host corrects this station's opening hours, offline. The change is based on the
 * server's version (plus this kiosk's changes still waiting, which will have bumped it
 * by then); if the district edited the station meanwhile, the server's copy wins and
 * host mode says so in plain words.
 */
export async function setOpeningHours(
  db: KioskDb,
  stationId: string,
  hours: OpeningHours,
  now: Date = new Date(),
): Promise<StationRecord> {
  const parsedHours = parseWire(OpeningHoursSchema, hours);
  if (!parsedHours.ok) throw new InvalidInput(parsedHours.message);
  const own = await ownStation(db, stationId);
  if (!own) throw new InvalidInput('this kiosk has not received its station yet');
  const record: StationRecord = { ...own.record, openingHours: parsedHours.value };
  await withRoomToWrite(db, () =>
    db.transaction('rw', db.outbox, () =>
      queueChange(
        db,
        { kind: 'station', op: 'put', record, versioned: true, baseVersion: own.version + own.pending },
        now,
      ),
    ),
  );
  return record;
}
