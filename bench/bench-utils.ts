import { readFileSync } from 'node:fs';
import sharp from 'sharp';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Peak resident memory of a process so far (VmHWM), in MiB. */
export function peakRssMiB(pid: number | 'self' = 'self'): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** A deterministic 1080² photo-like template: smooth colour fields with fine grain, like a real photograph. */
export async function makePhotoLikeTemplate(size = 1080): Promise<Buffer> {
  const grain = await sharp({
    create: {
      width: size,
      height: size,
      channels: 3,
      background: '#000000',
      noise: { type: 'gaussian', mean: 128, sigma: 22 },
    },
  })
    .raw()
    .toBuffer();
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      const base = [
        120 + 90 * Math.sin(x / 170) * Math.cos(y / 230),
        90 + 70 * Math.cos((x + y) / 260),
        110 + 80 * Math.sin(y / 140 + x / 400),
      ];
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.max(0, Math.min(255, base[c]! + (grain[i + c]! - 128) * 0.5));
    }
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .blur(0.8)
    .png()
    .toBuffer();
}

export async function makeLogo(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#FFD23F' } })
    .composite([
      { input: Buffer.from('<svg width="400" height="300"><circle cx="200" cy="150" r="110" fill="#7A0BC0"/></svg>') },
    ])
    .png()
    .toBuffer();
}
