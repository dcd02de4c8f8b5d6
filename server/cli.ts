/** `npm run admin -- <command>`: script-friendly admin commands; each prints its result alone on the last line. */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupPostgres, backupSqlite, restorePostgres, restoreSqlite } from './store/backup';
import { readConfig } from './config';
import { loadServerSecret, SECRET_FILE } from './auth/server-secret';
import { checkServerSecret, SecretMismatchError } from './store/secret-check';
import {
  API_SCOPES,
  API_TOKEN_DAYS,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  upsertAdmin,
  type ApiScope,
} from './store/admins';
import { AUDIT_ACTIONS, readAudit, writeAudit, type AuditAction } from './store/audit-log';
import { createEnrollCode, listDevices, revokeDevice } from './store/devices';
import { resealPhones } from './store/migration-sealed-phones';
import { listAdmins, setAdminRole } from './store/admin-roles';
import { ADMIN_ROLES, type AdminRole } from '../src/protocol/roles';
import { openDatabase } from './store/open-database';
import { rebuildRollups } from './store/rollups';
import { createStation, getStation, listStations, setRetentionDays } from './store/stations';

const USAGE = `Usage: npm run admin -- <command> [options]
  create-station --name NAME --kind hub|branch   prints the new station id
  list-stations                                  prints one "id<TAB>kind<TAB>name" line per station
  enroll-code --station ID [--hours H]           prints a single-use kiosk enrollment code
  reenroll-code --device ID [--hours H]          prints a code (1 h unless told, 24 h at most) that re-enrolls a kiosk whose storage was wiped
  create-api-token --name NAME [--scopes export,export:phones] [--days D]
                                                 prints an API token for exports (scope export only and 90 days unless told)
  list-api-tokens                                prints one "id<TAB>name<TAB>scopes<TAB>expires<TAB>revoked" line per token
  revoke-api-token --id ID                       prints "revoked"; the token is refused from now on
  audit-log [--limit N] [--action A]             prints the newest audit entries (newest last), one "at<TAB>actor<TAB>action<TAB>address<TAB>detail" line each
  create-admin --user USER --password-stdin [--role district|manager|viewer] [--stations ID,ID]
                                                 reads the password from stdin, prints the user (a new admin is a district admin unless --role says otherwise; a manager needs --stations)
  set-role --user USER --role district|manager|viewer [--stations ID,ID]
                                                 changes an admin's role (and a manager's stations); prints "USER<TAB>ROLE<TAB>stations"
  list-admins                                    prints one "user<TAB>role<TAB>stations" line per admin
  set-retention --station ID --days N            kiosks keep synced visits N days (default 90); prints N
  revoke-device --device ID                      prints "revoked"
  rebuild-rollups                                recounts the dashboard's visit rollups from the raw visits (TZ_DISPLAY's days); prints how many visits
  backup --to FILE                               a consistent copy of the store (SQLite backup API, or pg_dump), safe while servers run; prints FILE
  restore --from FILE                            with every server stopped: replaces the store, starts a new epoch; prints the epoch
  reseal-phones                                  after a secret rotation (README "Security"): seals stored phones again under
                                                 WAYSTATION_SECRET, opening them with WAYSTATION_PREVIOUS_SECRET; prints how many`;

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

