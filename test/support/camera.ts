import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';

/**
 * A video file for Chromium's fake camera (`--use-file-for-fake-video-capture`) that films a QR
 * code of the text, held still on white: Y4M, 640×480 unless told, 4:2:0, a few frames (Chromium
 * loops it).
 * The real page then reads it through getUserMedia like a real camera's picture.
 */
export function qrVideo(path: string, text: string, size: { width: number; height: number } = { width: 640, height: 480 }): void {
  const W = size.width;
  const H = size.height;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = Math.floor(Math.min(W, H) / (n + 8));
  const x0 = Math.floor((W - n * scale) / 2);
  const y0 = Math.floor((H - n * scale) / 2);
  const y = Buffer.alloc(W * H, 235); // white
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < scale; dy++) y.fill(16, (y0 + r * scale + dy) * W + x0 + c * scale, (y0 + r * scale + dy) * W + x0 + (c + 1) * scale); // black
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame, frame, frame]));
}

/** Chromium whose camera films that video file, and whose pages may use it without asking. */
export function launchFilming(video: string): Promise<Browser> {
  return launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
}
