/** Forward-only migrations, written with Kysely's schema builder so they run on SQLite and PostgreSQL alike. */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { randomBytes } from 'node:crypto';
import { parseInstant } from '../../src/protocol/instant';
import { plainContentHash } from './content-hash';
import { sealPhonesAtRest } from './migration-sealed-phones';
import { DISTRICT_ID_PATTERN, DISTRICT_META_KEY, DISTRICT_TABLES } from './district-key';
import { backfillStationEntries } from './station-directory';
import type { Dialect } from './open-database';
import type { Db } from './schema';

function migrations(dialect: Dialect): Record<string, Migration> {
  // The column types the two engines spell differently, chosen here once: an auto-numbered key,
  // and instants (timestamptz on PostgreSQL; on SQLite ISO text in UTC, which sorts as time).
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    '0001-initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('stations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('services', 'text', (c) => c.notNull())
          .addColumn('created_at', instant, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('enroll_codes')
          .addColumn('code_hash', 'text', (c) => c.primaryKey())
          .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
          .addColumn('expires_at', instant, (c) => c.notNull())
          .addColumn('used_at', instant)
          .addColumn('created_at', instant, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('devices')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', instant, (c) => c.notNull())
          .addColumn('last_seen_at', instant)
          .addColumn('revoked_at', instant)
          .addColumn('clock_offset_ms', 'bigint')
          .execute();
        await db.schema
          .createTable('visits')
          .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
          .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
          .addColumn('created_at', instant, (c) => c.notNull())
          .addColumn('received_at', instant, (c) => c.notNull())
          .addColumn('services', 'text', (c) => c.notNull())
          .addColumn('phone', 'text')
          .addColumn('member_id', 'text')
          .execute();
        await db.schema
          .createIndex('visits_station_created')
          .on('visits')
          .columns(['station_id', 'created_at'])
          .execute();
        await db.schema.createIndex('visits_created').on('visits').column('created_at').execute();
        await db.schema
          .createTable('change_log')
          .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('station_id', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('created_at', instant, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('admins')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', instant, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('admin_sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('admin_id', 'text', (c) => c.notNull().references('admins.id'))
          .addColumn('expires_at', instant, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', instant, (c) => c.notNull())
          .addColumn('revoked_at', instant)
          .execute();
      },
    },
    '0002-receipts-and-heartbeat': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('visits').addColumn('receipt_seq', 'bigint').execute();
        await db.schema.alterTable('enroll_codes').addColumn('device_id', 'text').execute();
        await db.schema.alterTable('stations').addColumn('retention_days', 'integer').execute();
        const deviceColumns: [string, 'bigint' | 'text' | 'integer' | 'timestamptz' | 'boolean'][] = [
          ['receipt_seq', 'bigint'],
          ['app_version', 'text'],
          ['queue_depth', 'integer'],
          ['oldest_pending_at', instant],
          ['storage_persisted', dialect === 'postgres' ? 'boolean' : 'integer'],
          ['storage_used', 'bigint'],
          ['storage_quota', 'bigint'],
          ['heartbeat_at', instant],
          ['local_receipts', 'bigint'],
        ];
        for (const [name, type] of deviceColumns) {
          await db.schema.alterTable('devices').addColumn(name, type).execute();
        }
        // Visits stored before receipts existed get them in the order the server took them.
        await sql`update visits set receipt_seq = (select count(*) from visits v2 where v2.device_id = visits.device_id and v2.seq <= visits.seq)`.execute(
          db,
        );
        await sql`update devices set receipt_seq = (select count(*) from visits where visits.device_id = devices.id)`.execute(
          db,
        );
        await db.schema
          .createIndex('visits_device_receipt')
          .on('visits')
          .columns(['device_id', 'receipt_seq'])
          .execute();
      },
    },
    '0003-drop-unused-receipt-index': {
      // Nothing reads visits by (device, receipt); the index only slowed every push.
      async up(db: Kysely<unknown>) {
        await db.schema.dropIndex('visits_device_receipt').execute();
      },
    },
    '0004-sync-rails': {
      // One ledger for every kind, versioned records, a commit-ordered feed counter and a store epoch.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('changes')
          .addColumn('change_id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('device_id', 'text')
          .addColumn('receipt', 'bigint')
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('version', 'integer')
          .addColumn('received_at', instant, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('changes_device_receipt').on('changes').columns(['device_id', 'receipt']).execute();
        await db.schema
          .createTable('records')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('body', 'text')
          .addColumn('created_at', instant, (c) => c.notNull())
          .addColumn('updated_at', instant, (c) => c.notNull())
          .addColumn('feed_seq', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('records_pk', ['kind', 'id'])
          .execute();
        await db.schema.createIndex('records_kind_feed').on('records').columns(['kind', 'feed_seq']).execute();
        await db.schema
          .createTable('feed_counter')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('store_meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('discarded')
          .addColumn('change_id', 'text', (c) => c.primaryKey())
          .addColumn('device_id', 'text', (c) => c.notNull())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('discarded_at', instant, (c) => c.notNull())
          .addColumn('reported_at', instant, (c) => c.notNull())
          .execute();
        await db.schema
          .alterTable('change_log')
          .addColumn('op', 'text', (c) => c.notNull().defaultTo('put'))
          .execute();
        await db.schema.alterTable('change_log').addColumn('version', 'integer').execute();
        await db.schema.createIndex('change_log_station_seq').on('change_log').columns(['station_id', 'seq']).execute();
        const deviceColumns: [string, 'bigint' | 'text' | 'integer' | 'timestamptz'][] = [
          ['device_key', 'text'],
          ['local_confirmed', 'bigint'],
          ['quarantined', 'integer'],
          ['oldest_refused_at', instant],
          ['resync_at', instant],
          ['reenroll_at', instant],
        ];
        for (const [name, type] of deviceColumns) {
          await db.schema.alterTable('devices').addColumn(name, type).execute();
        }
        // Devices enrolled before device keys keep signing with their token's hash until re-enrolled.
        // Visits already stored join the ledger with the hash of their stored content.
        const visits = db as unknown as Kysely<{
          visits: {
            seq: number;
            id: string;
            station_id: string;
            device_id: string;
            created_at: string;
            received_at: string;
            services: string;
            phone: string | null;
            member_id: string | null;
            receipt_seq: number | null;
          };
          changes: Record<string, unknown>;
        }>;
        for (let after = -1; ;) {
          const rows = await visits
            .selectFrom('visits')
            .selectAll()
            .where('seq', '>', after)
            .orderBy('seq')
            .limit(500)
            .execute();
          if (rows.length === 0) break;
          after = Number(rows.at(-1)!.seq);
          // Times were stored as sent; compare instants from now on, not text.
          for (const r of rows) {
            const parsed = parseInstant(r.created_at);
            if (parsed.ok && parsed.value !== r.created_at) {
              r.created_at = parsed.value;
              await visits.updateTable('visits').set({ created_at: parsed.value }).where('id', '=', r.id).execute();
            }
          }
          await visits
            .insertInto('changes')
            .values(
              rows.map((r) => ({
                change_id: r.id,
                kind: 'visit',
                record_id: r.id,
                station_id: r.station_id,
                device_id: r.device_id,
                receipt: r.receipt_seq,
                version: null,
                received_at: r.received_at,
                content_hash: plainContentHash({
                  kind: 'visit',
                  op: 'put',
                  baseVersion: null,
                  record: {
                    id: r.id,
                    createdAt: r.created_at,
                    services: JSON.parse(r.services) as unknown,
                    phone: r.phone,
                    memberId: r.member_id,
                  },
                }),
              })),
            )
            .execute();
        }
        // The feed counter starts above every sequence number handed out so far, so old cursors stay valid.
        await sql`insert into feed_counter (id, seq) values (1, (select max(m) from (
          select coalesce(max(seq), 0) as m from visits union all select coalesce(max(seq), 0) as m from change_log) t))`.execute(
          db,
        );
        await sql`insert into store_meta (key, value) values ('epoch', ${newEpoch()}), ('restored', '0')`.execute(db);
      },
    },
    '0005-visit-services': {
      // Filtering visits by service went through LIKE over the JSON list: no index could serve it.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('visit_services')
          .addColumn('service', 'text', (c) => c.notNull())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('visit_services_pk', ['service', 'seq'])
          .execute();
        const visits = db as unknown as Kysely<{
          visits: { seq: number; services: string };
          visit_services: { service: string; seq: number };
        }>;
        for (let after = -1; ;) {
          const rows = await visits
            .selectFrom('visits')
            .select(['seq', 'services'])
            .where('seq', '>', after)
            .orderBy('seq')
            .limit(1000)
            .execute();
          if (rows.length === 0) break;
          after = Number(rows.at(-1)!.seq);
          const values = rows.flatMap((r) =>
            (JSON.parse(r.services) as string[]).map((service) => ({ service, seq: Number(r.seq) })),
          );
          for (let i = 0; i < values.length; i += 500) {
            await visits
              .insertInto('visit_services')
              .values(values.slice(i, i + 500))
              .execute();
          }
        }
      },
    },
    '0006-people': {
      // Index tables beside `records` for members, sign-ups and attendance: the console searches and
      // filters on them, push counts an event's seats and finds a phone's first registration through them.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('members')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('member_no', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('phone_last4', 'text', (c) => c.notNull())
          .addColumn('phone_key', 'text', (c) => c.notNull())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('occupation', 'text', (c) => c.notNull())
          .addColumn('platform', 'text')
          .addColumn('party_member', 'integer', (c) => c.notNull())
          .addColumn('mobile_party', 'integer', (c) => c.notNull())
          .addColumn('home_org', 'text')
          .addColumn('branch_id', 'text')
          .addColumn('merged_into', 'text')
          .addColumn('created_at', instant, (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        for (const column of ['member_no', 'phone_last4', 'station_id', 'merged_into', 'branch_id']) {
          await db.schema.createIndex(`members_${column}`).on('members').column(column).execute();
        }
        // The first member registered with a phone: a later registration of it merges into this one.
        await db.schema
          .createTable('member_phones')
          .addColumn('phone_key', 'text', (c) => c.primaryKey())
          .addColumn('member_id', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('signups')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('member_id', 'text', (c) => c.notNull())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('waitlist_position', 'integer')
          .addColumn('same_as', 'text')
          .addColumn('created_at', instant, (c) => c.notNull())
          .addColumn('received_at', instant, (c) => c.notNull())
          .addColumn('decided_at', instant)
          // The feed position of the first copy: the order the server received sign-ups in.
          .addColumn('received_seq', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('signups_event_status')
          .on('signups')
          .columns(['event_id', 'status', 'received_seq'])
          .execute();
        await db.schema.createIndex('signups_member').on('signups').column('member_id').execute();
        await db.schema
          .createTable('attendance')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('member_id', 'text')
          .addColumn('count', 'integer', (c) => c.notNull())
          .addColumn('withdraws', 'text')
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('created_at', instant, (c) => c.notNull())
          .addColumn('received_at', instant, (c) => c.notNull())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('attendance_event').on('attendance').columns(['event_id', 'seq']).execute();
        await db.schema.createIndex('attendance_member').on('attendance').column('member_id').execute();
        await db.schema.createIndex('visits_member').on('visits').column('member_id').execute();
      },
    },
    '0007-security': {
      // Throttle counters shared by every server process, the audit log, and API token expiry and scopes.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('throttle_counters')
          .addColumn('throttle_key', 'text', (c) => c.primaryKey())
          .addColumn('points', 'bigint', (c) => c.notNull())
          // Epoch milliseconds (compared with the server's clock as numbers), null for never.
          .addColumn('expires_ms', 'bigint')
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('at', instant, (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('detail', 'text')
          .addColumn('address', 'text')
          .execute();
        await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
        await db.schema.alterTable('api_tokens').addColumn('expires_at', instant).execute();
        // Tokens made before scopes existed may export, but not clear phone numbers.
        await db.schema
          .alterTable('api_tokens')
          .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('export'))
          .execute();
        await db.schema.createIndex('admin_sessions_expires').on('admin_sessions').column('expires_at').execute();
      },
    },
    '0008-suggestion-codes': {
      // A suggestion's receipt code is made offline; the first suggestion to reach the server holds it.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('suggestion_codes')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('suggestion_id', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0010-station-directory': {
      // Every kiosk of the district pulls the stations' directory entries: put the existing stations' on the feed.
      async up(db: Kysely<unknown>) {
        await backfillStationEntries(db, new Date().toISOString());
      },
    },
    '0011-suggestion-photos': {
      // Suggestions' photos (uploaded after the record, idempotent by attachment id), the index the
      // console's queue filters and sorts on, and, for suggestions made before, the district's
      // status view on the feed (so any kiosk finds them by receipt code).
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('suggestion_photos')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('suggestion_id', 'text', (c) => c.notNull().unique())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('device_id', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
          .addColumn('received_at', instant, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('suggestion_index')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('assigned_to', 'text')
          .addColumn('created_at', instant, (c) => c.notNull())
          .addColumn('updated_at', instant, (c) => c.notNull())
          .execute();
        for (const column of ['status', 'category', 'station_id', 'created_at']) {
          await db.schema.createIndex(`suggestion_index_${column}`).on('suggestion_index').column(column).execute();
        }
        const old = db as Kysely<{
          records: {
            kind: string;
            id: string;
            station_id: string;
            version: number;
            body: string | null;
            updated_at: string;
            feed_seq: number;
          };
          stations: { id: string; name: string };
          feed_counter: { id: number; seq: number };
          change_log: {
            seq: number;
            station_id: string | null;
            kind: string;
            op: string;
            version: number | null;
            record_id: string;
            payload: string;
            created_at: string;
          };
          suggestion_index: {
            id: string;
            station_id: string;
            category: string;
            status: string;
            assigned_to: string | null;
            created_at: string;
            updated_at: string;
          };
        }>;
        const rows = await old
          .selectFrom('records')
          .leftJoin('stations', 'stations.id', 'records.station_id')
          .select([
            'records.id',
            'records.station_id',
            'records.version',
            'records.body',
            'records.updated_at',
            'stations.name',
          ])
          .where('records.kind', '=', 'suggestion')
          .where('records.body', 'is not', null)
          .orderBy('records.feed_seq')
          .execute();
        if (rows.length === 0) return;
        const counter = await old
          .updateTable('feed_counter')
          .set((eb) => ({ seq: eb('seq', '+', rows.length) }))
          .where('id', '=', 1)
          .returning('seq')
          .executeTakeFirstOrThrow();
        let seq = Number(counter.seq) - rows.length + 1;
        const now = new Date().toISOString();
        for (const r of rows) {
          const s = JSON.parse(r.body!) as Record<string, string | undefined>;
          const at = String(r.updated_at);
          await old
            .insertInto('suggestion_index')
            .values({
              id: r.id,
              station_id: r.station_id,
              category: s.category!,
              status: s.status!,
              assigned_to: s.assignedTo ?? null,
              created_at: s.createdAt!,
              updated_at: at,
            })
            .execute();
          const view = {
            id: r.id,
            receiptCode: s.receiptCode,
            createdAt: s.createdAt,
            category: s.category,
            status: s.status,
            ...(s.reply !== undefined ? { reply: s.reply } : {}),
            ...(s.repliedAt !== undefined ? { repliedAt: s.repliedAt } : {}),
            ...(r.name ? { stationName: r.name } : {}),
          };
          await old
            .insertInto('change_log')
            .values({
              seq: seq++,
              station_id: null,
              kind: 'suggestion_status',
              op: 'put',
              version: Number(r.version),
              record_id: r.id,
              payload: JSON.stringify(view),
              created_at: now,
            })
            .execute();
        }
      },
    },
    '0012-rollups': {
      // Visit counts the dashboard reads (server/store/rollups.ts), counted here from the visits already
      // stored, in the default zone; a server set to another zone rebuilds them when it starts.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('rollup_days')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('service', 'text', (c) => c.notNull())
          .addColumn('n', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('rollup_days_pk', ['day', 'station_id', 'service'])
          .execute();
        // Indexes for the dashboard's reads: one station's (or the district's) days, and every
        // station's visit totals over a range of days. Not on `n`: every push updates `n`, and an
        // update that touches no indexed column stays in its page on PostgreSQL (HOT) and updates
        // no index on either engine.
        await db.schema
          .createIndex('rollup_days_station')
          .on('rollup_days')
          .columns(['station_id', 'day', 'service'])
          .execute();
        await db.schema
          .createIndex('rollup_days_service')
          .on('rollup_days')
          .columns(['service', 'day', 'station_id'])
          .execute();
        await db.schema
          .createTable('rollup_hours')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addColumn('hour', 'integer', (c) => c.notNull())
          .addColumn('n', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('rollup_hours_pk', ['day', 'station_id', 'hour'])
          .execute();
        await db.schema
          .createIndex('rollup_hours_station')
          .on('rollup_hours')
          .columns(['station_id', 'day', 'hour'])
          .execute();
        // Counted from the stored visits by 0016, which gives these tables their final shape.
      },
    },
    '0013-roles': {
      // Every admin so far could do everything: they stay district admins. A manager's stations are rows.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('admins')
          .addColumn('role', 'text', (c) => c.notNull().defaultTo('district'))
          .execute();
        await db.schema
          .createTable('admin_stations')
          .addColumn('admin_id', 'text', (c) => c.notNull())
          .addColumn('station_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('admin_stations_pk', ['admin_id', 'station_id'])
          .execute();
        await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'seq']).execute();
        await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
      },
    },
    '0014-sealed-phones': {
      // Phones sealed under the server secret; phone index and ledger hashes keyed (server/store/migration-sealed-phones.ts).
      up: sealPhonesAtRest,
    },
    '0015-pin-resets': {
      // How many host-PIN reset codes each device was given (src/protocol/pin-reset.ts).
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('devices')
          .addColumn('pin_resets', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0016-concurrent-feed': {
      // PostgreSQL: feed positions from a sequence, read up to the settled position (server/store/feed.ts),
      // instead of one counter row every push held to its commit. It starts above every position handed
      // out, so cursors stay valid. It must keep CACHE 1 (the default): a session's cached values would
      // be handed out after the reader saw a higher last value.
      // Both engines: the district's rollup rows get a `part`, so concurrent pushes add to different rows
      // (server/store/rollups.ts); a station's rows, and every row on SQLite, stay in part 0. The tables
      // are made again and recounted from the visits.
      async up(db: Kysely<unknown>) {
        if (dialect === 'postgres') {
          await sql`create sequence feed_seq as bigint cache 1`.execute(db);
          await sql`select setval('feed_seq', greatest(seq, 1), seq > 0) from feed_counter where id = 1`.execute(db);
        }
        for (const [table, key] of [
          ['rollup_days', 'service'],
          ['rollup_hours', 'hour'],
        ] as const) {
          await db.schema.dropTable(table).execute();
          await db.schema
            .createTable(table)
            .addColumn('day', 'text', (c) => c.notNull())
            .addColumn('station_id', 'text', (c) => c.notNull())
            .addColumn(key, key === 'hour' ? 'integer' : 'text', (c) => c.notNull())
            .addColumn('part', 'integer', (c) => c.notNull().defaultTo(0))
            .addColumn('n', 'integer', (c) => c.notNull())
            .addPrimaryKeyConstraint(`${table}_pk`, ['day', 'station_id', key, 'part'])
            .execute();
        }
        // The read indexes of 0012, again.
        await db.schema
          .createIndex('rollup_days_station')
          .on('rollup_days')
          .columns(['station_id', 'day', 'service'])
          .execute();
        await db.schema
          .createIndex('rollup_days_service')
          .on('rollup_days')
          .columns(['service', 'day', 'station_id'])
          .execute();
        await db.schema
          .createIndex('rollup_hours_station')
          .on('rollup_hours')
          .columns(['station_id', 'day', 'hour'])
          .execute();
        // Counted from the stored visits, in the zone they were kept in (a server set to another
        // rebuilds them when it starts). Loaded here: rollups reach the feed, which imports this module.
        const { recountRollups, DEFAULT_ROLLUP_ZONE } = await import('./rollups');
        const kept = await sql<{ value: string }>`select value from store_meta where key = 'rollup_zone'`.execute(db);
        await recountRollups(db as Kysely<Db>, kept.rows[0]?.value ?? DEFAULT_ROLLUP_ZONE);
      },
    },
    '0017-district-key': {
      // PostgreSQL: the district key (server/store/district-key.ts). Each table a district's kiosks
      // write gets `district_id`, filled with this store's id (new, random), and it joins the table's
      // primary key and every unique key, as a table distributed by district needs. It goes last: a
      // look-up by id keeps the id leading the index, whatever the planner knows of the table (first,
      // a prepared ledger look-up planned on a new, empty table scanned the whole district). Keys keep
      // their names. SQLite holds one district by construction: nothing changes there.
      async up(db: Kysely<unknown>) {
        if (dialect !== 'postgres') return;
        // A restore of a backup from before this migration puts the district's id back first (backup.ts).
        const kept = await sql<{
          value: string;
        }>`select value from store_meta where key = ${DISTRICT_META_KEY}`.execute(db);
        const district = kept.rows[0]?.value ?? `d${randomBytes(5).toString('hex')}`;
        if (!DISTRICT_ID_PATTERN.test(district)) throw new Error(`store_meta holds no district id: ${district}`);
        if (!kept.rows[0]) {
          await sql`insert into store_meta (key, value) values (${DISTRICT_META_KEY}, ${district})`.execute(db);
        }
        for (const table of DISTRICT_TABLES) {
          const t = sql.table(table);
          // A constant default fills the rows already there without rewriting them; dropped after,
          // so a statement that forgets the district fails instead of landing in this one.
          await sql`alter table ${t} add column district_id text not null default ${sql.lit(district)}`.execute(db);
          await sql`alter table ${t} alter column district_id drop default`.execute(db);
          const { rows: keys } = await sql<{ name: string; type: 'p' | 'u'; columns: string[] }>`
            select c.conname as name, c.contype as type,
              array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns
            from pg_constraint c
            where c.conrelid = ${table}::regclass and c.contype in ('p', 'u')`.execute(db);
          for (const key of keys) {
            const columns = sql.join([...key.columns.map((c) => sql.ref(c)), sql.ref('district_id')]);
            const kind = key.type === 'p' ? sql`primary key` : sql`unique`;
            await sql`alter table ${t} drop constraint ${sql.id(key.name)},
              add constraint ${sql.id(key.name)} ${kind} (${columns})`.execute(db);
          }
        }
      },
    },
  };
}

/** A fresh store epoch: short, random, safe in a URL. */
export function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * Brings the database up to the newest schema (or only up to `target`, for
 * upgrade tests); throws with the failing migration's error. On PostgreSQL the
 * migration tables live in the schema the connection works in (Kysely would
 * otherwise find another schema's and skip making its own), and Kysely holds an
 * advisory lock, so processes starting together migrate once.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: Dialect,
  target?: string,
  schema?: string,
): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    // No migration named: the migrator could not even read or make its own table (rights, schema).
    const which = failed ? `migration ${failed}` : 'migrations could not start';
    throw new Error(`Database ${which}: ${String(error)}`, { cause: error });
  }
}