/** `--role` and `--stations` as given; an unknown role is refused before anything is written. */
function roleArgs(role: string | undefined, stations: string | undefined): { role?: AdminRole; stations?: string[] } {
  if (role === undefined) {
    if (stations !== undefined) throw new Error('--stations goes with --role manager');
    return {};
  }
  if (!(ADMIN_ROLES as readonly string[]).includes(role))
    throw new Error(`--role must be one of ${ADMIN_ROLES.join(', ')}`);
  const list = (stations ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { role: role as AdminRole, stations: list };
}

async function main(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      kind: { type: 'string' },
      station: { type: 'string' },
      hours: { type: 'string' },
      user: { type: 'string' },
      device: { type: 'string' },
      days: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      to: { type: 'string' },
      from: { type: 'string' },
      id: { type: 'string' },
      scopes: { type: 'string' },
      limit: { type: 'string' },
      action: { type: 'string' },
      role: { type: 'string' },
      stations: { type: 'string' },
    },
  });
  const need = (key: keyof typeof values) => {
    const value = values[key];
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`--${key} is required\n${USAGE}`);
    return value.trim();
  };
  const config = readConfig();
  // Backup and restore work on the store's files or dump tools, not through an open store.
  if (command === 'backup') {
    const to = resolve(need('to'));
    if (config.databaseUrl) await backupPostgres(config.databaseUrl, to);
    else await backupSqlite(config.dataDir, to);
    return to;
  }
  if (command === 'restore') {
    const from = resolve(need('from'));
    return config.databaseUrl ? restorePostgres(config.databaseUrl, from) : restoreSqlite(config.dataDir, from);
  }
  const madeSecret = !process.env.WAYSTATION_SECRET?.trim() && !existsSync(join(config.dataDir, SECRET_FILE));
  loadServerSecret(config.dataDir);
  const store = await openDatabase(config);
  try {
    await checkServerSecret(store.db);
  } catch (err) {
    await store.close();
    // A secret this run just made for a store that has another is of no use to anyone: not left behind.
    if (madeSecret && err instanceof SecretMismatchError) rmSync(join(config.dataDir, SECRET_FILE), { force: true });
    throw err;
  }
  try {
    switch (command) {
      case 'create-station': {
        const kind = need('kind');
        if (kind !== 'hub' && kind !== 'branch') throw new Error('--kind must be hub or branch');
        const station = await createStation(store.db, { name: need('name'), kind });
        await writeAudit(store.db, {
          actor: 'cli',
          action: 'station_created',
          detail: `${station.id} ${station.name}`,
        });
        return station.id;
      }
      case 'list-stations':
        return (await listStations(store.db)).map((s) => `${s.id}\t${s.kind}\t${s.name}`).join('\n');
      case 'enroll-code': {
        const station = await getStation(store.db, need('station'));
        if (!station) throw new Error('No station with that id (see list-stations)');
        const hours = Number(values.hours ?? 24);
        if (!(hours > 0 && hours <= 24 * 30)) throw new Error('--hours must be between 0 and 720');
        const made = await createEnrollCode(store.db, station.id, { ttlMs: hours * 3600_000 });
        await writeAudit(store.db, { actor: 'cli', action: 'enroll_code_created', detail: `station ${station.id}` });
        return made.code;
      }
      case 'reenroll-code': {
        const device = (await listDevices(store.db)).find((d) => d.id === need('device'));
        if (!device) throw new Error('No device with that id');
        // It hands an existing device (its history, its station) to whoever types it first: short-lived.
        const hours = Number(values.hours ?? 1);
        if (!(hours > 0 && hours <= 24)) throw new Error('--hours must be between 0 and 24');
        if (device.revokedAt) throw new Error('That device is revoked; enroll the kiosk anew with enroll-code');
        const made = await createEnrollCode(store.db, device.stationId, {
          ttlMs: hours * 3600_000,
          deviceId: device.id,
        });
        await writeAudit(store.db, { actor: 'cli', action: 'reenroll_code_created', detail: `device ${device.id}` });
        return made.code;
      }
      case 'create-api-token': {
        const scopes = (values.scopes ?? 'export').split(',').map((s) => s.trim());
        const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
        if (unknown.length) throw new Error(`Unknown scope ${unknown.join(', ')}; scopes are ${API_SCOPES.join(', ')}`);
        const days = Number(values.days ?? API_TOKEN_DAYS);
        if (!Number.isInteger(days) || days < 1 || days > 3650)
          throw new Error('--days must be a whole number from 1 to 3650');
        const made = await createApiToken(store.db, need('name'), { scopes: scopes as ApiScope[], days });
        await writeAudit(store.db, {
          actor: 'cli',
          action: 'api_token_created',
          detail: `${made.id} "${need('name')}" ${made.scopes.join(' ')} until ${made.expiresAt}`,
        });
        return made.token;
      }
      case 'list-api-tokens':
        return (await listApiTokens(store.db))
          .map((t) => [t.id, t.name, t.scopes.join(' '), t.expiresAt ?? 'never', t.revokedAt ?? '-'].join('\t'))
          .join('\n');
      case 'revoke-api-token': {
        const id = need('id');
        if (!(await revokeApiToken(store.db, id))) throw new Error('No such API token, or already revoked');
        await writeAudit(store.db, { actor: 'cli', action: 'api_token_revoked', detail: id });
        return 'revoked';
      }
      case 'audit-log': {
        const limit = Number(values.limit ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new Error('--limit must be a whole number from 1 to 10000');
        const action = values.action;
        if (action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(action))
          throw new Error(`--action must be one of ${AUDIT_ACTIONS.join(', ')}`);
        return (await readAudit(store.db, { limit, action: action as AuditAction | undefined }))
          .reverse()
          .map((e) => [e.at, e.actor, e.action, e.address ?? '-', e.detail ?? ''].join('\t'))
          .join('\n');
      }
      case 'create-admin': {
        const user = need('user');
        if (!values['password-stdin']) throw new Error('Pass the password on stdin with --password-stdin');
        const access = roleArgs(values.role, values.stations);
        const password = await readStdin();
        if (password.length < 8) throw new Error('The password must be at least 8 characters');
        await upsertAdmin(store.db, user, password, new Date(), access);
        const role = access.role
          ? ` as ${access.role}${access.stations?.length ? ` (${access.stations.join(', ')})` : ''}`
          : '';
        await writeAudit(store.db, { actor: 'cli', action: 'admin_created', detail: `${user}${role}` });
        return user;
      }
      case 'set-role': {
        const user = need('user');
        const { role, stations = [] } = roleArgs(need('role'), values.stations);
        const before = await setAdminRole(store.db, user, role!, stations);
        const list = role === 'manager' ? ` (${[...new Set(stations)].join(', ')})` : '';
        await writeAudit(store.db, {
          actor: 'cli',
          action: 'role_changed',
          detail: `${user}: ${before.previous} → ${role}${list}`,
        });
        return [user, role, [...new Set(stations)].join(',') || '-'].join('\t');
      }
      case 'list-admins':
        return (await listAdmins(store.db))
          .map((a) => [a.username, a.role, a.stations?.join(',') || '-'].join('\t'))
          .join('\n');
      case 'set-retention': {
        const days = Number(need('days'));
        if (!Number.isInteger(days) || days < 1 || days > 3650)
          throw new Error('--days must be a whole number from 1 to 3650');
        if (!(await setRetentionDays(store.db, need('station'), days)))
          throw new Error('No station with that id (see list-stations)');
        return String(days);
      }
      case 'reseal-phones':
        return String(await resealPhones(store.db));
      case 'revoke-device':
        if (!(await revokeDevice(store.db, need('device')))) throw new Error('No such device, or already revoked');
        await writeAudit(store.db, { actor: 'cli', action: 'device_revoked', detail: `device ${need('device')}` });
        return 'revoked';
      case 'rebuild-rollups':
        return String(await rebuildRollups(store.db, config.timeZone));
      default:
        throw new Error(USAGE);
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (out) => console.log(out),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
