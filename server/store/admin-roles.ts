/** Admins' roles and a manager's stations: who may do what in the console (src/protocol/roles.ts). */
import type { Kysely, Transaction } from 'kysely';
import { ADMIN_ROLES, type AdminRole, type AdminSummary } from '../../src/protocol/roles';
import { hashSecret } from '../auth/secrets';
import type { Db } from './schema';

/** A role change that cannot be made; nothing was changed. */
export class RoleError extends Error {
  constructor(
    readonly code:
      'admin_not_found' | 'unknown_station' | 'stations_required' | 'stations_not_allowed' | 'last_district_admin',
    message: string,
  ) {
    super(message);
  }
}

/** Who a live session belongs to, with their role and (a manager) their stations. */
export interface Caller {
  id: string;
  username: string;
  role: AdminRole;
  /** A manager's stations; null for roles that see every station. */
  stations: string[] | null;
}

const asRole = (s: string): AdminRole => ((ADMIN_ROLES as readonly string[]).includes(s) ? (s as AdminRole) : 'viewer');

/**
 * Sets an admin's role inside the caller's transaction. A manager needs one or more stations,
 * all of which must exist; the other roles take none. Throws RoleError before writing anything.
 */
export async function writeRole(
  trx: Transaction<Db>,
  adminId: string,
  role: AdminRole,
  stations: readonly string[] = [],
): Promise<void> {
  const wanted = [...new Set(stations)];
  if (role === 'manager' && wanted.length === 0)
    throw new RoleError('stations_required', 'A station manager needs at least one station');
  if (role !== 'manager' && wanted.length > 0)
    throw new RoleError('stations_not_allowed', `A ${role} sees every station; give stations to managers only`);
  if (wanted.length) {
    const found = await trx.selectFrom('stations').select('id').where('id', 'in', wanted).execute();
    const known = new Set(found.map((r) => r.id));
    const unknown = wanted.filter((id) => !known.has(id));
    if (unknown.length) throw new RoleError('unknown_station', `No station with the id ${unknown.join(', ')}`);
  }
  await trx.updateTable('admins').set({ role }).where('id', '=', adminId).execute();
  await trx.deleteFrom('admin_stations').where('admin_id', '=', adminId).execute();
  if (wanted.length)
    await trx
      .insertInto('admin_stations')
      .values(wanted.map((station_id) => ({ admin_id: adminId, station_id })))
      .execute();
}

/** Changes an existing admin's role; answers the role they had. Their sessions stay (the next request sees the new role). */
export async function setAdminRole(
  db: Kysely<Db>,
  username: string,
  role: AdminRole,
  stations: readonly string[] = [],
): Promise<{ previous: AdminRole; previousStations: string[] }> {
  return db.transaction().execute(async (trx) => {
    const admin = await trx
      .selectFrom('admins')
      .select(['id', 'role'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (!admin) throw new RoleError('admin_not_found', `No admin named "${username}"`);
    const before = await trx
      .selectFrom('admin_stations')
      .select('station_id')
      .where('admin_id', '=', admin.id)
      .execute();
    await writeRole(trx, admin.id, role, stations);
    if (admin.role === 'district' && role !== 'district') {
      // Someone must be left who can manage admins and read the audit log.
      const others = await trx
        .selectFrom('admins')
        .select('id')
        .where('role', '=', 'district')
        .where('id', '!=', admin.id)
        .limit(1)
        .execute();
      if (others.length === 0)
        throw new RoleError('last_district_admin', 'This is the last district admin; make another one first');
    }
    return { previous: asRole(admin.role), previousStations: before.map((r) => r.station_id).sort() };
  });
}

/** The admin a live session token belongs to, with role and stations; undefined when the session is gone. */
export async function callerBySession(db: Kysely<Db>, token: string, now = new Date()): Promise<Caller | undefined> {
  const row = await db
    .selectFrom('admin_sessions')
    .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
    .select(['admins.id', 'admins.username', 'admins.role'])
    .where('admin_sessions.token_hash', '=', hashSecret(token))
    .where('admin_sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (!row) return undefined;
  const role = asRole(row.role);
  if (role !== 'manager') return { id: row.id, username: row.username, role, stations: null };
  const stations = await db.selectFrom('admin_stations').select('station_id').where('admin_id', '=', row.id).execute();
  return { id: row.id, username: row.username, role, stations: stations.map((s) => s.station_id).sort() };
}

/** Every admin with role and stations, by name. */
export async function listAdmins(db: Kysely<Db>): Promise<AdminSummary[]> {
  const admins = await db
    .selectFrom('admins')
    .select(['id', 'username', 'role', 'created_at'])
    .orderBy('username')
    .execute();
  const links = await db.selectFrom('admin_stations').select(['admin_id', 'station_id']).execute();
  return admins.map((a) => {
    const role = asRole(a.role);
    return {
      username: a.username,
      role,
      stations:
        role === 'manager'
          ? links
              .filter((l) => l.admin_id === a.id)
              .map((l) => l.station_id)
              .sort()
          : null,
      createdAt: new Date(a.created_at).toISOString(),
    };
  });
}
