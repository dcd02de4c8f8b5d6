/**
 * Visit rollups: counts per station × local day × service, and per station ×
 * local day × hour, in the district's time zone. The dashboard reads these
 * instead of scanning visits. Two tables rather than one four-way table: a
 * station × day × service × hour table holds about as many rows as there are
 * visits (a few visits per station-hour), so reading it would cost what the
 * raw rows cost.
 *
 * Kept exact by construction: the visits a push (or an import) really inserted
 * are counted in the same transaction, as one multi-row upsert per table that
 * adds (`n = n + excluded.n`), so concurrent pushes on PostgreSQL add up
 * rather than overwrite. `rebuildRollups` recounts from the raw rows (after a
 * restore, on `npm run admin -- rebuild-rollups`, and when the zone changes).
 */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { districtOf, districtSql } from './district-key';
import { PREPARED_MARK } from './execute-shaped';
import { stopFeedWriters } from './feed';
import { localHour } from './local-clock';
import type { Db } from './schema';

/** The zone rollups start in (README: `TZ_DISPLAY`'s default); a server set to another rebuilds them at start. */
export const DEFAULT_ROLLUP_ZONE = 'Asia/Shanghai';
/** The service key under which a station-day counts its visits (each visit once, whatever it used). */
export const ALL_VISITS = '*';
/**
 * The station key of the district's own rows: every visit is counted under its station and under
 * this, so the district-wide figures read a few thousand rows, not one per station.
 */
export const ALL_STATIONS = '';
/**
 * How many parts the district's rows are kept in on PostgreSQL (readers add the parts up). The
 * connections of a pool have PIDs close together, so up to this many pushes rarely share a part.
 */
const DISTRICT_PARTS = 16;

const ZONE_KEY = 'rollup_zone';

/** A stored visit as rollups count it. */
export interface CountedVisit {
  stationId: string;
  createdAt: string;
  services: readonly string[];
}

/** The zone each store's rollups are kept in, per dialect adapter (one per open store), read once. */
const zones = new WeakMap<object, string>();

/** Bench only (bench/rollups.ts measures ingest without this step for its baseline); always true otherwise. */
export const rollupSwitch = { enabled: true };

async function storedZone(db: Kysely<Db>): Promise<string> {
  const adapter = db.getExecutor().adapter;
  const known = zones.get(adapter);
  if (known) return known;
  const row = await db.selectFrom('store_meta').select('value').where('key', '=', ZONE_KEY).executeTakeFirst();
  const zone = row?.value ?? DEFAULT_ROLLUP_ZONE;
  zones.set(adapter, zone);
  return zone;
}

/** The counts the visits add: day rows (per service and `*`) and hour rows, sorted so every writer locks in one order. */
function tally(visits: readonly CountedVisit[], zone: string) {
  const days = new Map<string, { day: string; station_id: string; service: string; n: number }>();
  const hours = new Map<string, { day: string; station_id: string; hour: number; n: number }>();
  const add = (day: string, station_id: string, service: string) => {
    const key = `${day}\u0000${station_id}\u0000${service}`;
    const row = days.get(key);
    if (row) row.n++;
    else days.set(key, { day, station_id, service, n: 1 });
  };
  for (const v of visits) {
    const { day, hour } = localHour(v.createdAt, zone);
    for (const station of [v.stationId, ALL_STATIONS]) {
      add(day, station, ALL_VISITS);
      for (const s of new Set(v.services)) add(day, station, s);
      const key = `${day}\u0000${station}\u0000${hour}`;
      const row = hours.get(key);
      if (row) row.n++;
      else hours.set(key, { day, station_id: station, hour, n: 1 });
    }
  }
  const byKey = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  return { days: byKey(days), hours: byKey(hours) };
}

/** Rows per upsert statement (a rebuild writes many; a push a few dozen). */
const UPSERT_ROWS = 5000;

/**
 * Adds the counts: one statement per table whose text never changes (its rows arrive as one
 * JSON parameter), so it is prepared once; statements of every row count would crowd the
 * visit inserts out of the statement cache. Rows go in key order on PostgreSQL.
 */
