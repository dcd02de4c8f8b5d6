/**
 * A host PIN reset the admin can issue for a kiosk that may be offline: the n-th
 * reset code of a device is the first 8 digits of HMAC-SHA-256 under the device key
 * (which enrollment gave the kiosk and the server keeps), so the kiosk checks it with
 * no network. Each code works once: the kiosk remembers the highest n it accepted
 * and takes only the next few, so an older code (read off a note) is dead.
 */
import * as v from 'valibot';

/** Codes ahead of the last one used that a kiosk still accepts (codes issued but never typed). */
export const PIN_RESET_WINDOW = 5;

export const PIN_RESET_CODE = /^\d{8}$/;

/** The n-th reset code (n ≥ 1) of the device holding `deviceKey`. */
export async function pinResetCode(deviceKey: string, n: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(deviceKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`waystation-pin-reset:${n}`)),
  );
  const number = new DataView(mac.buffer).getUint32(0) % 100_000_000;
  return String(number).padStart(8, '0');
}

/** Which reset a typed code is (the n after `used`, within the window), or null when it is none of them. */
export async function matchPinResetCode(deviceKey: string, used: number, typed: string): Promise<number | null> {
  if (!PIN_RESET_CODE.test(typed)) return null;
  for (let n = used + 1; n <= used + PIN_RESET_WINDOW; n++) {
    if ((await pinResetCode(deviceKey, n)) === typed) return n;
  }
  return null;
}

/** `POST /admin/devices/:id/pin-reset-code` → the code to read to the host. */
export const PinResetCodeResponseSchema = v.object({
  code: v.pipe(v.string(), v.regex(PIN_RESET_CODE)),
  n: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type PinResetCodeResponse = v.InferOutput<typeof PinResetCodeResponseSchema>;
