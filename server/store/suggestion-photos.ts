/** Suggestions' photos, stored in the database: one per suggestion, written once by attachment id. */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PhotoReceipt, PhotoType } from '../../src/protocol/suggestion-photos';
import type { Db } from './schema';

export type PhotoPut =
  | { ok: true; created: boolean; receipt: PhotoReceipt }
  | { ok: false; code: 'suggestion_not_found' | 'attachment_id_taken' | 'suggestion_has_photo' };

/**
 * Stores a photo under its attachment id. The same bytes again answer the same receipt;
 * other bytes under the id, or a second photo of a suggestion, are refused and change nothing.
 * The suggestion must be one of the uploading device's station (and already on the server).
 */
export async function putSuggestionPhoto(
  db: Kysely<Db>,
  p: { id: string; suggestionId: string; stationId: string; deviceId: string; type: PhotoType; bytes: Uint8Array },
  now = new Date(),
): Promise<PhotoPut> {
  const sha256 = createHash('sha256').update(p.bytes).digest('hex');
  return db.transaction().execute(async (trx) => {
    const owner = await trx
      .selectFrom('records')
      .select('station_id')
      .where('kind', '=', 'suggestion')
      .where('id', '=', p.suggestionId)
      .where('body', 'is not', null)
      .executeTakeFirst();
    if (!owner || owner.station_id !== p.stationId) return { ok: false, code: 'suggestion_not_found' };
    const inserted = await trx
      .insertInto('suggestion_photos')
      .values({
        id: p.id,
        suggestion_id: p.suggestionId,
        station_id: p.stationId,
        device_id: p.deviceId,
        type: p.type,
        size: p.bytes.length,
        sha256,
        bytes: p.bytes,
        received_at: now.toISOString(),
      })
      // Either key taken (this id, or this suggestion's photo): nothing is written; the read below says which.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    const held = await trx
      .selectFrom('suggestion_photos')
      .select(['id', 'suggestion_id', 'type', 'size', 'sha256', 'received_at', 'station_id'])
      .where('id', '=', p.id)
      .executeTakeFirst();
    if (!held) return { ok: false, code: 'suggestion_has_photo' };
    if (held.sha256 !== sha256 || held.suggestion_id !== p.suggestionId || held.station_id !== p.stationId) {
      return { ok: false, code: 'attachment_id_taken' };
    }
    return {
      ok: true,
      created: inserted !== undefined,
      receipt: {
        id: held.id,
        suggestionId: held.suggestion_id,
        type: held.type as PhotoType,
        bytes: Number(held.size),
        sha256: held.sha256,
        receivedAt: String(held.received_at),
      },
    };
  });
}

/** A suggestion's photo (its type and bytes), or null. */
export async function suggestionPhoto(
  db: Kysely<Db>,
  suggestionId: string,
): Promise<{ type: string; bytes: Uint8Array } | null> {
  const row = await db
    .selectFrom('suggestion_photos')
    .select(['type', 'bytes'])
    .where('suggestion_id', '=', suggestionId)
    .executeTakeFirst();
  return row ? { type: row.type, bytes: row.bytes } : null;
}