async function upsert(db: Kysely<Db>, t: ReturnType<typeof tally>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // The district's rows are the ones every push adds to: on PostgreSQL each connection adds to its own
  // part of them (its backend's PID picks it), so concurrent pushes do not queue on one row each.
  const part = sql`case when station_id = ${ALL_STATIONS} then pg_backend_pid() % ${sql.lit(DISTRICT_PARTS)} else 0 end`;
  // The district key (district-key.ts), which these raw statements name themselves.
  const { column: dc, value: dv, key: dk } = districtSql(db);
  if (postgres && t.days.length <= UPSERT_ROWS && t.hours.length <= UPSERT_ROWS) {
    // A push's counts in one round trip: the two upserts as one statement.
    await sql`${sql.raw(PREPARED_MARK)}with days as (
        insert into rollup_days (${dc}day, station_id, service, part, n)
        select ${dv}day, station_id, service, ${part}, n
        from jsonb_to_recordset(${JSON.stringify(t.days)}::jsonb) as r(day text, station_id text, service text, n integer)
        order by day, station_id, service
        on conflict (day, station_id, service, part${dk}) do update set n = rollup_days.n + excluded.n
        returning 1
      ), hours as (
        insert into rollup_hours (${dc}day, station_id, hour, part, n)
        select ${dv}day, station_id, hour, ${part}, n
        from jsonb_to_recordset(${JSON.stringify(t.hours)}::jsonb) as r(day text, station_id text, hour integer, n integer)
        order by day, station_id, hour
        on conflict (day, station_id, hour, part${dk}) do update set n = rollup_hours.n + excluded.n
        returning 1
      )
      select (select count(*) from days) as days, (select count(*) from hours) as hours`.execute(db);
    return;
  }
  for (let i = 0; i < t.days.length; i += UPSERT_ROWS) {
    const json = JSON.stringify(t.days.slice(i, i + UPSERT_ROWS));
    await (
      postgres
        ? sql`insert into rollup_days (${dc}day, station_id, service, part, n)
            select ${dv}day, station_id, service, ${part}, n
            from jsonb_to_recordset(${json}::jsonb) as r(day text, station_id text, service text, n integer)
            order by day, station_id, service
            on conflict (day, station_id, service, part${dk}) do update set n = rollup_days.n + excluded.n`
        : sql`insert into rollup_days (day, station_id, service, n)
            select value ->> 'day', value ->> 'station_id', value ->> 'service', value ->> 'n'
            from json_each(${json}) where true
            on conflict (day, station_id, service, part) do update set n = rollup_days.n + excluded.n`
    ).execute(db);
  }
  for (let i = 0; i < t.hours.length; i += UPSERT_ROWS) {
    const json = JSON.stringify(t.hours.slice(i, i + UPSERT_ROWS));
    await (
      postgres
        ? sql`insert into rollup_hours (${dc}day, station_id, hour, part, n)
            select ${dv}day, station_id, hour, ${part}, n
            from jsonb_to_recordset(${json}::jsonb) as r(day text, station_id text, hour integer, n integer)
            order by day, station_id, hour
            on conflict (day, station_id, hour, part${dk}) do update set n = rollup_hours.n + excluded.n`
        : sql`insert into rollup_hours (day, station_id, hour, n)
            select value ->> 'day', value ->> 'station_id', value ->> 'hour', value ->> 'n'
            from json_each(${json}) where true
            on conflict (day, station_id, hour, part) do update set n = rollup_hours.n + excluded.n`
    ).execute(db);
  }
}

/** Counts visits just inserted, inside the transaction that inserted them. */
export async function addToRollups(trx: Transaction<Db>, visits: readonly CountedVisit[]): Promise<void> {
  if (visits.length === 0 || !rollupSwitch.enabled) return;
  // A rebuild cannot run meanwhile: the visits' feed positions were taken first, which on PostgreSQL
  // holds the feed writers' lock that a rebuild takes alone (feed.ts).
  await upsert(trx, tally(visits, await storedZone(trx)));
}

/**
 * Recounts every rollup from the raw visits, in `zone` (default: the zone they are kept in),
 * in one transaction that first stops the feed's writers: pushes wait meanwhile, so none
 * is counted twice or missed. Answers how many visits it counted.
 */
export async function rebuildRollups(db: Kysely<Db>, zone?: string): Promise<number> {
  const target = zone ?? (await storedZone(db));
  const counted = await db.transaction().execute(async (trx) => {
    await stopFeedWriters(trx);
    return recountRollups(trx, target);
  });
  zones.set(db.getExecutor().adapter, target);
  return counted;
}

