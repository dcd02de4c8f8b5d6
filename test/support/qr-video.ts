/** Turns a text into a QR code clip Chromium's fake camera plays (`--use-file-for-fake-video-capture`). */
import { renameSync, writeFileSync } from 'node:fs';
import { encode } from 'uqr';

/**
 * Writes a Y4M (YUV 4:2:0) clip of `frames` identical frames showing the QR code of `text`,
 * dark modules on white, centred, `module` pixels per module. Chromium loops the clip.
 */
export function writeQrY4m(
  path: string,
  text: string,
  opts: { width?: number; height?: number; module?: number } = {},
) {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const { data, size } = encode(text, { border: 4, ecc: 'M' });
  const module = opts.module ?? Math.floor((Math.min(width, height) * 0.85) / size);
  const y = Buffer.alloc(width * height, 235);
  const left = Math.floor((width - size * module) / 2);
  const top = Math.floor((height - size * module) / 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (!data[r]![c]) continue;
      for (let dy = 0; dy < module; dy++)
        y.fill(
          16,
          (top + r * module + dy) * width + left + c * module,
          (top + r * module + dy) * width + left + (c + 1) * module,
        );
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  // Written whole, then renamed into place: a camera opening the clip meanwhile never reads half a file.
  writeFileSync(`${path}.tmp`, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]));
  renameSync(`${path}.tmp`, path);
}
