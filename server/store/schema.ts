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
  /** 0/1 on SQLite, a boolean on PostgreSQL (server/store/encoding.ts). */
  storage_persisted: number | boolean | null;
  storage_used: number | null;
  storage_quota: number | null;
  heartbeat_at: string | null;
  local_receipts: number | null;
  /** Key that signs this device's transfer files; survives re-enrollment (token changes). */
  device_key: string | null;
  /** Host-PIN reset codes issued so far; the next is number pin_resets + 1. */
  pin_resets: Generated<number>;
  /** How many confirmed changes the kiosk says it holds (with its queue, compared with receipt_seq). */
  local_confirmed: number | null;
  quarantined: number | null;
  oldest_refused_at: string | null;
  /** Set when the kiosk was told to push again all it holds (restore, lost server data); cleared once caught up. */
  resync_at: string | null;
  /** Set when a re-enrollment code was made for this device: its storage is expected to be empty. */
  reenroll_at: string | null;
}

export interface VisitsTable {
  /** The export cursor: a feed position (server/store/feed.ts), read only up to the settled one. */
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
}

/** One row per service of a visit (by the visit's seq): filters by service use its index. */
export interface VisitServicesTable {
  service: string;
  seq: number;
}

/** The pull feed: what kiosks receive, by feed position (server/store/feed.ts: no reader skips one). */
export interface ChangeLogTable {
  seq: number;
  station_id: string | null;
  kind: string;
  op: string;
  version: number | null;
  record_id: string;
  payload: string;
  created_at: string;
}

/** The ledger: every accepted change of every kind, the one place for duplicates, attribution and receipts. */
export interface ChangesTable {
  change_id: string;
  kind: string;
  record_id: string;
  station_id: string;
  /** Null for changes made in the console. */
  device_id: string | null;
  receipt: number | null;
  content_hash: string;
  /** Versioned kinds: the record's version this change produced. */
  version: number | null;
  received_at: string;
}

/** The current state of versioned (and generic append-only) records; `body` is the record's JSON, null once deleted. */
export interface RecordsTable {
  kind: string;
  id: string;
  station_id: string;
  version: number;
  body: string | null;
  created_at: string;
  updated_at: string;
  feed_seq: number;
}

/** One row (id 1): SQLite's feed positions, taken inside each writing transaction (PostgreSQL uses the `feed_seq` sequence). */
export interface FeedCounterTable {
  id: number;
  seq: number;
}

/** Small facts about the store itself (its epoch). */
export interface StoreMetaTable {
  key: string;
  value: string;
}

/** Changes a kiosk's host discarded after the server refused them: kept, visible to the admin, never silently gone. */
export interface DiscardedTable {
  change_id: string;
  device_id: string;
  station_id: string;
  kind: string;
  record_id: string;
  reason: string;
  body: string;
  discarded_at: string;
  reported_at: string;
}

export interface AdminsTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: string;
  /** district, manager or viewer (src/protocol/roles.ts); admins made before roles are district admins. */
  role: Generated<string>;
}

/** The stations a manager manages (one row each). */
export interface AdminStationsTable {
  admin_id: string;
  station_id: string;
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
  /** Null for a token that never expires (none made since 0007 are). */
  expires_at: string | null;
  /** Space-separated: `export`, `export:phones`. */
  scopes: string;
}

/** Counters of rate-limiter-flexible (server/store/throttle-store.ts), shared by every server process. */
export interface ThrottleCountersTable {
  throttle_key: string;
  points: number;
  expires_ms: number | null;
}

/** Who did what, when and from where: sign-ins, token changes, clear-phone exports. */
export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
  address: string | null;
}

/** The member index beside `records`: what the console searches and filters on, and push finds phones by. */
export interface MembersTable {
  id: string;
  member_no: string;
  name: string;
  phone_last4: string;
  /** A keyed hash of the phone (never the phone itself): finds a phone's other registrations. */
  phone_key: string;
  station_id: string;
  occupation: string;
  platform: string | null;
  /** 0/1 on both engines. */
  party_member: number;
  mobile_party: number;
  home_org: string | null;
  branch_id: string | null;
  /** The surviving member (always the final one: merges re-point chains). */
  merged_into: string | null;
  created_at: string;
  version: number;
}

/** Each phone's first registration: a later one of the same phone merges into it. */
export interface SuggestionCodesTable {
  code: string;
  suggestion_id: string;
}

/** A suggestion's photo (one per suggestion), stored in the database itself. */
export interface SuggestionPhotosTable {
  id: string;
  suggestion_id: string;
  station_id: string;
  device_id: string;
  type: string;
  size: number;
  sha256: string;
  bytes: Uint8Array;
  received_at: string;
}

/** The suggestion index beside `records`: the console's queue filters and sorts on it. */
export interface SuggestionIndexTable {
  id: string;
  station_id: string;
  category: string;
  status: string;
  assigned_to: string | null;
  created_at: string;
  updated_at: string;
}

export interface MemberPhonesTable {
  phone_key: string;
  member_id: string;
}

/** The sign-up index beside `records`: seats are counted and waitlists ordered on it. */
export interface SignupsTable {
  id: string;
  event_id: string;
  /** As recorded (an alias id stays an alias id; reads resolve it). */
  member_id: string;
  station_id: string;
  status: string;
  waitlist_position: number | null;
  same_as: string | null;
  created_at: string;
  received_at: string;
  decided_at: string | null;
  received_seq: number;
}

/** The attendance index beside `records`. */
export interface AttendanceTable {
  id: string;
  event_id: string;
  member_id: string | null;
  count: number;
  withdraws: string | null;
  station_id: string;
  created_at: string;
  received_at: string;
  seq: number;
}

/** Visits per station × local day × service (`*`: each visit once), kept by push (server/store/rollups.ts). */
export interface RollupDaysTable {
  day: string;
  station_id: string;
  service: string;
  /** District rows only: which of the district's parts (PostgreSQL spreads concurrent pushes over them); 0 otherwise. */
  part: Generated<number>;
  n: number;
}

/** Visits per station × local day × hour (0–23), kept by push. */
export interface RollupHoursTable {
  day: string;
  station_id: string;
  hour: number;
  part: Generated<number>;
  n: number;
}

export interface Db {
  stations: StationsTable;
  enroll_codes: EnrollCodesTable;
  devices: DevicesTable;
  visits: VisitsTable;
  visit_services: VisitServicesTable;
  change_log: ChangeLogTable;
  changes: ChangesTable;
  records: RecordsTable;
  feed_counter: FeedCounterTable;
  store_meta: StoreMetaTable;
  discarded: DiscardedTable;
  admins: AdminsTable;
  admin_sessions: AdminSessionsTable;
  admin_stations: AdminStationsTable;
  api_tokens: ApiTokensTable;
  throttle_counters: ThrottleCountersTable;
  audit_log: AuditLogTable;
  members: MembersTable;
  member_phones: MemberPhonesTable;
  suggestion_codes: SuggestionCodesTable;
  suggestion_photos: SuggestionPhotosTable;
  suggestion_index: SuggestionIndexTable;
  signups: SignupsTable;
  attendance: AttendanceTable;
  rollup_days: RollupDaysTable;
  rollup_hours: RollupHoursTable;
}
