import { join } from 'node:path';
import { decodeImage, type OutputFormat, renderToImage } from '../src/adapters/canvas/server-canvas.js';
import { createServerRenderer } from '../src/adapters/canvas/server-renderer.js';
import type { RenderImage } from '../src/modules/renders/renders.usecases.js';
import type { VariantStyle } from '../src/renderer/render.types.js';
import { findProjectRoot } from '../src/shared/project-root.js';
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

const fontPath = join(findProjectRoot(), 'assets/fonts/inter-bold-latin.woff2');

/** The server's renderer (its threads, pixel budget and caches) over images held in memory. */
function rendererFor(images: Map<string, Buffer>) {
  return createServerRenderer({ fontPath, load: async (key) => images.get(key)! });
}

interface BenchImages {
  images: Map<string, Buffer>;
  template: RenderImage;
  logo: RenderImage;
}

/** One image at a time through the server's renderer: a render thread, pooled canvas, sharp encode. */
async function serial({ images, template, logo }: BenchImages, format: OutputFormat, iterations: number) {
  const renderer = rendererFor(images);
  const times: number[] = [];
  try {
    // Three first renders (thread start, decode) are not timed.
    for (let i = -3; i < iterations; i++) {
      const started = performance.now();
      const code = `SAVE${String(i).padStart(4, '0')}`;
      await renderer.render({ template, logo, logoFit: 'cover', style: BENCH_STYLE, code, format, opaque: true });
      if (i >= 0) times.push(performance.now() - started);
    }
  } finally {
    await renderer.close();
  }
  return times;
}

async function throughput({ images, template, logo }: BenchImages, format: OutputFormat, seconds: number) {
  const renderer = rendererFor(images);
  // Threads started and templates decoded before the clock starts, as in a server that has been up a while.
  await Promise.all(
    [0, 1].map((i) =>
      renderer.render({ template, logo, logoFit: 'cover', style: BENCH_STYLE, code: `WARM${i}`, format, opaque: true }),
    ),
  );
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  const worker = async (id: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const code = `W${id}-${i}`;
      await renderer.render({ template, logo, logoFit: 'cover', style: BENCH_STYLE, code, format, opaque: true });
      done++;
    }
  };
  try {
    await Promise.all([0, 1, 2, 3].map(worker));
  } finally {
    await renderer.close();
  }
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
  const bench: BenchImages = {
    images: new Map([
      ['template.png', templatePng],
      ['logo.png', logoPng],
    ]),
    template: { key: 'template.png', width: template.width, height: template.height },
    logo: { key: 'logo.png', width: logo.width, height: logo.height },
  };
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
    const times = await serial(bench, format, iterations);
    const sample = await renderToImage({ template, logo, style: BENCH_STYLE, code: 'SAVE20', format, opaque: true });
    result.samples[format] = sample;
    result[format] = {
      median_ms: percentile(times, 50),
      p95_ms: percentile(times, 95),
      images_per_s_both_cores: await throughput(bench, format, seconds),
      bytes: sample.length,
    };
  }
  result.peak_rss_mib = peakRssMiB();
  return result;
}
