/**
 * A suggestion's photo: taken at the kiosk, compressed there, uploaded after the
 * suggestion itself is confirmed, as an attachment with its own idempotent upload:
 *
 *   PUT /api/v1/attachments/:id?suggestion=<suggestion id>   Authorization: Bearer <device token>
 *       body: the image bytes (JPEG, PNG or WebP; at most PHOTO_MAX_BYTES)
 *       → 201 PhotoReceipt (first time) | 200 PhotoReceipt (the same bytes again)
 *       → 409 `attachment_id_taken` (other bytes under this id) | `suggestion_has_photo`
 *       → 413 `photo_too_big` | 415 `not_an_image` | 404 `suggestion_not_found`
 */
import * as v from 'valibot';
import { InstantSchema } from './schemas';
import { UUID_PATTERN } from './uuid7';

/** The most bytes a photo may have; the kiosk shrinks its JPEG until it fits. */
export const PHOTO_MAX_BYTES = 200 * 1024;

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** The image type the bytes themselves say (magic bytes), whatever the request claims; null when not an image. */
export function sniffImageType(b: Uint8Array): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 8 && png.every((x, i) => b[i] === x)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

const Uuid = v.pipe(v.string(), v.regex(UUID_PATTERN, 'must be a UUID'));

/** The query of the upload: which suggestion the photo belongs to. */
export const PhotoUploadQuerySchema = v.object({ suggestion: Uuid });

/** The server's answer to an upload, the same for the same bytes however often they come. */
export const PhotoReceiptSchema = v.object({
  id: v.string(),
  suggestionId: v.string(),
  type: v.picklist(PHOTO_TYPES),
  bytes: v.number(),
  sha256: v.string(),
  receivedAt: InstantSchema,
});
export type PhotoReceipt = v.InferOutput<typeof PhotoReceiptSchema>;

/** Upload refusals that will not change by trying again: the kiosk stops and tells the host. */
export const PHOTO_FINAL_CODES = ['not_an_image', 'photo_too_big', 'attachment_id_taken', 'suggestion_has_photo'];
