/**
 * A kiosk driven in Node: the app's own write path and sync pass over
 * fake-indexeddb. The harness keeps its own log of what each kiosk was asked
 * to record (never read back from the kiosk's database).
 */
import 'fake-indexeddb/auto';
import { KioskDb } from '../../src/db/kiosk-db';
import { queueChange } from '../../src/db/queue-change';
import { recordVisit } from '../../src/db/record-visit';
import {
  CONSENT_VERSION,
  newCardKey,
  newMemberNo,
  type MemberRecord,
  type SignupRecord,
} from '../../src/protocol/people';
import type { VisitRecord } from '../../src/protocol/schemas';
import { SERVICE_IDS } from '../../src/protocol/services';
import { uuid7 } from '../../src/protocol/uuid7';
import { createApiClient } from '../../src/sync/api-client';
import { syncOnce } from '../../src/sync/sync-once';
import { buildTransferFile } from '../../src/sync/transfer-export';
import type { Random } from '../support/prng';
import type { Ticket } from '../support/test-kinds';

/** How long a node kiosk waits for an answer; the proxy's stalls last longer. */
export const CLIENT_TIMEOUT_MS = 1500;

export class NodeKiosk {
  db: KioskDb;
  private readonly dbName: string;
  /** Every visit this kiosk committed, as the harness asked for it. */
  readonly made = new Map<string, VisitRecord>();
  /** Changes made to be refused (a visit naming another station): they must end in quarantine. */
  readonly meantToBeRefused = new Set<string>();
  /** Ticket edits this kiosk queued. */
  ticketEdits = 0;
  /** Members this kiosk registered, and its sign-ups (each member at most once per event). */
  readonly members = new Map<string, MemberRecord>();
  readonly signups = new Map<string, SignupRecord>();

  constructor(
    readonly label: string,
    readonly stationId: string,
    readonly deviceId: string,
    private readonly token: string,
    private readonly deviceKey: string,
    /** This kiosk's clock minus true time. */
    readonly clockSkewMs = 0,
  ) {
    this.dbName = `chaos-${label}-${Math.random()}`;
    this.db = new KioskDb(this.dbName);
  }

  now = () => new Date(Date.now() + this.clockSkewMs);

  /** Records one visit as a courier would (random services, sometimes a phone); logs it once committed. */
  async tapIn(random: Random): Promise<void> {
    const services = SERVICE_IDS.filter(() => random.chance(0.3));
    const phone = random.chance(0.5) ? `1${String(3_000_000_000 + random.int(999_999_999))}` : null;
    const record = await recordVisit(this.db, { services: services.length ? services : ['rest'], phone }, this.now());
    this.made.set(record.id, record);
  }

  /** Queues a visit that names another station: the server refuses it and the kiosk must quarantine it. */
  async tapInForeign(otherStationId: string): Promise<void> {
    const at = this.now();
    const record = {
      id: uuid7(at.getTime()),
      createdAt: at.toISOString(),
      services: ['rest'],
      phone: null,
      memberId: null,
      stationId: otherStationId,
    };
    await this.db.transaction('rw', this.db.outbox, () =>
      queueChange(this.db, { kind: 'visit', op: 'put', record }, at),
    );
    this.meantToBeRefused.add(record.id);
  }

  /** The host moves a ticket's status forward offline, based on the copy the kiosk last pulled. */
  async editTicket(random: Random): Promise<void> {
    const copies = (await this.db.pulled.where('kind').equals('ticket').toArray()).filter((c) => c.version !== null);
    if (copies.length === 0) return;
    const copy = random.pick(copies);
    const ticket = copy.record as Ticket;
    const next =
      ticket.status === 'open'
        ? random.pick(['claimed', 'done'] as const)
        : ticket.status === 'claimed'
          ? 'done'
          : null;
    if (!next) return;
    const record: Ticket = { ...ticket, status: next, ...(next === 'claimed' ? { claimedBy: this.label } : {}) };
    await this.db.transaction('rw', this.db.outbox, () =>
      queueChange(
        this.db,
        { kind: 'ticket', op: 'put', record, baseVersion: copy.version!, versioned: true },
        this.now(),
      ),
    );
    this.ticketEdits++;
  }

  /** Registers a worker offline; phones come from a small pool, so other kiosks register the same people too. */
  async register(random: Random, phones: readonly string[]): Promise<void> {
    const at = this.now();
    const record: MemberRecord = {
      id: uuid7(at.getTime()),
      createdAt: at.toISOString(),
      memberNo: newMemberNo(),
      name: random.pick(['王师傅', '李骑手', '张小哥', '赵司机']),
      phone: random.pick(phones),
      occupation: random.pick(['food_delivery', 'courier', 'ride_hailing', 'truck', 'other'] as const),
      partyMember: random.chance(0.1),
      consentVersion: CONSENT_VERSION,
      consentAt: at.toISOString(),
      cardKey: newCardKey(),
    };
    await this.db.transaction('rw', this.db.outbox, () =>
      queueChange(this.db, { kind: 'member', op: 'put', record, baseVersion: 0, versioned: true }, at),
    );
    this.members.set(record.id, record);
  }

  /** Signs one of this kiosk's members up for an event, offline (at most once per member and event here). */
  async signUp(random: Random, eventIds: readonly string[]): Promise<void> {
    if (this.members.size === 0) return;
    const memberId = random.pick([...this.members.keys()]);
    const eventId = random.pick(eventIds);
    if ([...this.signups.values()].some((s) => s.memberId === memberId && s.eventId === eventId)) return;
    const at = this.now();
    const record: SignupRecord = {
      id: uuid7(at.getTime()),
      createdAt: at.toISOString(),
      eventId,
      memberId,
      status: 'requested',
    };
    await this.db.transaction('rw', this.db.outbox, () =>
      queueChange(this.db, { kind: 'signup', op: 'put', record, baseVersion: 0, versioned: true }, at),
    );
    this.signups.set(record.id, record);
  }

  /** One sync pass through `url`; a failure is normal here and only reported. */
  async sync(url: string, timeoutMs = CLIENT_TIMEOUT_MS): Promise<boolean> {
    try {
      await syncOnce({
        db: this.db,
        client: createApiClient(url, undefined, timeoutMs),
        token: this.token,
        now: this.now,
      });
      return true;
    } catch {
      return false;
    }
  }

  /** The host's signed file of what waits, as the admin would import it. */
  async transferFile(): Promise<string> {
    const file = await buildTransferFile(
      this.db,
      {
        deviceId: this.deviceId,
        stationId: this.stationId,
        token: this.token,
        deviceKey: this.deviceKey,
        enrolledAt: '',
      },
      this.now(),
    );
    return JSON.stringify(file);
  }

  /** The page closes mid-sync: the connection goes away (running IndexedDB transactions still finish); a new page opens the same data. */
  closeAndReopen(): void {
    this.db.close();
    this.db = new KioskDb(this.dbName);
  }

  async pending(): Promise<number> {
    return this.db.outbox.count();
  }

  async highWater(): Promise<number> {
    const hw = await this.db.meta.get('receiptHighWater');
    return hw?.key === 'receiptHighWater' ? hw.value : 0;
  }
}
