/**
 * The offline transfer file: a kiosk with no network for weeks exports its
 * unsynced changes to a USB stick; the admin imports the file in the console.
 * Version 2 is signed with HMAC-SHA256 keyed by the device key that enrollment
 * gave the kiosk (it survives re-enrollment, so the natural order — export to
 * USB, wipe, re-enroll, import — keeps the file valid) and carries the refused
 * changes too. Version 1 was keyed by SHA-256(device token). A changed or
 * truncated file is refused either way. Version 3 (a kiosk that holds the server's
 * key) carries its changes sealed to that key (src/protocol/sealed-box.ts): the
 * USB stick, and a host with the PIN, hold no phone number or name in clear.
 */
import * as v from 'valibot';
import { SEALED_BOX } from './sealed-box';
import { ChangeSchema } from './schemas';

export const TRANSFER_FORMAT = 'waystation-transfer' as const;

const Mac = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a 64-digit hex signature'));
const Header = {
  format: v.literal(TRANSFER_FORMAT),
  deviceId: v.pipe(v.string(), v.minLength(1)),
  stationId: v.pipe(v.string(), v.minLength(1)),
  exportedAt: v.string(),
};

/** What a version-3 file seals: the queued changes and the refused ones. */
export const TransferContentsSchema = v.object({
  changes: v.array(ChangeSchema),
  refused: v.array(ChangeSchema),
});
export type TransferContents = v.InferOutput<typeof TransferContentsSchema>;

export const TransferFileSchema = v.variant('version', [
  v.object({
    ...Header,
    version: v.picklist([1, 2]),
    changes: v.array(ChangeSchema),
    /** Version 2: changes the server refused, which the kiosk keeps in quarantine. */
    refused: v.optional(v.array(ChangeSchema)),
    mac: Mac,
  }),
  v.object({
    ...Header,
    version: v.literal(3),
    /** `TransferContents` as JSON, sealed to the server's key. */
    sealed: v.pipe(v.string(), v.regex(SEALED_BOX, 'must be a sealed box')),
    mac: Mac,
  }),
]);
export type TransferFile = v.InferOutput<typeof TransferFileSchema>;

/** The exact text that is signed: every field but the signature, in a fixed order. */
export function signedText(file: DistributiveOmit<TransferFile, 'mac'>): string {
  const { format, version, deviceId, stationId, exportedAt } = file;
  if (file.version === 3)
    return JSON.stringify({ format, version, deviceId, stationId, exportedAt, sealed: file.sealed });
  const { changes, refused } = file;
  return JSON.stringify(
    version === 1
      ? { format, version, deviceId, stationId, exportedAt, changes }
      : { format, version, deviceId, stationId, exportedAt, changes, refused: refused ?? [] },
  );
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of a token as lowercase hex (the server stores device tokens this way). */
export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** HMAC-SHA256 of the signed text, keyed by the device key (version 2) or the token's hash (version 1). */
export async function transferMac(keyText: string, file: DistributiveOmit<TransferFile, 'mac'>): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(keyText),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signedText(file))));
}
