/**
 * The kiosk's write paths and reads for micro-wishes: each write
 * queues its change with the record (versioned kinds, based on the server's copy);
 * reads show the server's copies with this kiosk's pending changes over them.
 */
import { tidyWishText } from '../domain/wish-text';
import { parseWire } from '../protocol/schemas';
import { uuid7 } from '../protocol/uuid7';
import {
  WISH_CATEGORIES,
  WISH_STATUSES,
  WISH_TRANSITIONS,
  WishRecordSchema,
  type WishCategory,
  type WishRecord,
  type WishStatus,
} from '../protocol/wishes';
import type { KioskDb } from './kiosk-db';
import { localView } from './local-view';
import { InvalidInput } from './people';
import { queueChange } from './queue-change';
import { withRoomToWrite } from './room-to-write';

/** Who posts: a member found at the kiosk (their masked name goes on the wall), or nobody. */
export interface Poster {
  id: string;
  displayName: string;
}

async function queueVersioned(db: KioskDb, kind: string, record: WishRecord, base: number, now: Date) {
  await withRoomToWrite(db, () =>
    db.transaction('rw', db.outbox, () =>
      queueChange(db, { kind, op: 'put', record, versioned: true, baseVersion: base }, now),
    ),
  );
}

/**
 * Posts a wish (its text tidied: one line, no invisible joiners); throws InvalidInput (naming the field)
 * when the text or category is not acceptable. `stationId` lets host mode tell this station's wishes.
 */
export async function postWish(
  db: KioskDb,
  input: { category: WishCategory; text: string; poster: Poster | null; stationId?: string },
  now: Date = new Date(),
): Promise<WishRecord> {
  const parsed = parseWire(WishRecordSchema, {
    id: uuid7(now.getTime()),
    createdAt: now.toISOString(),
    category: input.category,
    text: tidyWishText(input.text),
    memberId: input.poster?.id ?? null,
    ...(input.poster ? { posterName: input.poster.displayName } : {}),
    status: 'open',
    ...(input.stationId ? { stationId: input.stationId } : {}),
  });
  if (!parsed.ok) throw new InvalidInput(parsed.message);
  await queueVersioned(db, 'wish', parsed.value, 0, now);
  return parsed.value;
}

/** A wish as the kiosk shows it: pending while a change of this kiosk waits to be confirmed. */
export interface WishView {
  record: WishRecord;
  version: number | null;
  pending: boolean;
}

const CATEGORIES = new Set<unknown>(WISH_CATEGORIES);
const STATUSES = new Set<unknown>(WISH_STATUSES);
const optionalText = (x: unknown) => x === undefined || typeof x === 'string';

/**
 * A held copy the wall can show. Every copy was checked against the schema where it was made (the
 * server on push, this kiosk before queueing), so the wall only makes sure the fields it reads have
 * their types (a later server version's record is skipped): a full parse of every wish on each
 * redraw costs the wall most of its time.
 */
function readableWish(r: Record<string, unknown>): r is WishRecord {
  return (
    typeof r.id === 'string' &&
    typeof r.createdAt === 'string' &&
    typeof r.text === 'string' &&
    CATEGORIES.has(r.category) &&
    STATUSES.has(r.status) &&
    (r.memberId === null || typeof r.memberId === 'string') &&
    optionalText(r.posterName) &&
    optionalText(r.claimedBy) &&
    optionalText(r.fulfilledAt) &&
    optionalText(r.stationId)
  );
}

/** Every wish this kiosk knows, newest first. */
export async function knownWishes(db: KioskDb): Promise<WishView[]> {
  const out: WishView[] = [];
  for (const copy of (await localView(db, 'wish')).values()) {
    if (readableWish(copy.record))
      out.push({ record: copy.record, version: copy.serverVersion, pending: copy.pending });
  }
  return out.sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt));
}

/** The wall: open and claimed wishes, and those fulfilled in the last `days` days. */
export async function wishWall(db: KioskDb, now: Date = new Date(), days = 30): Promise<WishView[]> {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  return (await knownWishes(db)).filter(
    (w) =>
      w.record.status === 'open' ||
      w.record.status === 'claimed' ||
      (w.record.status === 'fulfilled' && (w.record.fulfilledAt ?? w.record.createdAt) >= since),
  );
}

/**
 * A member's own wishes, every status, newest first: posted under their id or under a
 * registration that was merged into theirs (two kiosks registered the same phone offline).
 */
export async function wishesOf(db: KioskDb, memberId: string): Promise<WishView[]> {
  const ids = new Set([memberId]);
  await db.directory.each((d) => {
    if (d.mergedInto === memberId) ids.add(d.id);
  });
  return (await knownWishes(db)).filter((w) => w.record.memberId !== null && ids.has(w.record.memberId));
}

export type MoveOutcome = { record: WishRecord } | { error: 'not_found' | 'not_synced' | 'status_backwards' };

/**
 * The host claims, fulfils or withdraws a wish, offline. The change is based on the server's
 * copy: if the district moved it meanwhile, the server decides and host mode says what happened.
 */
export async function moveWish(
  db: KioskDb,
  wishId: string,
  to: Exclude<WishStatus, 'open'>,
  claimedBy: string | null,
  now: Date = new Date(),
): Promise<MoveOutcome> {
  const held = (await knownWishes(db)).find((w) => w.record.id === wishId);
  if (!held) return { error: 'not_found' };
  if (held.version === null) return { error: 'not_synced' };
  if (!(WISH_TRANSITIONS[held.record.status] ?? []).includes(to)) return { error: 'status_backwards' };
  const at = now.toISOString();
  const record: WishRecord = {
    ...held.record,
    status: to,
    ...(to === 'claimed' ? { claimedAt: at, ...(claimedBy ? { claimedBy } : {}) } : {}),
    ...(to === 'fulfilled' ? { fulfilledAt: at, ...(claimedBy && !held.record.claimedBy ? { claimedBy } : {}) } : {}),
    ...(to === 'withdrawn' ? { withdrawnAt: at } : {}),
  };
  const parsed = parseWire(WishRecordSchema, record);
  if (!parsed.ok) throw new InvalidInput(parsed.message);
  await queueVersioned(db, 'wish', parsed.value, held.version, now);
  return { record: parsed.value };
}
