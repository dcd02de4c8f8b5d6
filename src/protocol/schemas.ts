/**
 * Wire schemas for /api/v1, imported by the kiosk and the server alike so the
 * two cannot drift. Parse at the boundary with `parseWire`; trust types inside.
 */
import * as v from 'valibot';
import { OpeningHoursSchema } from './opening-hours';
import { instantProblem, normalizeInstant } from './instant';
import { MAX_BATCH_CHANGES } from './limits';
import { SEALED_BOX, SealKeySchema } from './sealed-box';
import { SERVICE_IDS } from './services';
import { UUID_PATTERN } from './uuid7';

const IsoTime = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));

/** An instant on the wire: a real date with a zone, in the sane year window, normalised to UTC `…Z`. */
export const InstantSchema = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = instantProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
  v.transform(normalizeInstant),
);
const Uuid = v.pipe(v.string(), v.regex(UUID_PATTERN, 'must be a UUID'));

/** A mainland mobile number: 11 digits starting with 1. */
export const PHONE_PATTERN = /^1\d{10}$/;

/** One visit (tap-in) as the kiosk records it. */
export const VisitRecordSchema = v.strictObject({
  id: Uuid,
  createdAt: InstantSchema,
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

/**
 * A change as the envelope carries it. The envelope is loose on purpose: each
 * record is checked per change against the kinds registry (`kinds.ts`), so one
 * bad record is refused alone, never its whole batch.
 */
export const ChangeSchema = v.object({
  /** The idempotency key; an append-only record's change id is its record id (the default). */
  changeId: v.optional(v.pipe(v.string(), v.maxLength(64))),
  kind: v.pipe(v.string(), v.maxLength(40)),
  op: v.pipe(v.string(), v.maxLength(20)),
  /** For versioned kinds: the server version this change was based on (0: a new record). */
  baseVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  record: v.looseObject({ id: v.pipe(v.string(), v.maxLength(64)) }),
  /**
   * The record's phone sealed to the server's key (src/protocol/sealed-box.ts), for a
   * visit pushed again after the kiosk kept only its masked phone; the server opens it
   * into `record.phone` before anything else looks at the change.
   */
  sealedPhone: v.optional(v.pipe(v.string(), v.maxLength(400), v.regex(SEALED_BOX, 'must be a sealed box'))),
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
  /** The change id (for visits, the record id). */
  id: v.string(),
  status: v.picklist(['accepted', 'duplicate', 'rejected', 'conflict']),
  /** A stable code for a refusal (see RefusalCode), for the kiosk to word in its own language. */
  code: v.optional(v.string()),
  reason: v.optional(v.string()),
  /** The server's receipt: this device's sequence number for the change (accepted and duplicate). */
  receipt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Versioned kinds: the record's server version after the change, or the current one on conflict. */
  version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** On conflict: the server's current copy, which the kiosk takes. */
  current: v.optional(v.looseObject({ id: v.string() })),
});
export type ChangeResult = v.InferOutput<typeof ChangeResultSchema>;

export const PushResponseSchema = v.object({
  results: v.array(ChangeResultSchema),
  serverTime: IsoTime,
  /** The store's epoch; a new one (after a restore) tells the kiosk to push again all it holds. */
  epoch: v.optional(v.string()),
});
export type PushResponse = v.InferOutput<typeof PushResponseSchema>;

/** The kinds of place that host a station (UX.md): 药店, 超市, 营业厅, 社区服务中心, the district office, other. */
export const STATION_HOST_TYPES = [
  'pharmacy',
  'supermarket',
  'telecom',
  'community',
  'district_office',
  'other',
] as const;
export type StationHostType = (typeof STATION_HOST_TYPES)[number];

/** Station configuration as the server sends it down. */
export const StationRecordSchema = v.object({
  id: v.string(),
  name: v.string(),
  kind: v.picklist(['hub', 'branch']),
  services: v.array(v.picklist(SERVICE_IDS)),
  /** Days a synced visit stays readable on the kiosk; 90 when absent. */
  retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  // What the kiosk shows a worker about the station, kept in the console; every one optional.
  /** The kind of place that hosts the station (pharmacy, supermarket, telecom hall, …). */
  hostType: v.optional(v.picklist(STATION_HOST_TYPES)),
  address: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** Opening hours as people write them, e.g. `08:00–20:00`; shown only when `openingHours` is absent. */
  hours: v.optional(v.pipe(v.string(), v.maxLength(80))),
  /** Opening hours a kiosk can evaluate (open now or closed); the host may correct them at the kiosk. */
  openingHours: v.optional(OpeningHoursSchema),
  /** Position (WGS-84 degrees) for the directory's distances and the console's coverage. */
  lat: v.optional(v.pipe(v.number(), v.finite(), v.minValue(-90), v.maxValue(90))),
  lng: v.optional(v.pipe(v.number(), v.finite(), v.minValue(-180), v.maxValue(180))),
  wifiName: v.optional(v.pipe(v.string(), v.maxLength(64))),
  wifiPassword: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** A short tip the thank-you screen may show (road safety, heat). */
  tip: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** Set when the district archived the station: it keeps its data, takes no new kiosks. */
  archivedAt: v.optional(v.string()),
});
export type StationRecord = v.InferOutput<typeof StationRecordSchema>;

/**
 * A change as pull carries it. Loose on purpose: a kiosk applies the kinds it
 * knows and keeps the others aside for a later app version, never refusing a page.
 */
export const PullChangeSchema = v.object({
  kind: v.string(),
  op: v.string(),
  record: v.looseObject({ id: v.string() }),
  /** Versioned kinds: the server version of this copy. */
  version: v.optional(v.number()),
});
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
  /** The highest receipt this kiosk holds. */
  receiptHighWater: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /**
   * How many of its changes this kiosk has seen confirmed since enrollment (or since the
   * last epoch it caught up with). With the queue, fewer than the server's count means
   * local data was lost.
   */
  confirmedCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Refused changes the host has not retried or discarded, and when the oldest was refused. */
  quarantined: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  oldestRefusedAt: v.optional(v.nullable(IsoTime)),
  /** The store epoch this kiosk last caught up with. */
  epoch: v.optional(v.nullable(v.string())),
});
export type Heartbeat = v.InferOutput<typeof HeartbeatSchema>;

