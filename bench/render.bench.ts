import {
  decodeImage,
  type OutputFormat,
  renderToImage,
  type ServerImage,
} from '../src/adapters/canvas/server-canvas.js';
import { createServerRenderer } from '../src/adapters/canvas/server-renderer.js';
import type { SizedImage } from '../src/renderer/canvas.types.js';
import type { VariantStyle } from '../src/renderer/render.types.js';
import { peakRssMiB, percentile } from './bench-utils.js';

/** The same box and style as bench/pillow_render.py. */
export const BENCH_STYLE: VariantStyle = {
  box: { leftPct: 10, topPct: 78, widthPct: 80, heightPct: 12 },
  hAlign: 'center',
  vAlign: 'middle',
  maxFontPx: 140,
  fontColor: '#FFFFFF',
  outline: null,
};

export interface FormatResult {
  median_ms: number;
  p95_ms: number;
  images_per_s_both_cores: number;
  bytes: number;
}

/** One image at a time through the server's renderer: pooled canvas, a yield per image, sharp encode. */
async function serial(
  template: SizedImage<ServerImage>,
  logo: SizedImage<ServerImage>,
  format: OutputFormat,
  iterations: number,
) {
  const renderer = createServerRenderer();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const code = `SAVE${String(i).padStart(4, '0')}`;
    await renderer.render({ template, logo, style: BENCH_STYLE, code, format, opaque: true });
    times.push(performance.now() - started);
  }
  return times;
}

async function throughput(
  template: SizedImage<ServerImage>,
  logo: SizedImage<ServerImage>,
  format: OutputFormat,
  seconds: number,
) {
  const renderer = createServerRenderer();
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  const worker = async (id: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      await renderer.render({ template, logo, style: BENCH_STYLE, code: `W${id}-${i}`, format, opaque: true });
      done++;
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  return done / ((performance.now() - started) / 1000);
}

/** Decode once, then draw + encode: per-image latency, images/s using both cores, file size and peak RSS. */
export async function benchRender({
  templatePng,
  logoPng,
  iterations,
  seconds,
}: {
  templatePng: Buffer;
  logoPng: Buffer;
  iterations: number;
  seconds: number;
}) {
  const decodeStarted = performance.now();
  const template = await decodeImage(templatePng);
  const decodeMs = performance.now() - decodeStarted;
  const logo = await decodeImage(logoPng);
  const result: Record<OutputFormat, FormatResult> & {
    decode_once_ms: number;
    peak_rss_mib: number;
    samples: Record<OutputFormat, Buffer>;
  } = {
    decode_once_ms: decodeMs,
    peak_rss_mib: 0,
    samples: { png: Buffer.alloc(0), jpeg: Buffer.alloc(0) },
    png: { median_ms: 0, p95_ms: 0, images_per_s_both_cores: 0, bytes: 0 },
    jpeg: { median_ms: 0, p95_ms: 0, images_per_s_both_cores: 0, bytes: 0 },
  };
  for (const format of ['png', 'jpeg'] as const) {
    await serial(template, logo, format, 3);
    const times = await serial(template, logo, format, iterations);
    const sample = await renderToImage({ template, logo, style: BENCH_STYLE, code: 'SAVE20', format, opaque: true });
    result.samples[format] = sample;
    result[format] = {
      median_ms: percentile(times, 50),
      p95_ms: percentile(times, 95),
      images_per_s_both_cores: await throughput(template, logo, format, seconds),
      bytes: sample.length,
    };
  }
  result.peak_rss_mib = peakRssMiB();
  return result;
}
