/**
 * The kiosk's write paths and reads for micro-wishes: each write
 * queues its change with the record (versioned kinds, based on the server's copy);
 * reads show the server's copies with this kiosk's pending changes over them.
 */
import { parseWire } from '../protocol/schemas';
import { uuid7 } from '../protocol/uuid7';
import {
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

/** Posts a wish; throws InvalidInput (naming the field) when the text or category is not acceptable. */
export async function postWish(
  db: KioskDb,
  input: { category: WishCategory; text: string; poster: Poster | null },
  now: Date = new Date(),
): Promise<WishRecord> {
  const parsed = parseWire(WishRecordSchema, {
    id: uuid7(now.getTime()),
    createdAt: now.toISOString(),
    category: input.category,
    text: input.text,
    memberId: input.poster?.id ?? null,
    ...(input.poster ? { posterName: input.poster.displayName } : {}),
    status: 'open',
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

/** Every wish this kiosk knows, newest first. */
export async function knownWishes(db: KioskDb): Promise<WishView[]> {
  const out: WishView[] = [];
  for (const copy of (await localView(db, 'wish')).values()) {
    const parsed = parseWire(WishRecordSchema, copy.record);
    if (parsed.ok) out.push({ record: parsed.value, version: copy.serverVersion, pending: copy.pending });
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
