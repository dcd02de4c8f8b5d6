/** Small builders shared by tests: stations, enrolled devices, visit records. */
import type { Kysely } from 'kysely';
import { createEnrollCode, enrollDevice } from '../../server/store/devices';
import { appendFeed } from '../../server/store/feed';
import type { Db } from '../../server/store/schema';
import { createStation } from '../../server/store/stations';
import type { ServiceId } from '../../src/protocol/services';
import type { VisitRecord } from '../../src/protocol/schemas';
import { uuid7 } from '../../src/protocol/uuid7';

/** A station with one enrolled device; answers the device token. */
export async function enrolledDevice(db: Kysely<Db>, name = '康民药店分站') {
  const station = await createStation(db, { name, kind: 'branch' });
  const { code } = await createEnrollCode(db, station.id);
  const device = await enrollDevice(db, code, 'test kiosk');
  if (!device.ok) throw new Error(device.reason);
  return { station, token: device.token, deviceId: device.deviceId, deviceKey: device.deviceKey };
}

/** A valid visit record made now (or at `at`). */
export function visit(
  services: ServiceId[] = ['rest', 'water'],
  phone: string | null = null,
  at = new Date(),
): VisitRecord {
  return { id: uuid7(at.getTime()), createdAt: at.toISOString(), services, phone, memberId: null };
}

/** A push body for records. */
export function pushBody(records: unknown[]) {
  return {
    batchId: uuid7(),
    sentAt: new Date().toISOString(),
    changes: records.map((record) => ({ kind: 'visit', op: 'put', record })),
  };
}

/** Puts a record of a kind no app version knows yet on the district's pull feed. */
export async function feedUnknownKind(db: Kysely<Db>, id = 'f1', version = 3) {
  await db.transaction().execute((trx) =>
    appendFeed(trx, [
      {
        stationId: null,
        kind: 'future_thing',
        op: 'put',
        recordId: id,
        version,
        payload: JSON.stringify({ id, text: 'for a later app version' }),
        at: new Date().toISOString(),
      },
    ]),
  );
}
