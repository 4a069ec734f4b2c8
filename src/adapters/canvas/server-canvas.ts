import { readFileSync } from 'node:fs';
import { createCanvas, GlobalFonts, type Image, loadImage, setTextRenderer } from '@napi-rs/canvas';
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

/** Draws with the shared renderer, then encodes with sharp (libvips: zlib-ng / libjpeg-turbo) off the main thread. */
export async function renderToImage(input: RenderToImageInput): Promise<Buffer> {
  const { width, height } = input.template;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d') as unknown as ServerContext;
  drawPromo(ctx, input);
  // canvas.data() is Skia's premultiplied RGBA; sharp un-premultiplies when told so.
  const pixels = sharp(canvas.data(), { raw: { width, height, channels: 4, premultiplied: true } });
  const flattened = input.opaque || input.format === 'jpeg' ? pixels.flatten({ background: '#ffffff' }) : pixels;
  return input.format === 'jpeg'
    ? flattened.jpeg({ quality: JPEG_QUALITY, optimiseCoding: false }).toBuffer()
    : flattened.png(PNG_OPTIONS).toBuffer();
}

export const PNG_OPTIONS: PngOptions = { compressionLevel: 6, adaptiveFiltering: true };
