/** The product's record kinds on the sync rails (see kinds.ts and DESIGN.md "Record kinds"). */
import { StationEntrySchema, type StationEntry } from './directory';
import { createKindRegistry, defineKind, forwardStatus } from './kinds';
import {
  AttendanceRecordSchema,
  EventRecordSchema,
  MemberRecordSchema,
  PartyOrgRecordSchema,
  SIGNUP_TRANSITIONS,
  SignupRecordSchema,
  type AttendanceRecord,
  type EventRecord,
  type MemberRecord,
  type PartyOrgRecord,
  type SignupRecord,
} from './people';
import {
  SuggestionRecordSchema,
  WISH_STATUS_FIELDS,
  WISH_TRANSITIONS,
  WishRecordSchema,
  type SuggestionRecord,
  type WishRecord,
} from './wishes';
import { SuggestionStatusViewSchema, type SuggestionStatusView } from './suggestion-status';
import { StationRecordSchema, VisitRecordSchema, type StationRecord, type VisitRecord } from './schemas';

/** A tap-in: made by a kiosk, written once, pulled by nobody. */
export const visitKind = defineKind<VisitRecord>({
  kind: 'visit',
  schema: VisitRecordSchema,
  versioned: false,
  ops: ['put'],
  pulledBy: 'none',
});

/**
 * A station's configuration: made in the console, pulled whole by the station's own kiosks.
 * A kiosk may put only its own station, changing only its opening hours (server/sync/station-rule.ts).
 */
export const stationKind = defineKind<StationRecord>({
  kind: 'station',
  schema: StationRecordSchema,
  versioned: true,
  ops: ['put'],
  pulledBy: 'station',
});

/**
 * A station's directory entry (directory.ts): written by the server beside every station change,
 * pulled by every kiosk of the district. Kiosks never push it.
 */
export const stationEntryKind = defineKind<StationEntry>({
  kind: 'station_entry',
  schema: StationEntrySchema,
  versioned: true,
  ops: [],
  pulledBy: 'district',
});

/**
 * A registered worker or party member: registered at a kiosk, edited in the console.
 * Every kiosk of the district pulls it, reduced to a directory entry (no name, no phone).
 */
export const memberKind = defineKind<MemberRecord>({
  kind: 'member',
  schema: MemberRecordSchema,
  versioned: true,
  ops: ['put'],
  pulledBy: 'district',
});

/** The district's party organisations a member may join: kept in the console. */
export const partyOrgKind = defineKind<PartyOrgRecord>({
  kind: 'party_org',
  schema: PartyOrgRecordSchema,
  versioned: true,
  ops: [],
  pulledBy: 'district',
});

/** A training, party meeting or volunteer activity: scheduled in the console, pulled by the district. */
export const eventKind = defineKind<EventRecord>({
  kind: 'event',
  schema: EventRecordSchema,
  versioned: true,
  ops: [],
  pulledBy: 'district',
});

/** A sign-up: requested at a kiosk, confirmed or waitlisted by the server, cancelled by either. */
export const signupKind = defineKind<SignupRecord>({
  kind: 'signup',
  schema: SignupRecordSchema,
  versioned: true,
  ops: ['put'],
  pulledBy: 'station',
  merge: forwardStatus<SignupRecord>(SIGNUP_TRANSITIONS, ['decidedAt', 'waitlistPosition', 'sameAs']),
});

/** Who came to an event, recorded by the host of its station: written once (a correction is a new record). */
export const attendanceKind = defineKind<AttendanceRecord>({
  kind: 'attendance',
  schema: AttendanceRecordSchema,
  versioned: false,
  ops: ['put'],
  pulledBy: 'none',
});

/** A micro-wish: posted at a kiosk, claimed and fulfilled at a kiosk or in the console, on every kiosk's wall. */
export const wishKind = defineKind<WishRecord>({
  kind: 'wish',
  schema: WishRecordSchema,
  versioned: true,
  ops: ['put'],
  pulledBy: 'district',
  merge: forwardStatus<WishRecord>(WISH_TRANSITIONS, [...WISH_STATUS_FIELDS]),
});

/** A suggestion: left at a kiosk, answered in the console, pulled back by the station it came from. */
export const suggestionKind = defineKind<SuggestionRecord>({
  kind: 'suggestion',
  schema: SuggestionRecordSchema,
  versioned: true,
  ops: ['put'],
  pulledBy: 'station',
});

/**
 * A suggestion's code, status and reply (no text, no member): written by the server beside each
 * suggestion change, on every kiosk of the district so a worker looks it up by code anywhere, offline.
 */
export const suggestionStatusKind = defineKind<SuggestionStatusView>({
  kind: 'suggestion_status',
  schema: SuggestionStatusViewSchema,
  versioned: true,
  ops: [],
  pulledBy: 'district',
});

/** Every kind the product knows. */
export const PRODUCT_KINDS = [
  visitKind,
  stationKind,
  stationEntryKind,
  memberKind,
  partyOrgKind,
  eventKind,
  signupKind,
  attendanceKind,
  wishKind,
  suggestionKind,
  suggestionStatusKind,
];
export const KINDS = createKindRegistry(PRODUCT_KINDS);