/** The recount itself, on `db` as given (a transaction, or a migration's connection); answers the visits counted. */
export async function recountRollups(db: Kysely<Db>, zone: string): Promise<number> {
  await db.deleteFrom('rollup_days').execute();
  await db.deleteFrom('rollup_hours').execute();
  let total = 0;
  const days = new Map<string, number>();
  const hours = new Map<string, number>();
  for (let after = -1; ;) {
    const rows = await db
      .selectFrom('visits')
      .select(['seq', 'station_id', 'created_at', 'services'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    after = Number(rows.at(-1)!.seq);
    total += rows.length;
    for (const r of rows) {
      const { day, hour } = localHour(r.created_at, zone);
      const services = [ALL_VISITS, ...new Set(JSON.parse(r.services) as string[])];
      for (const station of [r.station_id, ALL_STATIONS]) {
        for (const s of services) {
          const key = `${day}\u0000${station}\u0000${s}`;
          days.set(key, (days.get(key) ?? 0) + 1);
        }
        const key = `${day}\u0000${station}\u0000${hour}`;
        hours.set(key, (hours.get(key) ?? 0) + 1);
      }
    }
  }
  const split = (key: string) => key.split('\u0000') as [string, string, string];
  await upsert(db, {
    days: [...days].map(([k, n]) => {
      const [day, station_id, service] = split(k);
      return { day, station_id, service, n };
    }),
    hours: [...hours].map(([k, n]) => {
      const [day, station_id, hour] = split(k);
      return { day, station_id, hour: Number(hour), n };
    }),
  });
  await db
    .insertInto('store_meta')
    .values({ key: ZONE_KEY, value: zone })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: zone }))
    .execute();
  zones.set(db.getExecutor().adapter, zone);
  return total;
}

/** At start: rollups kept in another zone than the server's are rebuilt in its zone; answers true when they were. */
export async function ensureRollupZone(db: Kysely<Db>, zone: string): Promise<boolean> {
  zones.delete(db.getExecutor().adapter);
  if ((await storedZone(db)) === zone) return false;
  await rebuildRollups(db, zone);
  return true;
}

/** The zone rollups are kept in. */
export function rollupZone(db: Kysely<Db>): Promise<string> {
  return storedZone(db);
}

/** A read of rollups: local days `from`…`to` inclusive, one station or all. */
export interface RollupFilter {
  from: string;
  to: string;
  stationId?: string;
}

/**
 * Visits per day, per station, per service (uses, `*` excluded) and per day × hour, from the
 * rollups alone: the district's own rows, or one station's, along the (station, day) indexes.
 */
export async function readRollups(db: Kysely<Db>, f: RollupFilter) {
  const station = f.stationId ?? ALL_STATIONS;
  const days = () =>
    db.selectFrom('rollup_days').where('station_id', '=', station).where('day', '>=', f.from).where('day', '<=', f.to);
  // Every station's visit total along the (service, day) index, which SQLite's planner passes over
  // for a scan of every row of the days (12 times as many) unless told; the district's own rows
  // are dropped below.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const one = f.stationId ? sql`and station_id = ${f.stationId}` : sql``;
  const district = districtOf(db);
  const ours = district ? sql`and district_id = ${sql.lit(district)}` : sql``;
  const perStation = sql<{ station_id: string; n: number }>`select station_id, sum(n) as n
    from rollup_days ${postgres ? sql`` : sql`indexed by rollup_days_service`}
    where service = ${ALL_VISITS} and day >= ${f.from} and day <= ${f.to} ${one} ${ours}
    group by station_id`;
  const [perDay, stations, perService, perHour] = await Promise.all([
    // Sums: the district's rows come in parts.
    days()
      .select((eb) => ['day', eb.fn.sum<number>('n').as('n')])
      .where('service', '=', ALL_VISITS)
      .groupBy('day')
      .orderBy('day')
      .execute(),
    perStation.execute(db).then((r) => r.rows),
    days()
      .select((eb) => ['service', eb.fn.sum<number>('n').as('n')])
      .where('service', '<>', ALL_VISITS)
      .groupBy('service')
      .execute(),
    db
      .selectFrom('rollup_hours')
      .select((eb) => ['day', 'hour', eb.fn.sum<number>('n').as('n')])
      .where('station_id', '=', station)
      .where('day', '>=', f.from)
      .where('day', '<=', f.to)
      .groupBy(['day', 'hour'])
      .execute(),
  ]);
  return {
    perDay: perDay.map((r) => ({ day: r.day, n: Number(r.n) })),
    perStation: stations
      .filter((r) => r.station_id !== ALL_STATIONS)
      .map((r) => ({ stationId: r.station_id, n: Number(r.n) })),
    perService: perService.map((r) => ({ service: r.service, n: Number(r.n) })),
    perDayHour: perHour.map((r) => ({ day: r.day, hour: Number(r.hour), n: Number(r.n) })),
  };
}
