/** Secrets the server hands out (device and API tokens, session ids, enrollment codes) and how they are stored: hashed. */
import { createHash, randomBytes, randomInt } from 'node:crypto';

/** SHA-256 hex of a high-entropy secret; enough for tokens, which are never guessable. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A fresh bearer token with a readable prefix (`wsd_` device, `wsa_` API, `wss_` session). */
export function newToken(prefix: 'wsd' | 'wsa' | 'wss' | 'wsk'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** A 10-digit enrollment code, typed on the kiosk's keypad. */
export function newEnrollCode(): string {
  return Array.from({ length: 10 }, () => randomInt(10)).join('');
}

/** A random id for server-made rows. */
export function newId(): string {
  return randomBytes(12).toString('hex');
}
