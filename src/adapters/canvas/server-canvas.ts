import { readFileSync } from 'node:fs';
import { type Canvas, createCanvas, GlobalFonts, type Image, loadImage, setTextRenderer } from '@napi-rs/canvas';
import sharp, { type PngOptions } from 'sharp';
import type { RenderContext2D, SizedImage } from '../../renderer/canvas.types.js';
import { type DrawPromoInput, drawPromo } from '../../renderer/render.js';
import { FONT_FAMILY } from '../../renderer/render.types.js';

export type ServerImage = Image;
export type OutputFormat = 'png' | 'jpeg';

let fontRegistered = false;

/**
 * Registers the bundled font (TTF, WOFF or WOFF2) under the renderer's family name and selects the 'system' text
 * renderer, which draws the same text pixels as Chromium's canvas for the same font file (the default 'portable'
 * renderer differs on ≈1 % of text pixels). Idempotent; the text renderer is a process-wide setting.
 */
export function registerBundledFont(fontPath: string): void {
  if (fontRegistered) return;
  const key = GlobalFonts.register(readFileSync(fontPath), FONT_FAMILY);
  if (!key) throw new Error(`could not register font ${fontPath}`);
  setTextRenderer('system');
  // Every encode starts from fresh pixels, so libvips' operation cache only holds memory (≈50 MB) and never hits.
  sharp.cache(false);
  fontRegistered = true;
}

/** Decodes an encoded PNG/JPEG/WebP into a drawable image. Callers check pixel limits on the header first. */
export async function decodeImage(buffer: Buffer): Promise<SizedImage<ServerImage>> {
  const image = await loadImage(buffer);
  return { image, width: image.width, height: image.height };
}

// The napi context's drawImage accepts Image | Canvas, which is what ServerImage stands for here.
type ServerContext = RenderContext2D<ServerImage>;

export interface RenderToImageInput extends DrawPromoInput<ServerImage> {
  format: OutputFormat;
  /** The template has no transparent pixel, so the output needs no alpha channel (smaller, faster). */
  opaque: boolean;
}

export const JPEG_QUALITY = 90;

export interface CanvasPool {
  acquire(width: number, height: number): Canvas;
  release(canvas: Canvas): void;
}

/**
 * Reuses canvases by size. A canvas's pixels live in native memory that V8 does not see, so freshly allocated
 * canvases pile up between garbage collections under load; a pool as large as the render concurrency keeps memory flat.
 * Canvases above `maxPixels` are not kept: one 40-megapixel canvas is 160 MB.
 */
export function createCanvasPool({
  perSize,
  maxPixels = Number.POSITIVE_INFINITY,
}: {
  perSize: number;
  maxPixels?: number;
}): CanvasPool {
  const free = new Map<string, Canvas[]>();
  const keyOf = (width: number, height: number) => `${width}x${height}`;
  return {
    acquire: (width, height) => free.get(keyOf(width, height))?.pop() ?? createCanvas(width, height),
    release(canvas) {
      if (canvas.width * canvas.height > maxPixels) return;
      const list = free.get(keyOf(canvas.width, canvas.height)) ?? [];
      if (list.length < perSize) list.push(canvas);
      free.set(keyOf(canvas.width, canvas.height), list);
    },
  };
}

/**
 * Draws with the shared renderer, then encodes with sharp (libvips: zlib-ng / libjpeg-turbo) off the main thread.
 * With a pool, the canvas goes back as soon as its pixels are copied out, before the encode.
 */
export async function renderToImage(input: RenderToImageInput, pool?: CanvasPool): Promise<Buffer> {
  const { width, height } = input.template;
  const canvas = pool ? pool.acquire(width, height) : createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, width, height);
  drawPromo(ctx as unknown as ServerContext, input);
  // canvas.data() copies Skia's premultiplied RGBA; sharp un-premultiplies when told so.
  const raw = canvas.data();
  pool?.release(canvas);
  // An opaque image's premultiplied pixels are its straight pixels, so dropping the alpha channel is all it needs;
  // otherwise sharp un-premultiplies, and JPEG (no alpha) is flattened on white.
  const pixels = input.opaque
    ? sharp(raw, { raw: { width, height, channels: 4 } }).removeAlpha()
    : sharp(raw, { raw: { width, height, channels: 4, premultiplied: true } });
  const ready = !input.opaque && input.format === 'jpeg' ? pixels.flatten({ background: '#ffffff' }) : pixels;
  return input.format === 'jpeg'
    ? ready.jpeg({ quality: JPEG_QUALITY, optimiseCoding: false }).toBuffer()
    : ready.png(PNG_OPTIONS).toBuffer();
}

// zlib-ng level 7 + adaptive filters: smaller files than Pillow's defaults (level 6 here is ~9 % larger) at ~2.5× its speed.
export const PNG_OPTIONS: PngOptions = { compressionLevel: 7, adaptiveFiltering: true };
