/** Table types for Kysely. Times are ISO 8601 UTC strings; lists are JSON text, so both dialects store them alike. */
import type { Generated } from 'kysely';

export interface StationsTable {
  id: string;
  name: string;
  kind: 'hub' | 'branch';
  services: string;
  created_at: string;
  retention_days: number | null;
}

export interface EnrollCodesTable {
  code_hash: string;
  station_id: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
  device_id: string | null;
}

export interface DevicesTable {
  id: string;
  station_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  clock_offset_ms: number | null;
  receipt_seq: number | null;
  app_version: string | null;
  queue_depth: number | null;
  oldest_pending_at: string | null;
  storage_persisted: number | null;
  storage_used: number | null;
  storage_quota: number | null;
  heartbeat_at: string | null;
  local_receipts: number | null;
}

export interface VisitsTable {
  seq: Generated<number>;
  id: string;
  station_id: string;
  device_id: string;
  created_at: string;
  received_at: string;
  services: string;
  phone: string | null;
  member_id: string | null;
  receipt_seq: number | null;
}

export interface ChangeLogTable {
  seq: Generated<number>;
  station_id: string | null;
  kind: string;
  record_id: string;
  payload: string;
  created_at: string;
}

export interface AdminsTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: string;
}

export interface AdminSessionsTable {
  token_hash: string;
  admin_id: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface Db {
  stations: StationsTable;
  enroll_codes: EnrollCodesTable;
  devices: DevicesTable;
  visits: VisitsTable;
  change_log: ChangeLogTable;
  admins: AdminsTable;
  admin_sessions: AdminSessionsTable;
  api_tokens: ApiTokensTable;
}
