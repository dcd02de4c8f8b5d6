/** The product's record kinds on the sync rails (see kinds.ts); DESIGN.md's "Record kinds" lists what comes next. */
import { createKindRegistry, defineKind } from './kinds';
import { StationRecordSchema, VisitRecordSchema, type StationRecord, type VisitRecord } from './schemas';

/** A tap-in: made by a kiosk, written once, pulled by nobody. */
export const visitKind = defineKind<VisitRecord>({
  kind: 'visit',
  schema: VisitRecordSchema,
  versioned: false,
  ops: ['put'],
  pulledBy: 'none',
});

/** A station's configuration: made in the console, pulled by the station's own kiosks. */
export const stationKind = defineKind<StationRecord>({
  kind: 'station',
  schema: StationRecordSchema,
  versioned: true,
  ops: [],
  pulledBy: 'station',
});

/** Every kind the product knows. */
export const KINDS = createKindRegistry([visitKind, stationKind]);
