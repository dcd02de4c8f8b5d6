/**
 * The kiosk's suggestions (意见建议): leave one (with its photo, in the same transaction),
 * look one up by receipt code — this station's own, and every suggestion of the district
 * through the status view the server puts on every kiosk's feed — and this station's list
 * for host mode.
 */
import { parseWire } from '../protocol/schemas';
import {
  SuggestionStatusViewSchema,
  suggestionStatusOf,
  type SuggestionStatusView,
} from '../protocol/suggestion-status';
import { uuid7 } from '../protocol/uuid7';
import {
  SuggestionRecordSchema,
  newReceiptCode,
  normaliseReceiptCode,
  type SuggestionCategory,
  type SuggestionRecord,
} from '../protocol/wishes';
import type { KioskDb, StoredPhoto } from './kiosk-db';
import { localView } from './local-view';
import { InvalidInput } from './people';
import { queueChange } from './queue-change';
import { withRoomToWrite } from './room-to-write';

/** A photo taken at the kiosk, already compressed. */
export interface NewPhoto {
  type: string;
  bytes: Uint8Array;
}

/**
 * Leaves a suggestion, offline; its photo (if any) is kept beside it in the same transaction.
 * The answer carries the receipt code to show the worker. Throws InvalidInput when the text or
 * category is not acceptable (nothing is written then).
 */
export async function leaveSuggestion(
  db: KioskDb,
  input: { category: SuggestionCategory; text: string; memberId: string | null; photo?: NewPhoto | null },
  now: Date = new Date(),
): Promise<SuggestionRecord> {
  const parsed = parseWire(SuggestionRecordSchema, {
    id: uuid7(now.getTime()),
    createdAt: now.toISOString(),
    category: input.category,
    text: input.text,
    memberId: input.memberId,
    status: 'received',
    receiptCode: newReceiptCode(),
  });
  if (!parsed.ok) throw new InvalidInput(parsed.message);
  const record = parsed.value;
  const photo = input.photo;
  await withRoomToWrite(db, () =>
    db.transaction('rw', db.outbox, db.photos, async () => {
      await queueChange(db, { kind: 'suggestion', op: 'put', record, versioned: true, baseVersion: 0 }, now);
      if (photo) {
        await db.photos.add({
          id: uuid7(now.getTime()),
          suggestionId: record.id,
          type: photo.type,
          bytes: photo.bytes,
          takenAt: now.toISOString(),
          attempts: 0,
        });
      }
    }),
  );
  return record;
}

/** What a lookup by code shows: status and reply, and whether it still waits to reach the district. */
export interface SuggestionLookup {
  view: SuggestionStatusView;
  /** Left here and not yet confirmed by the server. */
  pending: boolean;
  /** Left at this station (the kiosk holds its text). */
  text: string | null;
}

export type LookupOutcome = { found: SuggestionLookup } | { error: 'bad_code' | 'not_found' };

/**
 * Looks a suggestion up by the code the worker typed (any case, spaces or dash). This station's
 * own suggestions (queued or pulled) and the district's status views are searched; the newer copy wins.
 */
export async function lookupSuggestion(db: KioskDb, typed: string): Promise<LookupOutcome> {
  const code = normaliseReceiptCode(typed);
  if (!code) return { error: 'bad_code' };
  let best: { lookup: SuggestionLookup; version: number } | null = null;
  for (const copy of (await localView(db, 'suggestion')).values()) {
    const parsed = parseWire(SuggestionRecordSchema, copy.record);
    if (!parsed.ok || parsed.value.receiptCode !== code) continue;
    const s = parsed.value;
    best = {
      lookup: {
        view: suggestionStatusOf(s, undefined),
        pending: copy.pending,
        text: s.text,
      },
      version: copy.serverVersion ?? 0,
    };
  }
  for (const copy of await db.pulled.where('kind').equals('suggestion_status').toArray()) {
    const parsed = parseWire(SuggestionStatusViewSchema, copy.record);
    if (!parsed.ok || parsed.value.receiptCode !== code) continue;
    const version = copy.version ?? 0;
    if (best && best.version >= version) continue;
    best = { lookup: { view: parsed.value, pending: false, text: best?.lookup.text ?? null }, version };
  }
  return best ? { found: best.lookup } : { error: 'not_found' };
}

/** Where a suggestion's photo stands: none, waiting (to upload or for the record), uploaded, or refused. */
export type PhotoState = 'none' | 'waiting' | 'uploaded' | 'refused';

/** A suggestion of this station as host mode lists it. */
export interface StationSuggestion {
  record: SuggestionRecord;
  pending: boolean;
  photo: PhotoState;
}

function photoState(p: StoredPhoto | undefined): PhotoState {
  if (!p) return 'none';
  if (p.uploadedAt) return 'uploaded';
  return p.refusedCode ? 'refused' : 'waiting';
}

/** This station's suggestions, newest first, with their photos' state. */
export async function stationSuggestions(db: KioskDb): Promise<StationSuggestion[]> {
  const photos = new Map((await db.photos.toArray()).map((p) => [p.suggestionId, p]));
  const out: StationSuggestion[] = [];
  for (const copy of (await localView(db, 'suggestion')).values()) {
    const parsed = parseWire(SuggestionRecordSchema, copy.record);
    if (parsed.ok)
      out.push({ record: parsed.value, pending: copy.pending, photo: photoState(photos.get(parsed.value.id)) });
  }
  return out.sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt));
}

/** Photos not yet on the server (waiting or refused), for the host's counts. */
export async function photoCounts(db: KioskDb): Promise<{ waiting: number; refused: number }> {
  let waiting = 0;
  let refused = 0;
  await db.photos.each((p) => {
    if (p.uploadedAt) return;
    if (p.refusedCode) refused++;
    else waiting++;
  });
  return { waiting, refused };
}
