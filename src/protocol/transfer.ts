/**
 * The offline transfer file: a kiosk with no network for weeks exports its
 * unsynced changes to a USB stick; the admin imports the file in the console.
 * The file is signed with HMAC-SHA256 keyed by SHA-256(device token) — a value
 * the server already stores — so a changed or truncated file is refused.
 */
import * as v from 'valibot';
import { ChangeSchema } from './schemas';

export const TRANSFER_FORMAT = 'waystation-transfer' as const;

export const TransferFileSchema = v.object({
  format: v.literal(TRANSFER_FORMAT),
  version: v.literal(1),
  deviceId: v.pipe(v.string(), v.minLength(1)),
  stationId: v.pipe(v.string(), v.minLength(1)),
  exportedAt: v.string(),
  changes: v.array(ChangeSchema),
  mac: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a 64-digit hex signature')),
});
export type TransferFile = v.InferOutput<typeof TransferFileSchema>;

/** The exact text that is signed: every field but the signature, in a fixed order. */
export function signedText(file: Omit<TransferFile, 'mac'>): string {
  const { format, version, deviceId, stationId, exportedAt, changes } = file;
  return JSON.stringify({ format, version, deviceId, stationId, exportedAt, changes });
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of a token as lowercase hex (the server stores device tokens this way). */
export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** HMAC-SHA256 of the signed text, keyed by the token's hash. */
export async function transferMac(tokenHash: string, file: Omit<TransferFile, 'mac'>): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(tokenHash),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signedText(file))));
}
