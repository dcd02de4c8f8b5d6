/**
 * What a kiosk may change of a station: only its own station's opening hours (the host
 * corrects them offline). Anything else a kiosk sends is refused and changes nothing;
 * the console edits the rest.
 */
import type { Transaction } from 'kysely';
import { canonicalJson } from '../../src/protocol/canonical-json';
import type { ChangeRefusal } from '../../src/protocol/kinds';
import type { StationRecord } from '../../src/protocol/schemas';
import type { Db } from '../store/schema';
import { getStationVersioned } from '../store/stations';

/** The fields of a station a kiosk may change. */
export const KIOSK_STATION_FIELDS = ['openingHours'] as const;

const rest = (s: StationRecord) =>
  canonicalJson(
    Object.fromEntries(Object.entries(s).filter(([k]) => !(KIOSK_STATION_FIELDS as readonly string[]).includes(k))),
  );

/** The station record to store for a kiosk's change, or why it is refused. */
export async function checkKioskStation(
  trx: Transaction<Db>,
  stationId: string,
  proposed: StationRecord,
): Promise<StationRecord | ChangeRefusal> {
  if (proposed.id !== stationId) {
    return { code: 'wrong_station', reason: 'A kiosk may change only its own station' };
  }
  const found = await getStationVersioned(trx, proposed.id);
  if (!found) return { code: 'not_found', reason: 'There is no such station' };
  if (rest(found.station) !== rest(proposed)) {
    return { code: 'station_field', reason: 'A kiosk may change only its station’s opening hours' };
  }
  const { openingHours: _old, ...kept } = found.station;
  return proposed.openingHours ? { ...kept, openingHours: proposed.openingHours } : kept;
}
