/** Suggestions' photos waiting for the server: which may go now (their record confirmed), and what came of an upload. */
import type { KioskDb, StoredPhoto } from './kiosk-db';

/**
 * Photos to upload now: not yet uploaded or refused, and whose suggestion the server has
 * confirmed (its change left the outbox, and not for quarantine). Oldest first.
 */
export async function photosReadyToUpload(db: KioskDb): Promise<StoredPhoto[]> {
  return db.transaction('r', db.photos, db.outbox, db.refused, async () => {
    const waiting = (await db.photos.toArray()).filter((p) => !p.uploadedAt && !p.refusedCode);
    const ready: StoredPhoto[] = [];
    for (const p of waiting) {
      const queued = await db.outbox.where('recordId').equals(p.suggestionId).count();
      const refused = await db.refused.where('recordId').equals(p.suggestionId).count();
      if (queued === 0 && refused === 0) ready.push(p);
    }
    return ready.sort((a, b) => a.takenAt.localeCompare(b.takenAt));
  });
}

/** The server has the photo (the bytes stay, so a server restored from a backup can be given them again). */
export async function markPhotoUploaded(db: KioskDb, id: string, at: Date): Promise<void> {
  await db.photos.update(id, { uploadedAt: at.toISOString() });
}

/** An attempt failed: for good (the server's code, the host sees it) or for now (tried again next pass). */
export async function markPhotoFailed(
  db: KioskDb,
  id: string,
  error: { code?: string; final: boolean },
): Promise<void> {
  await db.transaction('rw', db.photos, async () => {
    const p = await db.photos.get(id);
    if (!p) return;
    await db.photos.put({
      ...p,
      attempts: p.attempts + 1,
      lastError: error.code ?? 'error',
      ...(error.final ? { refusedCode: error.code ?? 'refused' } : {}),
    });
  });
}
