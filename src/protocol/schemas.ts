/**
 * Wire schemas for /api/v1, imported by the kiosk and the server alike so the
 * two cannot drift. Parse at the boundary with `parseWire`; trust types inside.
 */
import * as v from 'valibot';
import { MAX_BATCH_CHANGES } from './limits';
import { SERVICE_IDS } from './services';
import { UUID_PATTERN } from './uuid7';

const IsoTime = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));
const Uuid = v.pipe(v.string(), v.regex(UUID_PATTERN, 'must be a UUID'));

/** A mainland mobile number: 11 digits starting with 1. */
export const PHONE_PATTERN = /^1\d{10}$/;

/** One visit (tap-in) as the kiosk records it. */
export const VisitRecordSchema = v.strictObject({
  id: Uuid,
  createdAt: IsoTime,
  services: v.pipe(
    v.array(v.picklist(SERVICE_IDS, 'is not a known service')),
    v.minLength(1, 'needs at least one service'),
    v.maxLength(SERVICE_IDS.length, 'lists too many services'),
    v.check((s) => new Set(s).size === s.length, 'lists a service twice'),
  ),
  phone: v.nullable(v.pipe(v.string(), v.regex(PHONE_PATTERN, 'must be an 11-digit mobile number'))),
  memberId: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  /** Optional; a record naming another station than the device's is rejected. */
  stationId: v.optional(v.string()),
});
export type VisitRecord = v.InferOutput<typeof VisitRecordSchema>;

/** A change as the envelope carries it; the record is checked per change, by kind. */
export const ChangeSchema = v.object({
  kind: v.string(),
  op: v.string(),
  record: v.looseObject({ id: v.string() }),
});
export type Change = v.InferOutput<typeof ChangeSchema>;

export const PushRequestSchema = v.object({
  batchId: Uuid,
  /** The kiosk's clock when it sent the batch, to measure its offset. */
  sentAt: v.optional(IsoTime),
  changes: v.pipe(
    v.array(ChangeSchema),
    v.maxLength(MAX_BATCH_CHANGES, `a batch holds at most ${MAX_BATCH_CHANGES} changes`),
  ),
});
export type PushRequest = v.InferOutput<typeof PushRequestSchema>;

export const ChangeResultSchema = v.object({
  id: v.string(),
  status: v.picklist(['accepted', 'duplicate', 'rejected']),
  reason: v.optional(v.string()),
  /** The server's receipt: this device's sequence number for the record (accepted and duplicate). */
  receipt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type ChangeResult = v.InferOutput<typeof ChangeResultSchema>;

export const PushResponseSchema = v.object({
  results: v.array(ChangeResultSchema),
  serverTime: IsoTime,
});
export type PushResponse = v.InferOutput<typeof PushResponseSchema>;

/** Station configuration as the server sends it down. */
export const StationRecordSchema = v.object({
  id: v.string(),
  name: v.string(),
  kind: v.picklist(['hub', 'branch']),
  services: v.array(v.picklist(SERVICE_IDS)),
  /** Days a synced visit stays readable on the kiosk; 90 when absent. */
  retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type StationRecord = v.InferOutput<typeof StationRecordSchema>;

export const PullChangeSchema = v.variant('kind', [
  v.object({ kind: v.literal('station'), op: v.literal('put'), record: StationRecordSchema }),
]);
export type PullChange = v.InferOutput<typeof PullChangeSchema>;

export const PullResponseSchema = v.object({
  changes: v.array(PullChangeSchema),
  cursor: v.string(),
  more: v.boolean(),
});
export type PullResponse = v.InferOutput<typeof PullResponseSchema>;

/** What every sync pass reports about the kiosk, so the admin can see a kiosk in trouble. */
export const HeartbeatSchema = v.object({
  sentAt: IsoTime,
  appVersion: v.pipe(v.string(), v.maxLength(40)),
  queueDepth: v.pipe(v.number(), v.integer(), v.minValue(0)),
  oldestPendingAt: v.nullable(IsoTime),
  storagePersisted: v.nullable(v.boolean()),
  storageUsed: v.nullable(v.pipe(v.number(), v.minValue(0))),
  storageQuota: v.nullable(v.pipe(v.number(), v.minValue(0))),
  clockOffsetMs: v.nullable(v.number()),
  /** The highest receipt this kiosk holds; lower than the server's means local data was lost. */
  receiptHighWater: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type Heartbeat = v.InferOutput<typeof HeartbeatSchema>;

export const HeartbeatResponseSchema = v.object({
  serverTime: IsoTime,
  /** How many records the server has confirmed from this device (its highest receipt). */
  confirmed: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type HeartbeatResponse = v.InferOutput<typeof HeartbeatResponseSchema>;

export const EnrollRequestSchema = v.object({
  code: v.pipe(v.string(), v.regex(/^\d{10}$/, 'must be the 10-digit enrollment code')),
  deviceName: v.optional(v.pipe(v.string(), v.maxLength(80))),
});
export type EnrollRequest = v.InferOutput<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = v.object({
  deviceId: v.string(),
  stationId: v.string(),
  token: v.string(),
  station: StationRecordSchema,
});
export type EnrollResponse = v.InferOutput<typeof EnrollResponseSchema>;

/** The JSON body of every 4xx/5xx answer. */
export const ErrorResponseSchema = v.object({ error: v.string() });

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parses untrusted input, answering the first problem as one readable sentence. */
export function parseWire<S extends v.GenericSchema>(schema: S, input: unknown): ParseResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}
