/**
 * The console's people API under /api/v1/admin: members (search, detail, merge,
 * split), party organisations and events. The server parses requests with these
 * schemas; the console parses answers with them. Every write is POST; every error
 * answers `{error, code}` (ErrorResponseSchema) with a code from CONSOLE_ERROR_CODES.
 *
 * Routes:
 *   GET  /members?q=&station=&occupation=&party=&mobile=&branch=&merged=&offset=&limit=  → MemberListResponse
 *   GET  /members/:id                      → MemberDetailResponse (an alias id answers its survivor)
 *   POST /members/merge   MergeMembersRequest → MemberDetailResponse (the survivor)
 *   POST /members/:id/split                → MemberDetailResponse (the member split off)
 *   GET  /party-orgs                       → PartyOrgListResponse (archived included, flagged)
 *   POST /party-orgs      PartyOrgCreateRequest → PartyOrgResponse (201)
 *   POST /party-orgs/:id  PartyOrgEditRequest   → PartyOrgResponse (archive: `archived: true`)
 *   GET  /events?station=&kind=&when=upcoming|past|all  → EventListResponse
 *   POST /events          EventCreateRequest → EventResponse (201)
 *   GET  /events/:id                       → EventDetailResponse (sign-ups, waitlist order, attendance)
 *   POST /events/:id      EventEditRequest   → EventResponse
 *   POST /events/:id/cancel  VersionRequest  → EventResponse
 */
import * as v from 'valibot';
import {
  EVENT_KINDS,
  OCCUPATIONS,
  PARTY_ORG_TYPES,
  SIGNUP_STATUSES,
  humanText,
  type EventKind,
  type Occupation,
} from './people';
import { InstantSchema } from './schemas';
import { UUID_PATTERN } from './uuid7';

const Uuid = v.pipe(v.string(), v.regex(UUID_PATTERN, 'must be a UUID'));
/** A record's server version the edit was based on: an older one answers 409 `conflict`. */
const Version = v.pipe(v.number(), v.integer(), v.minValue(1));

/** Stable error codes of these routes (beside the generic `bad_request`, `unauthorized`). */
export const CONSOLE_ERROR_CODES = [
  'bad_request',
  'member_not_found',
  'party_org_not_found',
  'event_not_found',
  'station_not_found',
  /** The record changed since the console read it; read it again. */
  'conflict',
  /** Merge: both ids name the same member (or one is already the other's alias). */
  'same_member',
  /** Split: the member is not merged into anyone. */
  'not_merged',
] as const;
export type ConsoleErrorCode = (typeof CONSOLE_ERROR_CODES)[number];

// ---------- members ----------

/** Query of GET /members; booleans as `true` / `false`, paged by offset (limit ≤ 200, default 50). */
export const MemberListQuerySchema = v.object({
  /** Matches a part of the name, a member number (with or without the dash) or the last four digits. */
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40))),
  station: v.optional(v.pipe(v.string(), v.maxLength(64))),
  occupation: v.optional(v.picklist(OCCUPATIONS)),
  party: v.optional(v.picklist(['true', 'false'])),
  mobile: v.optional(v.picklist(['true', 'false'])),
  branch: v.optional(Uuid),
  /** `true`: list registrations merged into another too (hidden by default). */
  merged: v.optional(v.picklist(['true', 'false'])),
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d{1,7}$/, 'must be a whole number'))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number'))),
});
export type MemberListQuery = v.InferOutput<typeof MemberListQuerySchema>;

/** A member as the console lists it: full name, phone masked (138****5678). */
export const MemberSummarySchema = v.object({
  id: v.string(),
  memberNo: v.string(),
  name: v.string(),
  phoneMasked: v.string(),
  phoneLast4: v.string(),
  occupation: v.picklist(OCCUPATIONS),
  platform: v.nullable(v.string()),
  partyMember: v.boolean(),
  mobileParty: v.boolean(),
  homeOrg: v.nullable(v.string()),
  branchId: v.nullable(v.string()),
  branchName: v.nullable(v.string()),
  /** Where the member registered. */
  stationId: v.string(),
  stationName: v.string(),
  createdAt: v.string(),
  /** The surviving member when this registration was merged into another. */
  mergedInto: v.nullable(v.string()),
  version: v.number(),
});
export type MemberSummary = v.InferOutput<typeof MemberSummarySchema>;

