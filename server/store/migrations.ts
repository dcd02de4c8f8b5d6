/** Forward-only migrations, written with Kysely's schema builder so they run on SQLite and PostgreSQL alike. */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './open-database';

function migrations(dialect: Dialect): Record<string, Migration> {
  // An auto-numbered key is the one column type the two dialects spell differently.
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  return {
    '0001-initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('stations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('services', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('enroll_codes')
          .addColumn('code_hash', 'text', (c) => c.primaryKey())
          .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('used_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('devices')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text')
          .addColumn('revoked_at', 'text')
          .addColumn('clock_offset_ms', 'bigint')
          .execute();
        await db.schema
          .createTable('visits')
          .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
          .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
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
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('admins')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('admin_sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('admin_id', 'text', (c) => c.notNull().references('admins.id'))
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
      },
    },
    '0002-receipts-and-heartbeat': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('visits').addColumn('receipt_seq', 'bigint').execute();
        await db.schema.alterTable('enroll_codes').addColumn('device_id', 'text').execute();
        await db.schema.alterTable('stations').addColumn('retention_days', 'integer').execute();
        const deviceColumns: [string, 'bigint' | 'text' | 'integer'][] = [
          ['receipt_seq', 'bigint'],
          ['app_version', 'text'],
          ['queue_depth', 'integer'],
          ['oldest_pending_at', 'text'],
          ['storage_persisted', 'integer'],
          ['storage_used', 'bigint'],
          ['storage_quota', 'bigint'],
          ['heartbeat_at', 'text'],
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
  };
}

/** Brings the database up to the newest schema (or only up to `target`, for upgrade tests); throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect, target?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}
