/**
 * Members, party organisations, events, sign-ups and attendance: their wire
 * schemas (DESIGN.md "Record kinds") and the pieces both sides compute alike —
 * the member directory a kiosk holds, the phone hash it checks, the card's QR.
 */
import * as v from 'valibot';
import { InstantSchema, PHONE_PATTERN } from './schemas';
import { UUID_PATTERN } from './uuid7';

const Uuid = v.pipe(v.string(), v.regex(UUID_PATTERN, 'must be a UUID'));

/**
 * Control, format (zero-width, bidi overrides), unassigned-surrogate and private-use
 * characters: never part of a name a person reads.
 */
const HIDDEN_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

/** Human text: trimmed, NFC, no hidden characters, not blank, at most `max` characters. */
export function humanText(max: number, what = 'text') {
  return v.pipe(
    v.string(),
    v.transform((s) => s.normalize('NFC').trim()),
    v.check((s) => !HIDDEN_CHARS.test(s), `${what} contains control or invisible characters`),
    v.check((s) => s.replace(/\s/gu, '').length > 0, `${what} is empty`),
    v.check((s) => [...s].length <= max, `${what} is longer than ${max} characters`),
  );
}

/** Which work a member does (DESIGN.md wire values). */
export const OCCUPATIONS = ['food_delivery', 'courier', 'ride_hailing', 'truck', 'other'] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

/** Crockford base32: digits and letters without I, L, O, U (nothing a person misreads). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MEMBER_NO = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;
const CARD_KEY = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/** The consent text's version a kiosk shows today (the text itself is in the kiosk's language files). */
export const CONSENT_VERSION = '2026-11';

/** A member as registered (kiosk) or edited (console). The server holds it whole; kiosks get a directory entry. */
export const MemberRecordSchema = v.strictObject({
  id: Uuid,
  createdAt: InstantSchema,
  /** Printed on the card and searched in the console; made offline from random bits, so no counter is needed. */
  memberNo: v.pipe(v.string(), v.regex(MEMBER_NO, 'must be a member number like 7K3M2-9QPAX')),
  name: humanText(40, 'name'),
  phone: v.pipe(v.string(), v.regex(PHONE_PATTERN, 'must be an 11-digit mobile number')),
  occupation: v.picklist(OCCUPATIONS, 'is not a known occupation'),
  platform: v.optional(humanText(40, 'platform')),
  partyMember: v.boolean(),
  /** A party member whose organisation is elsewhere (流动党员). */
  mobileParty: v.optional(v.boolean()),
  homeOrg: v.optional(humanText(80, 'home organisation')),
  /** The local branch joined: a `party_org` id. */
  branchId: v.optional(Uuid),
  consentVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(20)),
  consentAt: InstantSchema,
  /** The card's secret: the QR carries it, the directory only its hash, so a card cannot be made from a member id. */
  cardKey: v.pipe(v.string(), v.regex(CARD_KEY, 'must be a card key')),
  /** Set by the server when this registration was merged into an earlier one of the same phone. */
  mergedInto: v.optional(Uuid),
});
export type MemberRecord = v.InferOutput<typeof MemberRecordSchema>;

/**
 * What every kiosk of the district holds about a member: no full name, no phone —
 * the last four digits to narrow a typed number down, and a per-member salted slow
 * hash to confirm it.
 */
export const MemberDirectoryEntrySchema = v.object({
  id: Uuid,
  memberNo: v.string(),
  displayName: v.string(),
  phoneLast4: v.string(),
  phoneHash: v.string(),
  cardCheck: v.string(),
  occupation: v.string(),
  partyMember: v.boolean(),
  mobileParty: v.optional(v.boolean()),
  branchId: v.optional(v.string()),
  mergedInto: v.optional(v.string()),
});
export type MemberDirectoryEntry = v.InferOutput<typeof MemberDirectoryEntrySchema>;

export const PARTY_ORG_TYPES = ['industry_committee', 'joint_branch'] as const;

/** A local party organisation a member may join (行业党委 / 联合党支部), kept by the admin. */
export const PartyOrgRecordSchema = v.strictObject({
  id: Uuid,
  name: humanText(80, 'name'),
  type: v.picklist(PARTY_ORG_TYPES, 'is not a known organisation type'),
  archived: v.optional(v.boolean()),
});
export type PartyOrgRecord = v.InferOutput<typeof PartyOrgRecordSchema>;

export const EVENT_KINDS = ['training', 'party', 'volunteer'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A training, party meeting or volunteer activity, scheduled in the console at a station. */
export const EventRecordSchema = v.pipe(
  v.strictObject({
    id: Uuid,
    kind: v.picklist(EVENT_KINDS, 'is not a known event kind'),
    title: humanText(80, 'title'),
    description: v.optional(v.pipe(v.string(), v.maxLength(1000, 'description is longer than 1000 characters'))),
    stationId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    capacity: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(10000)),
    cancelled: v.optional(v.boolean()),
  }),
  v.check((e) => e.endsAt > e.startsAt, 'endsAt: an event must end after it starts'),
);
export type EventRecord = v.InferOutput<typeof EventRecordSchema>;

