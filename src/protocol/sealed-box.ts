/**
 * A sealed box: text a kiosk encrypts to the server's public key, which only the
 * server can open (ECDH P-256 with a fresh key per box or per sealer, HKDF-SHA-256,
 * AES-256-GCM; WebCrypto on both sides). The kiosk seals transfer files with it (a
 * lost USB stick or a curious host reads no phone numbers) and the phone of a
 * confirmed visit, which it keeps only masked and sealed.
 *
 * Text form: `sb1.<ephemeral public key>.<iv>.<ciphertext+tag>`, base64url parts.
 */
import * as v from 'valibot';

/** The server's public key as enrollment hands it over (a P-256 JWK without `d`). */
export const SealKeySchema = v.object({
  kty: v.literal('EC'),
  crv: v.literal('P-256'),
  x: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
  y: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
});
export type SealKey = v.InferOutput<typeof SealKeySchema>;

export const SEALED_BOX = /^sb1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/;

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const INFO = new TextEncoder().encode('waystation sealed box v1');

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function boxKey(privateKey: CryptoKey, publicKey: CryptoKey, epk: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: epk, info: INFO },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Seals texts to one server key; one ephemeral key per sealer, a fresh IV per box (cheap for many small texts). */
export interface Sealer {
  seal(text: string): Promise<string>;
}

export async function createSealer(serverKey: SealKey): Promise<Sealer> {
  const server = await crypto.subtle.importKey('jwk', { ...serverKey, ext: true }, ECDH, false, []);
  const pair = (await crypto.subtle.generateKey(ECDH, true, ['deriveBits'])) as CryptoKeyPair;
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const key = await boxKey(pair.privateKey, server, epk);
  const epkText = b64url(epk);
  return {
    async seal(text) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ct = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text)),
      );
      return `sb1.${epkText}.${b64url(iv)}.${b64url(ct)}`;
    },
  };
}

/** Opens a box with the server's private key (an ECDH CryptoKey); throws when it was not sealed to it or was changed. */
export async function openSealedBox(privateKey: CryptoKey, box: string): Promise<string> {
  if (!SEALED_BOX.test(box)) throw new Error('not a sealed box');
  const [, epkText, ivText, ctText] = box.split('.') as [string, string, string, string];
  const epk = fromB64url(epkText);
  const ephemeral = await crypto.subtle.importKey('raw', epk, ECDH, false, []);
  const key = await boxKey(privateKey, ephemeral, epk);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64url(ivText) }, key, fromB64url(ctText));
  return new TextDecoder().decode(plain);
}
