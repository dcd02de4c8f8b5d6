import { maskPhone } from '../domain/phone';
import { uuid7 } from '../protocol/uuid7';
import type { ServiceId } from '../protocol/services';
import type { VisitRecord } from '../protocol/schemas';
import { serviceDayKeys, type KioskDb, type StoredVisit } from './kiosk-db';
import { queueChange } from './queue-change';
import { withRoomToWrite } from './room-to-write';

/** What the courier chose on the kiosk. */
export interface VisitInput {
  services: ServiceId[];
  phone: string | null;
  /** A registered member found by card or phone (then the phone is not kept on the visit). */
  memberId?: string | null;
  /** The station this kiosk is enrolled at; the server refuses the record if the kiosk is later enrolled elsewhere. */
  stationId?: string;
}

/** A visit as the kiosk stores it: its phone masked (the number goes in the outbox entry), with its log index keys. */
export function storedVisit(record: VisitRecord): StoredVisit {
  return {
    ...record,
    phone: record.phone === null ? null : maskPhone(record.phone),
    svcDays: serviceDayKeys(record.services, record.createdAt),
  };
}

/**
 * The kiosk's one write path for a tap-in: the visit and its outbox entry are
 * written in one transaction, so a visit is never stored without being queued
 * (nor queued without being stored). Resolves only after the commit.
 */
export async function recordVisit(db: KioskDb, input: VisitInput, now: Date = new Date()): Promise<VisitRecord> {
  if (input.services.length === 0) throw new Error('A visit needs at least one service');
  const record: VisitRecord = {
    id: uuid7(now.getTime()),
    createdAt: now.toISOString(),
    services: [...input.services],
    phone: input.memberId ? null : input.phone,
    memberId: input.memberId ?? null,
    ...(input.stationId ? { stationId: input.stationId } : {}),
  };
  await withRoomToWrite(db, () =>
    db.transaction('rw', db.visits, db.outbox, async () => {
      await db.visits.add(storedVisit(record));
      await queueChange(db, { kind: 'visit', op: 'put', record }, now);
    }),
  );
  return record;
}
