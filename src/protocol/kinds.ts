/**
 * The kinds registry: one entry per record kind that travels on the sync
 * rails — its record schema, whether it is append-only or versioned, which ops
 * a kiosk may push, and who pulls it. Kiosk and server both read it, so a new
 * kind is one entry here, one store module on the server and its screens.
 */
import * as v from 'valibot';
import { canonicalJson } from './canonical-json';
import { UUID_PATTERN } from './uuid7';

export { canonicalJson };

/** What a change does to its record. */
export type ChangeOp = 'put' | 'delete';

/** Who receives a kind's records on pull: the station they belong to, every kiosk of the district, or nobody. */
export type PulledBy = 'station' | 'district' | 'none';

/** A record as the rails see it: an object with an id. */
export type AnyRecord = { id: string } & Record<string, unknown>;

export interface KindSpec<R extends AnyRecord = AnyRecord> {
  kind: string;
  /** Validates (and normalises: instants to UTC) one record of this kind. */
  schema: v.GenericSchema<unknown, R>;
  /** Versioned records can be edited on both sides; append-only ones are written once. */
  versioned: boolean;
  /** The ops a kiosk may push for this kind (none: the kind is made by the server only). */
  ops: readonly ChangeOp[];
  pulledBy: PulledBy;
  /**
   * For versioned kinds: a change based on an older version still applies when it
   * commutes with what happened since (a status that only moves forward). Answers the
   * record to store, or null for a conflict. Without it, only changes based on the
   * current version apply.
   */
  merge?: (current: R, proposed: R) => R | null;
}

/** A change that passed the registry: its kind is known, its op allowed, its record valid and normalised. */
export interface CheckedChange {
  changeId: string;
  kind: string;
  op: ChangeOp;
  recordId: string;
  record: AnyRecord;
  baseVersion: number | null;
  spec: KindSpec;
}

/** Why a change was refused, as a stable code (kiosks word it in their own language) and an English detail. */
export interface ChangeRefusal {
  code: RefusalCode;
  reason: string;
}

/** Stable reason codes of a refused change; the kiosk's language files word each one. */
export type RefusalCode =
  | 'unknown_kind'
  | 'op_not_allowed'
  | 'invalid_record'
  | 'bad_change_id'
  | 'wrong_station'
  | 'change_id_taken'
  | 'not_found'
  /** A field only the server sets (a merge, a sign-up's decision) came from a kiosk. */
  | 'server_field'
  | 'member_not_found'
  | 'event_not_found'
  | 'event_ended'
  /** Attendance or a correction for an event held at another station. */
  | 'event_other_station'
  | 'attendance_not_found'
  /** A status may only move forward (a wish, a suggestion). */
  | 'status_backwards'
  /** Another suggestion holds this receipt code. */
  | 'receipt_code_taken'
  /** A kiosk changed a field of its station other than the opening hours. */
  | 'station_field';

export interface KindRegistry {
  get(kind: string): KindSpec | undefined;
  readonly kinds: readonly KindSpec[];
  /**
   * Checks one change against its kind; never throws. A console change (`byConsole`) may
   * put or delete any kind: `ops` lists what a kiosk may push.
   */
  check(
    change: {
      changeId?: string;
      kind: string;
      op: string;
      baseVersion?: number;
      record: unknown;
    },
    opts?: { byConsole?: boolean },
  ): CheckedChange | ChangeRefusal;
}

/** Declares a kind with its own record type; the registry holds kinds of any record type. */
export function defineKind<R extends AnyRecord>(spec: KindSpec<R>): KindSpec {
  // Sound: the registry only hands a kind's merge records that passed the kind's own schema.
  return spec as unknown as KindSpec;
}

/** Builds a registry; kinds must have distinct names. */
export function createKindRegistry(specs: readonly KindSpec[]): KindRegistry {
  const byKind = new Map<string, KindSpec>();
  for (const spec of specs) {
    if (byKind.has(spec.kind)) throw new Error(`Kind "${spec.kind}" is registered twice`);
    byKind.set(spec.kind, spec);
  }
  return {
    get: (kind) => byKind.get(kind),
    kinds: [...byKind.values()],
    check(change, opts = {}) {
      const spec = byKind.get(change.kind);
      if (!spec) return { code: 'unknown_kind', reason: `Unknown kind "${change.kind}"` };
      const ops: readonly string[] = opts.byConsole ? ['put', 'delete'] : spec.ops;
      if (!ops.includes(change.op)) {
        return { code: 'op_not_allowed', reason: `A kiosk may not "${change.op}" a ${spec.kind}` };
      }
      const parsed = v.safeParse(spec.schema, change.record);
      if (!parsed.success) {
        const issue = parsed.issues[0];
        const path = v.getDotPath(issue);
        return { code: 'invalid_record', reason: `Invalid ${spec.kind}: ${path ? `${path}: ` : ''}${issue.message}` };
      }
      const record = parsed.output;
      // An append-only record is its own change: its id is the idempotency key.
      const changeId = change.changeId ?? (spec.versioned ? undefined : record.id);
      if (changeId === undefined || !UUID_PATTERN.test(changeId)) {
        return { code: 'bad_change_id', reason: 'A change of a versioned kind needs its own changeId (a UUID)' };
      }
      if (!spec.versioned && changeId !== record.id) {
        return { code: 'bad_change_id', reason: `A ${spec.kind} is written once: its changeId is its record id` };
      }
      return {
        changeId: changeId.toLowerCase(),
        kind: spec.kind,
        op: change.op as ChangeOp,
        recordId: record.id,
        record,
        baseVersion: change.baseVersion ?? null,
        spec,
      };
    },
  };
}

/** True when `check` refused the change. */
export function isRefusal(c: CheckedChange | ChangeRefusal): c is ChangeRefusal {
  return 'code' in c;
}

/**
 * A merge rule for a status that only moves forward through a state machine:
 * the proposed change commutes when it changes nothing but the status (and the
 * fields that travel with it, such as who claimed), along an allowed transition
 * from the server's current status.
 */
export function forwardStatus<R extends AnyRecord & { status: string }>(
  transitions: Record<string, readonly string[]>,
  alongWith: readonly string[] = [],
): (current: R, proposed: R) => R | null {
  const moving = new Set(['status', ...alongWith]);
  const rest = (r: R) => Object.fromEntries(Object.entries(r).filter(([k]) => !moving.has(k)));
  return (current, proposed) => {
    const allowed = transitions[current.status] ?? [];
    if (!allowed.includes(proposed.status)) return null;
    if (canonicalJson(rest(current)) !== canonicalJson(rest(proposed))) return null;
    const moved = Object.fromEntries(Object.entries(proposed).filter(([k]) => moving.has(k)));
    return { ...current, ...moved };
  };
}
