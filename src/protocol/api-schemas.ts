/**
 * Shapes of the public API that no client parses yet but BI tools read from the OpenAPI
 * description (server/routes/openapi.ts): health, the export index, export query parameters
 * and the rows an export holds.
 */
import * as v from 'valibot';
import { SERVICE_IDS } from './services';

/** `GET /health`. */
export const HealthResponseSchema = v.object({
  ok: v.boolean(),
  version: v.string(),
  store: v.picklist(['sqlite', 'postgres']),
  storeAnswers: v.boolean(),
});

/** `GET /export`: the zone `*_local` columns are written in, and the export names. */
export const ExportIndexSchema = v.object({
  timeZone: v.string(),
  exports: v.array(v.string()),
});

/** `POST /sync/discarded`. */
export const DiscardedResponseSchema = v.object({ recorded: v.pipe(v.number(), v.integer(), v.minValue(0)) });

/** `POST /admin/login`. */
export const SignInRequestSchema = v.object({
  username: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  password: v.pipe(v.string(), v.maxLength(1000)),
});

/** The query of `GET /export/<kind>`; the server checks each and answers 400 `bad_query` otherwise. */
export const ExportQuerySchema = v.object({
  /** `<epoch>.<position>` from `X-Next-Cursor`; `0` or absent starts from the beginning. */
  cursor: v.optional(v.pipe(v.string(), v.regex(/^(0|[A-Za-z0-9_-]+\.\d+)$/))),
  /** Rows per page (1–5000), 1000 unless given. */
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,9}$/))),
  /** `excel` only with `all=1` on visits: the people's table (Chinese headers, a 0/1 column per service). */
  format: v.optional(v.picklist(['ndjson', 'csv', 'excel']), 'ndjson'),
  /** `1`: every matching row in one streamed file, no cursor. */
  all: v.optional(v.literal('1')),
  /** With `all=1` on visits: by visit time, oldest or newest first. */
  order: v.optional(v.picklist(['oldest', 'newest'])),
  /** Only this station's rows (a station manager's session: one of theirs). */
  station: v.optional(v.string()),
  /** Visits: only those that used this service. */
  service: v.optional(v.picklist(SERVICE_IDS)),
  /** Visits: made at or after this day (`2024-05-31`) or instant. */
  from: v.optional(v.string()),
  /** Visits: made before this day or instant. */
  to: v.optional(v.string()),
  /** `clear`: phone numbers and names in clear (token scope `export:phones`, or a district admin or manager; audited). */
  phones: v.optional(v.literal('clear')),
});

/** One visit of `GET /export/visits?format=ndjson` (CSV has the same keys as columns; `services` joined by `;`). */
export const VisitExportRowSchema = v.object({
  id: v.string(),
  station_id: v.string(),
  station_name: v.string(),
  device_id: v.string(),
  /** The visit's time in the export's time zone (`GET /export` says which). */
  created_local: v.string(),
  created_at: v.string(),
  received_at: v.string(),
  services: v.array(v.picklist(SERVICE_IDS)),
  services_zh: v.string(),
  /** Masked (`138****5678`) unless `phones=clear`; empty for an anonymous visit. */
  phone: v.string(),
  member_id: v.string(),
  /** `yes` when the kiosk's clock ran fast: its created time cannot be trusted. */
  clock_ahead: v.picklist(['yes', '']),
  member_id_recorded: v.string(),
  device_name: v.string(),
});

/** One record of the other exports (members, events, sign-ups, attendance, wishes, …): readable columns. */
export const RecordExportRowSchema = v.record(v.string(), v.unknown());
