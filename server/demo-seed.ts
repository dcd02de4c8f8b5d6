/** A first run on an empty database sets up a small demo network, so the product can be tried at once. */
import { randomBytes } from 'node:crypto';
import { SERVICE_IDS } from '../src/protocol/services';
import type { Kysely } from 'kysely';
import { seedDemoDirectory } from './demo-directory';
import { seedDemoWishes } from './demo-wishes';
import { seedDemoPeople } from './demo-people';
import { countAdmins, upsertAdmin } from './store/admins';
import { createEnrollCode } from './store/devices';
import type { Db } from './store/schema';
import { createStation, listStations } from './store/stations';

/** Where the first run leaves the admin's password (in DATA_DIR, mode 0600): never printed, since logs keep what is. */
export const FIRST_RUN_FILE = 'first-run-admin.txt';

export interface DemoSeed {
  adminUser: string;
  adminPassword: string;
  enrollCode: string;
  stationName: string;
}

/** Seeds a hub and two branches (and the rest of a small district's directory, demo-directory.ts), the people data (demo-people.ts) and an admin, only when there are no stations and no admins. */
export async function seedDemoIfEmpty(db: Kysely<Db>): Promise<DemoSeed | undefined> {
  if ((await listStations(db)).length > 0 || (await countAdmins(db)) > 0) return undefined;
  const hub = await createStation(db, {
    name: '铜心驿站 · 街道总站',
    kind: 'hub',
    services: [...SERVICE_IDS],
  });
  const branch = await createStation(db, {
    name: '铜心驿站 · 康民药店分站',
    kind: 'branch',
    services: ['rest', 'charging', 'water', 'internet', 'shelter', 'first_aid'],
  });
  const telecom = await createStation(db, { name: '铜心驿站 · 电信营业厅分站', kind: 'branch' });
  await seedDemoDirectory(db, { hub: hub.id, branch: branch.id, telecom: telecom.id });
  await seedDemoPeople(db, hub.id, branch.id);
  await seedDemoWishes(db, hub.id, branch.id);
  const adminPassword = randomBytes(9).toString('base64url');
  await upsertAdmin(db, 'admin', adminPassword);
  const { code } = await createEnrollCode(db, branch.id, { ttlMs: 24 * 3600_000 });
  return { adminUser: 'admin', adminPassword, enrollCode: code, stationName: branch.name };
}
