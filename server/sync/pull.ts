/** The pull handler: changes for the device's station after a cursor, and the next cursor. */
import type { Kysely } from 'kysely';
import { parseWire, PullChangeSchema, type PullChange, type PullResponse } from '../../src/protocol/schemas';
import type { AuthedDevice } from '../store/devices';
import { touchDevice } from '../store/devices';
import type { Db } from '../store/schema';
import { changesSince } from '../store/stations';

const PAGE = 100;

/** Answers one page of changes; `more` says another page follows. */
export async function handlePull(
  db: Kysely<Db>,
  device: AuthedDevice,
  cursor: number,
  now = new Date(),
): Promise<PullResponse> {
  const rows = await changesSince(db, device.stationId, cursor, PAGE);
  const changes: PullChange[] = [];
  for (const row of rows) {
    const parsed = parseWire(PullChangeSchema, { kind: row.kind, op: 'put', record: JSON.parse(row.payload) });
    if (parsed.ok) changes.push(parsed.value);
  }
  const last = rows.at(-1);
  await touchDevice(db, device.id, now);
  return { changes, cursor: String(last ? Number(last.seq) : cursor), more: rows.length === PAGE };
}
