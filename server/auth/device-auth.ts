/** Middleware: the request must carry a live device token; the device (and so its station) comes from it, never from the body. */
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { deviceByToken, type AuthedDevice } from '../store/devices';
import type { Db } from '../store/schema';
import { fail } from '../fail';
import { bearerToken } from './bearer-token';

export type DeviceEnv = { Variables: { device: AuthedDevice } };

/** Refuses requests without a known, unrevoked device token. */
export function requireDevice(db: Kysely<Db>): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) fail(401, 'Missing device token (Authorization: Bearer …)', 'no_device_token');
    const device = await deviceByToken(db, token);
    if (!device) fail(401, 'Unknown device token; enroll this kiosk again', 'unknown_device_token');
    if (device.revoked)
      fail(401, 'This device has been revoked; enroll it again with a new code', 'device_token_revoked');
    c.set('device', device);
    await next();
  };
}
