/**
 * The server secret: the key of the keyed hashes that enrollment codes are
 * stored as, so a copy of the database alone cannot try all 10^10 codes.
 * It lives outside the database: WAYSTATION_SECRET (hex or base64, ≥ 32 bytes),
 * else `DATA_DIR/server-secret`, made on first start with mode 0600. Keys for
 * other purposes (sealing phone numbers) are derived from it by label; after a
 * rotation, WAYSTATION_PREVIOUS_SECRET still opens what the old one sealed.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'server-secret';

// Until a server or the CLI loads the real secret, a random one for this process
// (tests that make and spend codes in one process need nothing more).
let secret: Buffer = randomBytes(32);
let previous: Buffer | null = null;

function parseSecret(text: string, name: string): Buffer {
  const key = /^[0-9a-f]+$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length < 32) throw new Error(`${name} must hold at least 32 bytes (64 hex digits)`);
  return key;
}

/** Reads (or on first start makes) the secret and uses it from now on; answers where it came from. */
export function loadServerSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const old = env.WAYSTATION_PREVIOUS_SECRET?.trim();
  previous = old ? parseSecret(old, 'WAYSTATION_PREVIOUS_SECRET') : null;
  derived.clear();
  const fromEnv = env.WAYSTATION_SECRET?.trim();
  if (fromEnv) {
    secret = parseSecret(fromEnv, 'WAYSTATION_SECRET');
    return 'WAYSTATION_SECRET';
  }
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // `wx`: two processes starting together cannot both write one; the loser reads the winner's.
    try {
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 32) throw new Error(`${file} does not hold a secret of 32 bytes; delete it to make a new one`);
  secret = key;
  return file;
}

/**
 * What the store keeps to know which secret wrote it (an HMAC of a fixed label: it tells
 * nothing of the secret): the current secret's, and the previous one's during a rotation.
 */
export function secretFingerprints(): { current: string; previous: string | null } {
  const of = (key: Buffer) => createHmac('sha256', key).update('waystation secret check v1').digest('hex').slice(0, 32);
  return { current: of(secret), previous: previous ? of(previous) : null };
}

/** HMAC-SHA-256 hex of a low-entropy secret (an enrollment code) under the server secret. */
export function keyedHash(value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex');
}

/** The same keyed hash under WAYSTATION_PREVIOUS_SECRET (null when none is set): what rows written before a rotation hold. */
export function previousKeyedHash(value: string): string | null {
  return previous ? createHmac('sha256', previous).update(value).digest('hex') : null;
}

/** A key derived for one purpose, named by a short id so sealed data says which key sealed it. */
export interface DerivedKey {
  kid: string;
  key: Buffer;
}

const derived = new Map<string, DerivedKey[]>();

function derive(from: Buffer, label: string): DerivedKey {
  return {
    kid: createHmac('sha256', from).update(`waystation-key-id:${label}`).digest('hex').slice(0, 8),
    key: createHmac('sha256', from).update(`waystation-key:${label}`).digest(),
  };
}

/** The keys for `label`: the current secret's first, then the previous secret's (if set). */
export function derivedKeys(label: string): DerivedKey[] {
  let keys = derived.get(label);
  if (!keys) {
    keys = [derive(secret, label), ...(previous ? [derive(previous, label)] : [])];
    derived.set(label, keys);
  }
  return keys;
}