export const SIGNUP_STATUSES = ['requested', 'confirmed', 'waitlisted', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/** A member's sign-up for an event: the kiosk requests, the server confirms or waitlists in the order it receives them. */
export const SignupRecordSchema = v.strictObject({
  id: Uuid,
  createdAt: InstantSchema,
  eventId: Uuid,
  memberId: Uuid,
  status: v.picklist(SIGNUP_STATUSES, 'is not a known sign-up status'),
  /** Set by the server: when it decided, and the place on the waitlist. */
  decidedAt: v.optional(InstantSchema),
  waitlistPosition: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /**
   * Set by the server on a second sign-up of the same member for the same event: it names the
   * first, follows its decision and takes no seat of its own.
   */
  sameAs: v.optional(Uuid),
});
export type SignupRecord = v.InferOutput<typeof SignupRecordSchema>;

/** A sign-up moves forward only; a kiosk may cancel, the server decides the rest. */
export const SIGNUP_TRANSITIONS: Record<string, readonly SignupStatus[]> = {
  requested: ['confirmed', 'waitlisted', 'cancelled'],
  waitlisted: ['confirmed', 'cancelled'],
  confirmed: ['cancelled'],
  cancelled: [],
};

/**
 * Who came to an event, recorded by the host: a member, or `count` walk-ins
 * (memberId null). A correction is a new record that withdraws an earlier one.
 */
export const AttendanceRecordSchema = v.pipe(
  v.strictObject({
    id: Uuid,
    createdAt: InstantSchema,
    eventId: Uuid,
    memberId: v.nullable(Uuid),
    count: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(500))),
    withdraws: v.optional(Uuid),
    stationId: v.optional(v.string()),
  }),
  v.check((a) => a.memberId === null || a.count === undefined, 'count: only walk-ins (no member) carry a count'),
);
export type AttendanceRecord = v.InferOutput<typeof AttendanceRecordSchema>;

function randomCrockford(n: number): string {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => CROCKFORD[b & 31]).join('');
}

/** A new member number: 50 random bits, so kiosks offline at once do not collide in any real district. */
export function newMemberNo(): string {
  const s = randomCrockford(10);
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** A new card key: 80 random bits. */
export function newCardKey(): string {
  return randomCrockford(16);
}

/** The QR on a member card: the member id and the card key. Editing the id gives a card no kiosk accepts. */
export function cardPayload(m: { id: string; cardKey: string }): string {
  return `WSM1.${m.id}.${m.cardKey}`;
}

/** Reads a card's QR text; null when it is not a Waystation member card. */
export function parseCardPayload(text: string): { id: string; cardKey: string } | null {
  const m = /^WSM1\.([0-9a-f-]{36})\.([0-9A-HJKMNP-TV-Z]{16})$/i.exec(text.trim());
  if (!m || !UUID_PATTERN.test(m[1]!)) return null;
  return { id: m[1]!.toLowerCase(), cardKey: m[2]!.toUpperCase() };
}

const encoder = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the directory carries to check a scanned card: a hash of the member id and card key. */
export async function cardCheck(id: string, cardKey: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(`waystation-card:${id}:${cardKey}`))).slice(0, 32);
}

/**
 * PBKDF2 rounds for a directory phone hash. A kiosk checks one to a few candidates per
 * lookup (those with the same last four digits); a thief must brute-force each member alone.
 */
export const PHONE_HASH_ITERATIONS = 10_000;

/** The salted slow hash of a member's phone, salted with the member's own id: `pbkdf2-sha256$<rounds>$<hex>`. */
export async function phoneHash(phone: string, memberId: string, iterations = PHONE_HASH_ITERATIONS): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(phone), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(`waystation-phone:${memberId}`), iterations },
    key,
    256,
  );
  return `pbkdf2-sha256$${iterations}$${hex(bits)}`;
}

/** True when `phone` is the number behind a directory entry's hash. */
export async function phoneMatches(phone: string, entry: { id: string; phoneHash: string }): Promise<boolean> {
  const m = /^pbkdf2-sha256\$(\d{1,7})\$[0-9a-f]{64}$/.exec(entry.phoneHash);
  if (!m) return false;
  return (await phoneHash(phone, entry.id, Number(m[1]))) === entry.phoneHash;
}

/** A name as screens show it: the first character, the rest masked (李* / 王** / J***). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '*';
  return chars[0]! + '*'.repeat(Math.min(Math.max(chars.length - 1, 1), 3));
}

/** A phone as screens show it: 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/** The directory entry for a member record: what a kiosk may hold. */
export async function directoryEntry(m: MemberRecord): Promise<MemberDirectoryEntry> {
  return {
    id: m.id,
    memberNo: m.memberNo,
    displayName: maskName(m.name),
    phoneLast4: m.phone.slice(7),
    phoneHash: await phoneHash(m.phone, m.id),
    cardCheck: await cardCheck(m.id, m.cardKey),
    occupation: m.occupation,
    partyMember: m.partyMember,
    ...(m.mobileParty === undefined ? {} : { mobileParty: m.mobileParty }),
    ...(m.branchId === undefined ? {} : { branchId: m.branchId }),
    ...(m.mergedInto === undefined ? {} : { mergedInto: m.mergedInto }),
  };
}