export const MemberListResponseSchema = v.object({
  members: v.array(MemberSummarySchema),
  /** How many match the filters (for paging). */
  total: v.number(),
  offset: v.number(),
  limit: v.number(),
});
export type MemberListResponse = v.InferOutput<typeof MemberListResponseSchema>;

/** A visit of the member (or of one of its aliases). */
export const MemberVisitSchema = v.object({
  id: v.string(),
  createdAt: v.string(),
  stationId: v.string(),
  stationName: v.string(),
  services: v.array(v.string()),
  /** The member id the kiosk recorded (an alias id when it was made before a merge). */
  recordedMemberId: v.string(),
});

/** A sign-up of a member, with its event's title. */
export const SignupRowSchema = v.object({
  id: v.string(),
  eventId: v.string(),
  eventTitle: v.string(),
  /** The surviving member. */
  memberId: v.string(),
  memberNo: v.string(),
  memberName: v.string(),
  recordedMemberId: v.string(),
  status: v.picklist(SIGNUP_STATUSES),
  /** 1 = next in line; only while waitlisted. */
  waitlistPosition: v.nullable(v.number()),
  createdAt: v.string(),
  receivedAt: v.string(),
  decidedAt: v.nullable(v.string()),
  stationId: v.string(),
  stationName: v.string(),
  /** A second sign-up of the same member for the same event: it follows this one's decision and takes no seat. */
  sameAs: v.nullable(v.string()),
});
export type SignupRow = v.InferOutput<typeof SignupRowSchema>;

/** One attendance record: a member, or `count` walk-ins (memberId null); withdrawn ones are corrections undone. */
export const AttendanceRowSchema = v.object({
  id: v.string(),
  eventId: v.string(),
  eventTitle: v.string(),
  memberId: v.nullable(v.string()),
  memberNo: v.nullable(v.string()),
  memberName: v.nullable(v.string()),
  recordedMemberId: v.nullable(v.string()),
  count: v.number(),
  createdAt: v.string(),
  receivedAt: v.string(),
  stationId: v.string(),
  /** This record withdraws (corrects away) another one. */
  withdraws: v.nullable(v.string()),
  /** A later record withdrew this one: it no longer counts. */
  withdrawn: v.boolean(),
});
export type AttendanceRow = v.InferOutput<typeof AttendanceRowSchema>;

export const MemberDetailResponseSchema = v.object({
  member: MemberSummarySchema,
  consentVersion: v.string(),
  consentAt: v.string(),
  /** The id asked for, when it was an alias of this member. */
  resolvedFrom: v.nullable(v.string()),
  /** Registrations merged into this member. */
  aliases: v.array(MemberSummarySchema),
  visits: v.array(MemberVisitSchema),
  signups: v.array(SignupRowSchema),
  attendance: v.array(AttendanceRowSchema),
});
export type MemberDetailResponse = v.InferOutput<typeof MemberDetailResponseSchema>;

/** Merge `aliasId` into `survivorId`: the alias's visits, sign-ups and attendance show the survivor from then on. */
export const MergeMembersRequestSchema = v.object({ survivorId: Uuid, aliasId: Uuid });
export type MergeMembersRequest = v.InferOutput<typeof MergeMembersRequestSchema>;

// ---------- party organisations ----------

export const PartyOrgSchema = v.object({
  id: v.string(),
  name: v.string(),
  type: v.picklist(PARTY_ORG_TYPES),
  archived: v.boolean(),
  version: v.number(),
  /** Members (not merged away) who joined it. */
  memberCount: v.number(),
});
export type PartyOrg = v.InferOutput<typeof PartyOrgSchema>;

export const PartyOrgListResponseSchema = v.object({ orgs: v.array(PartyOrgSchema) });
export type PartyOrgListResponse = v.InferOutput<typeof PartyOrgListResponseSchema>;
export const PartyOrgResponseSchema = v.object({ org: PartyOrgSchema });
export type PartyOrgResponse = v.InferOutput<typeof PartyOrgResponseSchema>;

