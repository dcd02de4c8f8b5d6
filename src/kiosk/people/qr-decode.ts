/**
 * Reading a QR code from camera frames: the browser's BarcodeDetector where it
 * has one (Chrome on Android and ChromeOS, Safari), otherwise jsQR, a pure-JS
 * decoder that works offline from the precache (see README for the choice).
 */
/** Decodes one frame's pixels; null when no QR code is in it. */
export type ImageDecoder = (image: ImageData) => string | null;

/** Loads jsQR (its own chunk, fetched only where the browser has no BarcodeDetector). */
export async function loadImageDecoder(): Promise<ImageDecoder> {
  const { default: jsQR } = await import('jsqr');
  // Cards are dark on light; skipping the inverted pass halves the work per frame.
  return (image) => jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (opts: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** The longest side a frame is decoded at. */
export const MAX_FRAME_PX = 640;

/** A frame reader for a playing video: answers the QR text in the current frame, or null. */
export type FrameReader = (video: HTMLVideoElement) => Promise<string | null>;

/** Picks the native detector when it reads QR codes, else jsQR over a canvas copy of the frame. */
export async function createFrameReader(): Promise<FrameReader> {
  const Native = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Native) {
    try {
      if ((await Native.getSupportedFormats()).includes('qr_code')) {
        const detector = new Native({ formats: ['qr_code'] });
        return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
      }
    } catch {
      // Fall through to jsQR.
    }
  }
  const decodeImageData = await loadImageDecoder();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    if (!ctx || video.videoWidth === 0) return null;
    // A larger frame is scaled down: a card held up fills much of it, and the decoder's time grows with pixels.
    const scale = Math.min(1, MAX_FRAME_PX / Math.max(video.videoWidth, video.videoHeight));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    return decodeImageData(ctx.getImageData(0, 0, canvas.width, canvas.height));
  };
}
