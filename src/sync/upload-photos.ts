/** The sync pass's photo step: each suggestion photo goes up after its record is confirmed, until the server has it. */
import { markPhotoFailed, markPhotoUploaded, photosReadyToUpload } from '../db/photo-queue';
import type { KioskDb } from '../db/kiosk-db';
import { PHOTO_FINAL_CODES } from '../protocol/suggestion-photos';
import { HttpError, type ApiClient } from './api-client';

export interface PhotoUploadReport {
  uploaded: number;
  refused: number;
  /** Attempts that failed for now (tried again next pass). */
  failed: number;
  requests: number;
}

/**
 * Uploads every photo that may go now. Offline stops the step (the pass fails, the scheduler
 * backs off and tries again); a refusal that will not change is kept for the host; any other
 * failure is noted and the photo tried again next pass. Uploads are idempotent by attachment id.
 */
export async function uploadPhotos(
  db: KioskDb,
  client: ApiClient,
  token: string,
  now: () => Date = () => new Date(),
): Promise<PhotoUploadReport> {
  const report: PhotoUploadReport = { uploaded: 0, refused: 0, failed: 0, requests: 0 };
  if (!client.putPhoto) return report;
  for (const photo of await photosReadyToUpload(db)) {
    report.requests++;
    try {
      await client.putPhoto(token, photo.id, photo.suggestionId, { type: photo.type, bytes: photo.bytes });
      await markPhotoUploaded(db, photo.id, now());
      report.uploaded++;
    } catch (err) {
      if (!(err instanceof HttpError)) {
        await markPhotoFailed(db, photo.id, { code: 'offline', final: false });
        throw err;
      }
      const final = err.code !== undefined && PHOTO_FINAL_CODES.includes(err.code);
      await markPhotoFailed(db, photo.id, { ...(err.code ? { code: err.code } : {}), final });
      if (final) report.refused++;
      else report.failed++;
    }
  }
  return report;
}
