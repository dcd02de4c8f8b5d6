/** The pull handler: the feed for the device's station (and the district) after a cursor, and the next cursor. */
import type { Kysely } from 'kysely';
import type { PullChange, PullResponse } from '../../src/protocol/schemas';
import type { AuthedDevice } from '../store/devices';
import { touchDevice } from '../store/devices';
import { feedSince, formatCursor } from '../store/feed';
import type { Db } from '../store/schema';

const PAGE = 100;

/** Answers one page of changes after feed position `seq` of `epoch`; `more` says another page follows. */
export async function handlePull(
  db: Kysely<Db>,
  device: AuthedDevice,
  seq: number,
  epoch: string,
  now = new Date(),
): Promise<PullResponse> {
  const rows = await feedSince(db, device.stationId, seq, PAGE);
  // Every kind goes down as stored: the kiosk applies what it knows and keeps the rest aside.
  const changes: PullChange[] = rows.map((row) => ({
    kind: row.kind,
    op: row.op,
    record: JSON.parse(row.payload) as PullChange['record'],
    ...(row.version === null ? {} : { version: Number(row.version) }),
  }));
  const last = rows.at(-1);
  await touchDevice(db, device.id, now);
  return { changes, cursor: formatCursor(epoch, last ? Number(last.seq) : seq), more: rows.length === PAGE };
}
