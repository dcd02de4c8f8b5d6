/** Changes a kiosk's host discarded after the server refused them: kept and shown to the admin. */
import type { Kysely } from 'kysely';
import type { DiscardReport } from '../../src/protocol/schemas';
import type { AuthedDevice } from './devices';
import { sealedJson } from '../auth/phone-seal';
import type { Db } from './schema';

/** Stores a kiosk's report; reporting the same discard twice keeps one row. */
export async function recordDiscards(
  db: Kysely<Db>,
  device: AuthedDevice,
  report: DiscardReport,
  now = new Date(),
): Promise<number> {
  if (report.items.length === 0) return 0;
  await db
    .insertInto('discarded')
    .values(
      report.items.map((d) => ({
        change_id: d.changeId,
        device_id: device.id,
        station_id: device.stationId,
        kind: d.kind,
        record_id: d.recordId,
        reason: d.code ? `${d.code}: ${d.reason}` : d.reason,
        body: sealedJson(d.record),
        discarded_at: d.discardedAt,
        reported_at: now.toISOString(),
      })),
    )
    .onConflict((oc) => oc.column('change_id').doNothing())
    .execute();
  return report.items.length;
}

/** How many discarded changes each device reported. */
export async function discardCounts(db: Kysely<Db>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('discarded')
    .select(['device_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('device_id')
    .execute();
  return new Map(rows.map((r) => [r.device_id, Number(r.n)]));
}
