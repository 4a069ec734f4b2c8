import { readFileSync } from 'node:fs';
import { type Canvas, createCanvas, GlobalFonts, type Image, loadImage, setTextRenderer } from '@napi-rs/canvas';
import sharp, { type PngOptions } from 'sharp';
import type { RenderContext2D, SizedImage } from '../../renderer/canvas.types.js';
import { changedRegions, type DrawPromoInput, drawPromo } from '../../renderer/render.js';
import { FONT_FAMILY, type LogoFit, type VariantStyle } from '../../renderer/render.types.js';

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
  /** Scaled down to this width (a thumbnail), drawn at natural size first so it is the same image, smaller. */
  maxWidth?: number;
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

/** A drawn image's pixels, copied out of its canvas: Skia's premultiplied RGBA. */
export interface DrawnPixels {
  raw: Buffer;
  width: number;
  height: number;
}

/** Draws with the shared renderer and copies the pixels out; with a pool, the canvas goes back at once. */
export function drawToPixels(input: DrawPromoInput<ServerImage>, pool?: CanvasPool): DrawnPixels {
  const { width, height } = input.template;
  const canvas = pool ? pool.acquire(width, height) : createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, width, height);
  drawPromo(ctx as unknown as ServerContext, input);
  const raw = canvas.data();
  pool?.release(canvas);
  return { raw, width, height };
}

/** Encodes drawn pixels with sharp (libvips: zlib-ng / libjpeg-turbo, on libuv's pool). */
export function encodePixels(
  { raw, width, height }: DrawnPixels,
  { format, opaque, maxWidth }: { format: OutputFormat; opaque: boolean; maxWidth?: number },
): Promise<Buffer> {
  // An opaque image's premultiplied pixels are its straight pixels, so dropping the alpha channel is all it needs;
  // otherwise sharp un-premultiplies, and JPEG (no alpha) is flattened on white.
  const pixels = opaque
    ? sharp(raw, { raw: { width, height, channels: 4 } }).removeAlpha()
    : sharp(raw, { raw: { width, height, channels: 4, premultiplied: true } });
  const flat = !opaque && format === 'jpeg' ? pixels.flatten({ background: '#ffffff' }) : pixels;
  const ready = maxWidth ? flat.resize({ width: maxWidth, withoutEnlargement: true }) : flat;
  return format === 'jpeg'
    ? ready.jpeg({ quality: JPEG_QUALITY, optimiseCoding: false }).toBuffer()
    : ready.png(PNG_OPTIONS).toBuffer();
}

/** Draws with the shared renderer, then encodes: `drawToPixels` and `encodePixels` in one. */
export function renderToImage(input: RenderToImageInput, pool?: CanvasPool): Promise<Buffer> {
  return encodePixels(drawToPixels(input, pool), input);
}

/**
 * Whether an opaque template file can take the streamed path of `renderLarge`: 8-bit sRGB RGB/RGBA without an embedded
 * colour profile, where libvips reads exactly the pixels the canvas would draw (the same libpng and libjpeg-turbo).
 */
export async function suitsStreamedRender(bytes: Buffer): Promise<boolean> {
  const { depth, space, channels, icc, format } = await sharp(bytes).metadata();
  return (
    (format === 'png' || format === 'jpeg') &&
    depth === 'uchar' &&
    space === 'srgb' &&
    (channels === 3 || channels === 4) &&
    !icc
  );
}

/**
 * RND-7 for opaque templates too large to keep decoded: only the rectangles the promo changes (the code's ink, the logo
 * circle) are drawn, each on its own small canvas over the template's crop, and libvips streams the template file
 * through the encoder, pasting them in. Pixel for pixel the full drawing (a test holds it to that); memory is the
 * rectangles' and a few rows of the image, not three copies of 40 megapixels.
 */
export async function renderLarge(input: {
  templateBytes: Buffer;
  width: number;
  height: number;
  logo: SizedImage<ServerImage> | null;
  logoFit: LogoFit;
  style: VariantStyle;
  code: string;
  format: OutputFormat;
}): Promise<Buffer> {
  const { templateBytes, width, height, logo, logoFit, style, code, format } = input;
  const measure = createCanvas(1, 1).getContext('2d') as unknown as ServerContext;
  const size = { width, height };
  const regions = changedRegions(measure, { template: size, style, code, logo: logo !== null });
  const patches = await Promise.all(
    regions.map(async (rect) => {
      const extract = { left: rect.x, top: rect.y, width: rect.width, height: rect.height };
      // A lossless copy of the crop, decoded by the canvas as the whole file would be.
      const crop = await decodeImage(
        await sharp(templateBytes).extract(extract).png({ compressionLevel: 0 }).toBuffer(),
      );
      const { raw } = drawToPixels({ template: crop, logo, logoFit, style, code, region: { rect, size } });
      const channels = 4 as const;
      const straight = await sharp(raw, {
        raw: { width: rect.width, height: rect.height, channels, premultiplied: true },
      })
        .raw()
        .toBuffer();
      return {
        input: straight,
        raw: { width: rect.width, height: rect.height, channels },
        left: rect.x,
        top: rect.y,
      };
    }),
  );
  // Over an opaque template each patch is opaque, so pasting it "over" replaces the pixels. One pipeline, so libvips
  // streams the template through in strips and the pasted image is never held whole.
  const ready = sharp(templateBytes).composite(patches).removeAlpha();
  return format === 'jpeg'
    ? ready.jpeg({ quality: JPEG_QUALITY, optimiseCoding: false }).toBuffer()
    : ready.png(PNG_OPTIONS).toBuffer();
}

// zlib-ng level 7 + adaptive filters: smaller files than Pillow's defaults (level 6 here is ~9 % larger) at ~2.5× its speed.
export const PNG_OPTIONS: PngOptions = { compressionLevel: 7, adaptiveFiltering: true };
