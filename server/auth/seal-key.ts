/**
 * The server's sealed-box key pair (src/protocol/sealed-box.ts), derived from the
 * server secret, so every server process and every restart has the same one and
 * nothing new is kept on disk. Kiosks receive the public half at enrollment (and
 * on asking, if enrolled before it existed); transfer files and the sealed phones
 * of confirmed visits are opened with the private half.
 */
import { createECDH } from 'node:crypto';
import { openSealedBox, type SealKey } from '../../src/protocol/sealed-box';
import { derivedKeys } from './server-secret';

interface Pair {
  publicJwk: SealKey;
  privateKey: Promise<CryptoKey>;
}

const pairs = new Map<Buffer, Pair>();

function pairFor(seed: Buffer): Pair {
  let pair = pairs.get(seed);
  if (pair) return pair;
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(seed);
  const pub = ecdh.getPublicKey();
  const publicJwk: SealKey = {
    kty: 'EC',
    crv: 'P-256',
    x: pub.subarray(1, 33).toString('base64url'),
    y: pub.subarray(33, 65).toString('base64url'),
  };
  const privateKey = crypto.subtle.importKey(
    'jwk',
    { ...publicJwk, d: seed.toString('base64url'), ext: false },
    { name: 'ECDH', namedCurve: 'P-256' },
    false,
    ['deriveBits'],
  );
  pair = { publicJwk, privateKey };
  pairs.set(seed, pair);
  return pair;
}

/** The public key kiosks seal to. */
export function sealPublicKey(): SealKey {
  return pairFor(derivedKeys('kiosk-seal-v1')[0]!.key).publicJwk;
}

/** Opens a box a kiosk sealed, with the current secret's key or the previous one's. */
export async function openKioskBox(box: string): Promise<string> {
  let last: unknown;
  for (const { key } of derivedKeys('kiosk-seal-v1')) {
    try {
      return await openSealedBox(await pairFor(key).privateKey, box);
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error('cannot open the sealed box');
}
