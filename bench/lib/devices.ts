/** Kiosks for the bench: each a new station with one enrolled device. */
import type { Kysely } from 'kysely';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import type { Db } from '../../server/store/schema';
import { createStation } from '../../server/store/stations';

/** Enrolls a device at a new station named `name`; answers its token. */
export async function enrollBenchKiosk(db: Kysely<Db>, name: string): Promise<string> {
  const station = await createStation(db, { name, kind: 'branch' });
  const device = await enrollDevice(db, (await createEnrollCode(db, station.id)).code, 'bench');
  if (!device.ok) throw new Error(device.reason);
  return device.token;
}
