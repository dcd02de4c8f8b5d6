/** /enroll, /sync/push and /sync/pull: the kiosk's side of the API. */
import { openKioskBox, sealPublicKey } from '../auth/seal-key';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import type { KindRegistry } from '../../src/protocol/kinds';
import { KINDS } from '../../src/protocol/record-kinds';
import { MAX_PUSH_BYTES, MAX_SMALL_BODY_BYTES } from '../../src/protocol/limits';
import {
  DiscardReportSchema,
  EnrollCheckRequestSchema,
  EnrollRequestSchema,
  type EnrollCheckResponse,
  HeartbeatSchema,
  PushRequestSchema,
  type EnrollResponse,
  type HeartbeatResponse,
} from '../../src/protocol/schemas';
import { addressOf } from '../auth/client-address';
import { createDefences, type Defences } from '../auth/defences';
import { requireDevice, type DeviceEnv } from '../auth/device-auth';
import { enrollDevice, peekEnrollCode, recordHeartbeat } from '../store/devices';
import type { Db } from '../store/schema';
import { recordDiscards } from '../store/discarded';
import { parseCursor, storeEpoch } from '../store/feed';
import { getStation } from '../store/stations';
import { handlePull } from '../sync/pull';
import { handlePush } from '../sync/push';
import { fail, readBody } from './http';

const tooLarge = (max: number) =>
  bodyLimit({ maxSize: max, onError: () => fail(413, `The request body is larger than ${max} bytes`, 'too_large') });

export function syncRoutes(db: Kysely<Db>, registry: KindRegistry = KINDS, defences: Defences = createDefences(db)) {
  const app = new Hono<DeviceEnv>();

  app.post('/enroll', tooLarge(MAX_SMALL_BODY_BYTES), async (c) => {
    const body = await readBody(c, EnrollRequestSchema);
    // Codes are 10 digits: guessing is throttled per address and for everyone together.
    const keys = { address: addressOf(c), everyone: '*' };
    await defences.enroll.refuseIfBlocked(keys);
    const outcome = await enrollDevice(db, body.code, body.deviceName?.trim() || 'kiosk');
    if (!outcome.ok) {
      await defences.enroll.failed(keys);
      fail(403, outcome.reason, 'bad_enroll_code');
    }
    await defences.enroll.succeeded({ address: keys.address });
    const station = await getStation(db, outcome.stationId);
    if (!station) fail(500, 'The station of this code no longer exists', 'station_gone');
    const answer: EnrollResponse = {
      deviceId: outcome.deviceId,
      stationId: outcome.stationId,
      token: outcome.token,
      deviceKey: outcome.deviceKey,
      station,
      sealKey: sealPublicKey(),
    };
    return c.json(answer, 201);
  });

  // The same code, checked without spending it: throttled with enrollment, so it is no faster a way to guess.
  app.post('/enroll/check', tooLarge(MAX_SMALL_BODY_BYTES), async (c) => {
    const body = await readBody(c, EnrollCheckRequestSchema);
    const keys = { address: addressOf(c), everyone: '*' };
    await defences.enroll.refuseIfBlocked(keys);
    const stationId = await peekEnrollCode(db, body.code);
    const station = stationId ? await getStation(db, stationId) : undefined;
    if (!station) {
      await defences.enroll.failed(keys);
      fail(403, 'This enrollment code is unknown, already used or expired', 'bad_enroll_code');
    }
    return c.json({ stationId: station.id, stationName: station.name } satisfies EnrollCheckResponse);
  });

  app.post('/sync/push', tooLarge(MAX_PUSH_BYTES), requireDevice(db), async (c) => {
    const body = await readBody(c, PushRequestSchema);
    return c.json(await handlePush(db, c.get('device'), body, { registry, openSealed: openKioskBox }));
  });

  app.post('/sync/heartbeat', tooLarge(MAX_SMALL_BODY_BYTES), requireDevice(db), async (c) => {
    const body = await readBody(c, HeartbeatSchema);
    const now = new Date();
    const { epoch } = await storeEpoch(db);
    const seen = await recordHeartbeat(db, c.get('device').id, body, now);
    const answer: HeartbeatResponse = {
      serverTime: now.toISOString(),
      confirmed: seen.confirmed,
      epoch,
      resync: seen.resync || (body.epoch != null && body.epoch !== epoch),
      sealKey: sealPublicKey(),
    };
    return c.json(answer);
  });

  app.post('/sync/discarded', tooLarge(MAX_PUSH_BYTES), requireDevice(db), async (c) => {
    const body = await readBody(c, DiscardReportSchema);
    return c.json({ recorded: await recordDiscards(db, c.get('device'), body) });
  });

  app.get('/sync/pull', requireDevice(db), async (c) => {
    const store = await storeEpoch(db);
    const cursor = parseCursor(c.req.query('cursor'), store);
    if (!cursor.ok) fail(cursor.status, cursor.message, cursor.code);
    return c.json(await handlePull(db, c.get('device'), cursor.seq, store.epoch));
  });

  return app;
}
