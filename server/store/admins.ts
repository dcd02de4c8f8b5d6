/** Admin accounts, their sessions, and API tokens for BI pulls. */
import type { Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../auth/password';
import { hashSecret, newId, newToken } from '../auth/secrets';
import type { Db } from './schema';

const SESSION_MS = 12 * 3600_000;

/** Creates an admin, or sets the password of an existing one. */
export async function upsertAdmin(db: Kysely<Db>, username: string, password: string, now = new Date()): Promise<void> {
  const password_hash = await hashPassword(password);
  await db
    .insertInto('admins')
    .values({ id: newId(), username, password_hash, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('username').doUpdateSet({ password_hash }))
    .execute();
}

/** Checks a sign-in and opens a session; answers the session token or undefined. */
export async function signIn(
  db: Kysely<Db>,
  username: string,
  password: string,
  now = new Date(),
): Promise<string | undefined> {
  const admin = await db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirst();
  if (!admin || !(await verifyPassword(password, admin.password_hash))) return undefined;
  const token = newToken('wss');
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

/** Makes an API token for exports; the clear token is shown once and stored hashed. */
export async function createApiToken(
  db: Kysely<Db>,
  name: string,
  now = new Date(),
): Promise<{ id: string; token: string }> {
  const token = newToken('wsa');
  const id = newId();
  await db
    .insertInto('api_tokens')
    .values({ id, name, token_hash: hashSecret(token), created_at: now.toISOString(), revoked_at: null })
    .execute();
  return { id, token };
}

/** True when the API token is known and not revoked. */
export async function isLiveApiToken(db: Kysely<Db>, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('api_tokens')
    .select('id')
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many admins exist (none means a fresh database). */
export async function countAdmins(db: Kysely<Db>): Promise<number> {
  const row = await db
    .selectFrom('admins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
