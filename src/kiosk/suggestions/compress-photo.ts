/** Shrinks a camera frame into a JPEG that fits the server's limit: lower quality first, then fewer pixels. */
import { PHOTO_MAX_BYTES } from '../../protocol/suggestion-photos';

/** The long edge a photo starts at: enough to read a sign or see a broken lamp. */
const START_EDGE = 1280;
const QUALITIES = [0.8, 0.65, 0.5, 0.4];

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/**
 * Draws `source` (width × height) into a canvas and encodes it as JPEG, shrinking until
 * it has at most `maxBytes`; answers the bytes, or null when the browser cannot encode.
 */
export async function compressPhoto(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxBytes = PHOTO_MAX_BYTES,
): Promise<Uint8Array | null> {
  if (!width || !height) return null;
  let scale = Math.min(1, START_EDGE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  for (let round = 0; round < 8; round++) {
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
    for (const q of QUALITIES) {
      const blob = await toJpeg(canvas, q);
      if (!blob) return null;
      if (blob.size <= maxBytes) return new Uint8Array(await blob.arrayBuffer());
    }
    scale *= 0.7;
  }
  return null;
}

/** True when the kiosk has a camera at all (no camera: the photo button is not shown). */
export async function hasCamera(): Promise<boolean> {
  try {
    const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
    return devices.some((d) => d.kind === 'videoinput');
  } catch {
    return false;
  }
}
