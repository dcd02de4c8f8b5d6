/** A kiosk driven in Node: the app's own write path and sync pass over fake-indexeddb. */
import 'fake-indexeddb/auto';
import { KioskDb, type StoredVisit } from '../../src/db/kiosk-db';
import { recordVisit } from '../../src/db/record-visit';
import { SERVICE_IDS } from '../../src/protocol/services';
import { createApiClient } from '../../src/sync/api-client';
import { syncOnce } from '../../src/sync/sync-once';
import type { Random } from '../support/prng';

export class NodeKiosk {
  db: KioskDb;
  private readonly dbName: string;

  constructor(
    readonly label: string,
    readonly stationId: string,
    private readonly token: string,
    /** This kiosk's clock minus true time. */
    readonly clockSkewMs = 0,
  ) {
    this.dbName = `chaos-${label}-${Math.random()}`;
    this.db = new KioskDb(this.dbName);
  }

  now = () => new Date(Date.now() + this.clockSkewMs);

  /** Records one visit as a courier would (random services, sometimes a phone). */
  async tapIn(random: Random): Promise<void> {
    const services = SERVICE_IDS.filter(() => random.chance(0.3));
    const phone = random.chance(0.5) ? `1${String(3_000_000_000 + random.int(999_999_999))}` : null;
    await recordVisit(this.db, { services: services.length ? services : ['rest'], phone }, this.now());
  }

  /** One sync pass through `url`; a failure is normal here and only reported. */
  async sync(url: string): Promise<boolean> {
    try {
      await syncOnce({ db: this.db, client: createApiClient(url), token: this.token, now: this.now });
      return true;
    } catch {
      return false;
    }
  }

  /** The page closes mid-sync: the connection goes away and in-flight transactions abort; a new page opens the same data. */
  crash(): void {
    this.db.close();
    this.db = new KioskDb(this.dbName);
  }

  async pending(): Promise<number> {
    return this.db.outbox.count();
  }

  async visits(): Promise<StoredVisit[]> {
    return this.db.visits.toArray();
  }
}