export const HeartbeatResponseSchema = v.object({
  serverTime: IsoTime,
  /** How many records the server has confirmed from this device (its highest receipt). */
  confirmed: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The store's epoch. */
  epoch: v.optional(v.string()),
  /** True when the kiosk must push again every record it holds (a restored server, or one that lost its data). */
  resync: v.optional(v.boolean()),
  /** The server's public key, for kiosks enrolled before it was handed out at enrollment. */
  sealKey: v.optional(SealKeySchema),
});
export type HeartbeatResponse = v.InferOutput<typeof HeartbeatResponseSchema>;

/** Refused changes the host chose to discard: reported so the admin sees them, never silently gone. */
export const DiscardReportSchema = v.object({
  items: v.pipe(
    v.array(
      v.object({
        changeId: v.pipe(v.string(), v.maxLength(64)),
        kind: v.pipe(v.string(), v.maxLength(40)),
        recordId: v.pipe(v.string(), v.maxLength(200)),
        reason: v.pipe(v.string(), v.maxLength(2000)),
        code: v.optional(v.pipe(v.string(), v.maxLength(40))),
        discardedAt: IsoTime,
        record: v.looseObject({}),
      }),
    ),
    v.maxLength(MAX_BATCH_CHANGES),
  ),
});
export type DiscardReport = v.InferOutput<typeof DiscardReportSchema>;

export const EnrollRequestSchema = v.object({
  code: v.pipe(v.string(), v.regex(/^\d{10}$/, 'must be the 10-digit enrollment code')),
  deviceName: v.optional(v.pipe(v.string(), v.maxLength(80))),
});
export type EnrollRequest = v.InferOutput<typeof EnrollRequestSchema>;

/** Checks a code without spending it: the kiosk asks before the host chooses a PIN. */
export const EnrollCheckRequestSchema = v.object({
  code: v.pipe(v.string(), v.regex(/^\d{10}$/, 'must be the 10-digit enrollment code')),
});
export const EnrollCheckResponseSchema = v.object({
  stationId: v.string(),
  stationName: v.string(),
});
export type EnrollCheckResponse = v.InferOutput<typeof EnrollCheckResponseSchema>;

export const EnrollResponseSchema = v.object({
  deviceId: v.string(),
  stationId: v.string(),
  token: v.string(),
  /** Signs this kiosk's transfer files; unlike the token it survives re-enrollment. Absent from older servers. */
  deviceKey: v.optional(v.string()),
  station: StationRecordSchema,
  /** The server's public key: transfer files and confirmed visits' phones are sealed to it. Absent from older servers. */
  sealKey: v.optional(SealKeySchema),
});
export type EnrollResponse = v.InferOutput<typeof EnrollResponseSchema>;

/** The JSON body of every 4xx/5xx answer. */
export const ErrorResponseSchema = v.object({
  error: v.string(),
  /** A stable code for the kind of failure, for clients to word in their own language. */
  code: v.optional(v.string()),
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parses untrusted input, answering the first problem as one readable sentence. */
export function parseWire<S extends v.GenericSchema>(schema: S, input: unknown): ParseResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}
