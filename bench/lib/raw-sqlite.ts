/**
 * The storage floor for the drain: the same visit rows inserted straight
 * through better-sqlite3 (one prepared statement, 200-row transactions), with
 * the server's durability (`journal_mode=WAL`, `synchronous=FULL`), into a
 * table made from the server's own `visits` DDL and indexes, on the same disk.
 * Foreign keys are not enforced (there are no stations or devices to check).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../server/store/schema';
import { uuid7 } from '../../src/protocol/uuid7';
import { benchVisit } from './visits';

/** The batch size of a kiosk's drain (MAX_BATCH_CHANGES). */
const BATCH = 200;

export interface RawSqlite {
  /** Inserts n new visit rows in 200-row transactions; answers rows per second (row preparation untimed). */
  insertRate(n: number): number;
  close(): void;
}

/** Opens `raw-visits.sqlite` in `dir` with a `visits` table shaped like the server's (read from `server`). */
export async function openRawSqlite(dir: string, server: Kysely<Db>): Promise<RawSqlite> {
  const ddl = await sql<{ sql: string }>`select sql from sqlite_master where tbl_name = 'visits' and sql is not null
    order by type desc`.execute(server);
  const db = new Database(join(dir, 'raw-visits.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // better-sqlite3 turns foreign keys on by default; the raw table has no stations or devices to point at.
  db.pragma('foreign_keys = OFF');
  for (const { sql: statement } of ddl.rows) db.exec(statement);
  const columns = [
    'seq',
    'id',
    'station_id',
    'device_id',
    'created_at',
    'received_at',
    'services',
    'phone',
    'member_id',
    'receipt_seq',
  ];
  const insert = db.prepare(`insert into visits (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const insertBatch = db.transaction((rows: unknown[][]) => {
    for (const row of rows) insert.run(row);
  });
  const stationId = uuid7();
  const deviceId = uuid7();
  let seq = 0;
  return {
    insertRate(n) {
      const receivedAt = new Date().toISOString();
      const rows = Array.from({ length: n }, (_, i) => {
        const v = benchVisit(i);
        seq++;
        return [
          seq,
          v.id,
          stationId,
          deviceId,
          v.createdAt,
          receivedAt,
          JSON.stringify(v.services),
          v.phone,
          v.memberId,
          seq,
        ];
      });
      const t = performance.now();
      for (let i = 0; i < n; i += BATCH) insertBatch(rows.slice(i, i + BATCH));
      return (n / (performance.now() - t)) * 1000;
    },
    close: () => db.close(),
  };
}
