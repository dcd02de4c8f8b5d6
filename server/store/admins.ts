/** Admin accounts, their sessions, and API tokens for BI pulls. */
import type { Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../auth/password';
import { hashSecret, newId, newToken } from '../auth/secrets';
import { API_SCOPES, API_TOKEN_DAYS, type ApiScope } from '../../src/protocol/api-tokens';
import type { AdminRole } from '../../src/protocol/roles';
import { writeRole } from './admin-roles';
import type { ApiTokensTable, Db } from './schema';

const SESSION_MS = 12 * 3600_000;

/**
 * Creates an admin, or sets the password of an existing one and ends all its sessions. A new
 * admin is a district admin unless `role` says otherwise; an existing one keeps their role
 * unless `role` is given. A bad role (a manager without stations, an unknown station) throws
 * RoleError and changes nothing.
 */
export async function upsertAdmin(
  db: Kysely<Db>,
  username: string,
  password: string,
  now = new Date(),
  access: { role?: AdminRole; stations?: readonly string[] } = {},
): Promise<void> {
  const password_hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const admin = await trx
      .insertInto('admins')
      .values({ id: newId(), username, password_hash, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('username').doUpdateSet({ password_hash }))
      .returning('id')
      .executeTakeFirstOrThrow();
    if (access.role) await writeRole(trx, admin.id, access.role, access.stations);
    // A changed password locks out whoever held a session under the old one.
    await trx.deleteFrom('admin_sessions').where('admin_id', '=', admin.id).execute();
  });
}

// An unknown username is checked against this, so it costs what a real one does
// and the answer time does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a sign-in and opens a fresh session; answers the session token or
 * undefined. The session the browser held before (`replacing`) ends, and so do
 * all expired ones.
 */
export async function signIn(
  db: Kysely<Db>,
  username: string,
  password: string,
  now = new Date(),
  { replacing }: { replacing?: string } = {},
): Promise<string | undefined> {
  const admin = await db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirst();
  dummyHash ??= hashPassword('not a password anyone has');
  const matches = await verifyPassword(password, admin?.password_hash ?? (await dummyHash));
  if (!admin || !matches) return undefined;
  const token = newToken('wss');
  if (replacing) await signOut(db, replacing);
  await purgeExpiredSessions(db, now);
  await db
    .insertInto('admin_sessions')
    .values({
      token_hash: hashSecret(token),
      admin_id: admin.id,
      expires_at: new Date(now.getTime() + SESSION_MS).toISOString(),
    })
    .execute();
  return token;
}

/** The admin a live session belongs to. */
export async function adminBySession(db: Kysely<Db>, token: string, now = new Date()) {
  return db
    .selectFrom('admin_sessions')
    .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
    .select(['admins.id', 'admins.username'])
    .where('admin_sessions.token_hash', '=', hashSecret(token))
    .where('admin_sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
}

/** Ends a session. */
export async function signOut(db: Kysely<Db>, token: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('token_hash', '=', hashSecret(token)).execute();
}

/** Deletes sessions past their expiry; answers how many. */
export async function purgeExpiredSessions(db: Kysely<Db>, now = new Date()): Promise<number> {
  const res = await db.deleteFrom('admin_sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}

// The scopes and the default life live in the protocol, where the console reads them too.
export { API_SCOPES, API_TOKEN_DAYS, type ApiScope };

/** A live API token, as the export routes see it. */
export interface ApiTokenHolder {
  id: string;
  name: string;
  scopes: ApiScope[];
}

const readScopes = (text: string) =>
  text.split(/\s+/).filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));

/** Makes an API token for exports; the clear token is shown once and stored hashed. */
export async function createApiToken(
  db: Kysely<Db>,
  name: string,
  {
    now = new Date(),
    scopes = ['export'],
    days = API_TOKEN_DAYS,
  }: { now?: Date; scopes?: readonly ApiScope[]; days?: number } = {},
): Promise<{ id: string; token: string; expiresAt: string; scopes: ApiScope[] }> {
  const token = newToken('wsa');
  const id = newId();
  const expiresAt = new Date(now.getTime() + days * 24 * 3600_000).toISOString();
  const kept = [...new Set(['export', ...scopes])] as ApiScope[];
  await db
    .insertInto('api_tokens')
    .values({
      id,
      name,
      token_hash: hashSecret(token),
      created_at: now.toISOString(),
      revoked_at: null,
      expires_at: expiresAt,
      scopes: kept.join(' '),
    })
    .execute();
  return { id, token, expiresAt, scopes: kept };
}

/** The holder of a known, unrevoked, unexpired API token. */
export async function apiTokenHolder(
  db: Kysely<Db>,
  token: string,
  now = new Date(),
): Promise<ApiTokenHolder | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes'])
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, scopes: readScopes(row.scopes) };
}

/** True when the API token is known, not revoked and not expired. */
export async function isLiveApiToken(db: Kysely<Db>, token: string, now = new Date()): Promise<boolean> {
  return (await apiTokenHolder(db, token, now)) !== undefined;
}

/**
 * Revokes an API token by its id; false when there is none to revoke. The CLI revokes any
 * unrevoked token; `liveOnly` (the console) also leaves an expired one alone.
 */
export async function revokeApiToken(
  db: Kysely<Db>,
  id: string,
  now = new Date(),
  { liveOnly = false }: { liveOnly?: boolean } = {},
): Promise<boolean> {
  let update = db
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null);
  if (liveOnly)
    update = update.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]));
  const res = await update.executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

const tokenView = (r: ApiTokensTable) => ({
  id: r.id,
  name: r.name,
  scopes: readScopes(r.scopes),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

/** Every API token (never its secret), oldest first: the newest is the last line the CLI prints. */
export async function listApiTokens(db: Kysely<Db>) {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(tokenView);
}

/** One API token by its id (never its secret), or undefined. */
export async function findApiToken(db: Kysely<Db>, id: string) {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && tokenView(row);
}

/** How many admins exist (none means a fresh database). */
export async function countAdmins(db: Kysely<Db>): Promise<number> {
  const row = await db
    .selectFrom('admins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
