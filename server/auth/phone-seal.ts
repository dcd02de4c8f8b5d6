/**
 * Phone numbers at rest: sealed with AES-256-GCM under a key derived from the
 * server secret (kept outside the database), so a copy of the database file or a
 * PostgreSQL dump holds no phone number in clear. A sealed phone reads
 * `p1.<key id>.<iv|ciphertext|tag, base64url>`; the key id says which secret sealed
 * it, so after a rotation WAYSTATION_PREVIOUS_SECRET still opens older rows until
 * `npm run admin -- reseal-phones` has sealed them again under the new one.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomFillSync, type KeyObject } from 'node:crypto';
import { derivedKeys } from './server-secret';

const LABEL = 'phones-v1';
const PREFIX = 'p1.';

/** True when `value` is a sealed phone (not a clear one). */
export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Each derived key as a KeyObject, made once (a push seals a hundred phones). */
const keyObjects = new WeakMap<Buffer, KeyObject>();
function keyObject(key: Buffer): KeyObject {
  let made = keyObjects.get(key);
  if (!made) keyObjects.set(key, (made = createSecretKey(key)));
  return made;
}

/** Random IVs drawn from a pool filled 4 KiB at a time: one system call per 341 phones, not one each. */
const ivPool = Buffer.alloc(12 * 341);
let ivAt = ivPool.length;
function freshIv(): Buffer {
  if (ivAt === ivPool.length) {
    randomFillSync(ivPool);
    ivAt = 0;
  }
  // A copy: the pool is refilled later, and every IV is used exactly once.
  const iv = Buffer.from(ivPool.subarray(ivAt, ivAt + 12));
  ivAt += 12;
  return iv;
}

/** Seals a phone number under the current secret. */
export function sealPhone(phone: string): string {
  const { kid, key } = derivedKeys(LABEL)[0]!;
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', keyObject(key), iv);
  const body = Buffer.concat([iv, cipher.update(phone, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${kid}.${body.toString('base64url')}`;
}

/** Opens a sealed phone (a clear one is answered as it is). Throws, naming the fix, when no loaded secret sealed it. */
export function openPhone(value: string): string {
  if (!isSealed(value)) return value;
  const [, kid, data] = value.split('.');
  const found = derivedKeys(LABEL).find((k) => k.kid === kid);
  if (!found || !data) {
    throw new Error(
      `A phone number was sealed with a secret this server does not hold (key ${kid}); ` +
        'set WAYSTATION_PREVIOUS_SECRET to the old secret, or restore the secret the data was written with',
    );
  }
  const body = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', found.key, body.subarray(0, 12));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]).toString('utf8');
}

/** True when a sealed phone was sealed with an older secret than the current one (reseal it). */
export function sealedWithOldKey(value: string): boolean {
  return isSealed(value) && value.split('.')[1] !== derivedKeys(LABEL)[0]!.kid;
}

/** A nullable phone, sealed. */
export function sealNullable(phone: string | null): string | null {
  return phone === null ? null : sealPhone(phone);
}

/** A nullable phone, opened. */
export function openNullable(value: string | null): string | null {
  return value === null ? null : openPhone(value);
}

/** A record's JSON for storage, with its `phone` (if any) sealed. */
export function sealedJson(record: object): string {
  const phone = (record as { phone?: unknown }).phone;
  if (typeof phone !== 'string' || isSealed(phone)) return JSON.stringify(record);
  return JSON.stringify({ ...record, phone: sealPhone(phone) });
}

/** A stored record's JSON, parsed, with its `phone` (if any) opened. */
export function openJson<T>(text: string): T {
  const record = JSON.parse(text) as T & { phone?: unknown };
  if (typeof record.phone === 'string' && isSealed(record.phone)) record.phone = openPhone(record.phone);
  return record;
}
