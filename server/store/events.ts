/** Events as the rules and the console read them: the current copies in `records`, locked where the engine can. */
import type { Kysely, Transaction } from 'kysely';
import type { EventRecord, PartyOrgRecord } from '../../src/protocol/people';
import type { Db } from './schema';

/** An event's current copy with its server version. */
export interface StoredEvent {
  record: EventRecord;
  version: number;
  stationId: string;
}

/**
 * The events `ids` name, locked for the rest of the transaction on PostgreSQL, in id
 * order: every change to an event's seats takes its event's lock first, so three server
 * processes cannot oversell it and two pushes cannot deadlock on it.
 */
export async function lockEvents(trx: Transaction<Db>, ids: readonly string[], lock: boolean) {
  const out = new Map<string, StoredEvent>();
  const unique = [...new Set(ids)].sort();
  for (let i = 0; i < unique.length; i += 500) {
    let q = trx
      .selectFrom('records')
      .select(['id', 'version', 'station_id', 'body'])
      .where('kind', '=', 'event')
      .where('id', 'in', unique.slice(i, i + 500))
      .orderBy('id');
    if (lock) q = q.forUpdate();
    for (const r of await q.execute()) {
      if (r.body === null) continue;
      out.set(r.id, { record: JSON.parse(r.body) as EventRecord, version: Number(r.version), stationId: r.station_id });
    }
  }
  return out;
}

/** Every event (a district holds tens to a few hundred), with versions. */
export async function allEvents(db: Kysely<Db>): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('records')
    .select(['id', 'version', 'station_id', 'body'])
    .where('kind', '=', 'event')
    .where('body', 'is not', null)
    .execute();
  return rows
    .map((r) => ({ record: JSON.parse(r.body!) as EventRecord, version: Number(r.version), stationId: r.station_id }))
    .sort((a, b) => a.record.startsAt.localeCompare(b.record.startsAt) || a.record.id.localeCompare(b.record.id));
}

/** Every party organisation, with versions, by name. */
export async function allPartyOrgs(db: Kysely<Db>): Promise<{ record: PartyOrgRecord; version: number }[]> {
  const rows = await db
    .selectFrom('records')
    .select(['version', 'body'])
    .where('kind', '=', 'party_org')
    .where('body', 'is not', null)
    .execute();
  return rows
    .map((r) => ({ record: JSON.parse(r.body!) as PartyOrgRecord, version: Number(r.version) }))
    .sort((a, b) => a.record.name.localeCompare(b.record.name, 'zh-CN'));
}
