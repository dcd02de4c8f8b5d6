/** Host PIN: only a salted PBKDF2-SHA256 hash is stored, never the PIN. */

const ITERATIONS = 100_000;

export interface PinHash {
  salt: string;
  hash: string;
  iterations: number;
}

/** A PIN is 4 to 8 digits. */
export function isValidPin(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function derive(pin: string, salt: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations },
    key,
    256,
  );
  return toHex(new Uint8Array(bits));
}

/** Hashes a new PIN with a fresh random salt. */
export async function hashPin(pin: string): Promise<PinHash> {
  const salt = toHex(crypto.getRandomValues(new Uint8Array(16)));
  return { salt, iterations: ITERATIONS, hash: await derive(pin, salt, ITERATIONS) };
}

/** True when the PIN matches the stored hash. */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const hash = await derive(pin, stored.salt, stored.iterations);
  let diff = hash.length ^ stored.hash.length;
  for (let i = 0; i < hash.length && i < stored.hash.length; i++) {
    diff |= hash.charCodeAt(i) ^ stored.hash.charCodeAt(i);
  }
  return diff === 0;
}
