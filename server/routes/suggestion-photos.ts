/** PUT /attachments/:id: a kiosk uploads a suggestion's photo after the suggestion is confirmed (see the protocol module). */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { PHOTO_MAX_BYTES, PhotoUploadQuerySchema, sniffImageType } from '../../src/protocol/suggestion-photos';
import { UUID_PATTERN } from '../../src/protocol/uuid7';
import { requireDevice, type DeviceEnv } from '../auth/device-auth';
import type { Db } from '../store/schema';
import { putSuggestionPhoto } from '../store/suggestion-photos';
import { fail, readQuery } from './http';

const MESSAGES = {
  suggestion_not_found: 'There is no such suggestion of this station on the server (push it first)',
  attachment_id_taken: 'This attachment id holds other bytes; nothing was stored',
  suggestion_has_photo: 'This suggestion already has a photo; nothing was stored',
} as const;

export function suggestionPhotoRoutes(db: Kysely<Db>) {
  const app = new Hono<DeviceEnv>();
  app.put(
    '/attachments/:id',
    bodyLimit({
      maxSize: PHOTO_MAX_BYTES,
      onError: () => fail(413, `A photo may have at most ${PHOTO_MAX_BYTES} bytes`, 'photo_too_big'),
    }),
    requireDevice(db),
    async (c) => {
      const id = c.req.param('id');
      if (!UUID_PATTERN.test(id)) fail(400, 'The attachment id must be a UUID', 'bad_request');
      const { suggestion } = readQuery(c, PhotoUploadQuerySchema);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length > PHOTO_MAX_BYTES)
        fail(413, `A photo may have at most ${PHOTO_MAX_BYTES} bytes`, 'photo_too_big');
      // The bytes say what they are, whatever the request's content type claims.
      const type = sniffImageType(bytes);
      if (!type) fail(415, 'The photo is not a JPEG, PNG or WebP image', 'not_an_image');
      const device = c.get('device');
      const put = await putSuggestionPhoto(db, {
        id: id.toLowerCase(),
        suggestionId: suggestion.toLowerCase(),
        stationId: device.stationId,
        deviceId: device.id,
        type,
        bytes,
      });
      if (!put.ok) fail(put.code === 'suggestion_not_found' ? 404 : 409, MESSAGES[put.code], put.code);
      return c.json(put.receipt, put.created ? 201 : 200);
    },
  );
  return app;
}