export const PartyOrgCreateRequestSchema = v.object({
  name: humanText(80, 'name'),
  type: v.picklist(PARTY_ORG_TYPES, 'is not a known organisation type'),
});
export type PartyOrgCreateRequest = v.InferOutput<typeof PartyOrgCreateRequestSchema>;

export const PartyOrgEditRequestSchema = v.object({
  version: Version,
  name: v.optional(humanText(80, 'name')),
  type: v.optional(v.picklist(PARTY_ORG_TYPES, 'is not a known organisation type')),
  archived: v.optional(v.boolean()),
});
export type PartyOrgEditRequest = v.InferOutput<typeof PartyOrgEditRequestSchema>;

// ---------- events ----------

export const EventListQuerySchema = v.object({
  station: v.optional(v.pipe(v.string(), v.maxLength(64))),
  kind: v.optional(v.picklist(EVENT_KINDS)),
  /** upcoming: not yet ended (the default); past: ended; all. Cancelled events are listed, flagged. */
  when: v.optional(v.picklist(['upcoming', 'past', 'all'])),
});
export type EventListQuery = v.InferOutput<typeof EventListQuerySchema>;

/** An event with its counts. */
export const EventSummarySchema = v.object({
  id: v.string(),
  kind: v.picklist(EVENT_KINDS),
  title: v.string(),
  description: v.nullable(v.string()),
  stationId: v.string(),
  stationName: v.string(),
  startsAt: v.string(),
  endsAt: v.string(),
  capacity: v.number(),
  cancelled: v.boolean(),
  version: v.number(),
  confirmed: v.number(),
  waitlisted: v.number(),
  /** People present: members plus walk-ins, corrections applied. */
  attended: v.number(),
});
export type EventSummary = v.InferOutput<typeof EventSummarySchema>;

export const EventListResponseSchema = v.object({ events: v.array(EventSummarySchema) });
export type EventListResponse = v.InferOutput<typeof EventListResponseSchema>;
export const EventResponseSchema = v.object({ event: EventSummarySchema });
export type EventResponse = v.InferOutput<typeof EventResponseSchema>;

export const EventDetailResponseSchema = v.object({
  event: EventSummarySchema,
  confirmed: v.array(SignupRowSchema),
  /** In waitlist order (receive order): the first is promoted when a seat frees. */
  waitlist: v.array(SignupRowSchema),
  cancelled: v.array(SignupRowSchema),
  /** Every attendance record, withdrawn ones flagged. */
  attendance: v.array(AttendanceRowSchema),
});
export type EventDetailResponse = v.InferOutput<typeof EventDetailResponseSchema>;

const EventFields = {
  kind: v.picklist(EVENT_KINDS, 'is not a known event kind'),
  title: humanText(80, 'title'),
  description: v.optional(v.pipe(v.string(), v.maxLength(1000, 'description is longer than 1000 characters'))),
  stationId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Where it takes place, as workers read it on the kiosk; the station's name when left out. */
  venue: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120, 'venue is longer than 120 characters'))),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  capacity: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(10000)),
};

export const EventCreateRequestSchema = v.pipe(
  v.object(EventFields),
  v.check((e) => e.endsAt > e.startsAt, 'endsAt: an event must end after it starts'),
);
export type EventCreateRequest = v.InferOutput<typeof EventCreateRequestSchema>;

/** Edit: the fields to change. Raising the capacity confirms waitlisted sign-ups in order. */
export const EventEditRequestSchema = v.object({
  version: Version,
  kind: v.optional(EventFields.kind),
  title: v.optional(EventFields.title),
  description: EventFields.description,
  venue: EventFields.venue,
  startsAt: v.optional(EventFields.startsAt),
  endsAt: v.optional(EventFields.endsAt),
  capacity: v.optional(EventFields.capacity),
});
export type EventEditRequest = v.InferOutput<typeof EventEditRequestSchema>;

export const VersionRequestSchema = v.object({ version: Version });
export type VersionRequest = v.InferOutput<typeof VersionRequestSchema>;

export type { EventKind, Occupation };

/** A member deleted at their request: the ids deleted (the member and registrations merged into them). */
export const MemberDeletedResponseSchema = v.object({ deleted: v.array(v.string()) });
export type MemberDeletedResponse = v.InferOutput<typeof MemberDeletedResponseSchema>;
