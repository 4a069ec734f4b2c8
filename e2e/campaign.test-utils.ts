/// <reference lib="dom" />
import type { Locator } from 'playwright-core';
import sharp from 'sharp';

/** An 800×800 overlay: transparent, with an opaque blue band along the top (rows 0–99), where the photo never shows. */
export async function bandOverlay(): Promise<Buffer> {
  const band = await sharp({
    create: { width: 800, height: 100, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width: 800, height: 800, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: band, top: 0, left: 0 }])
    .png()
    .toBuffer();
}

/** A plain red photo, as a user would pick. */
export const redPhoto = ({ width = 600, height = 400 } = {}) =>
  sharp({ create: { width, height, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .png()
    .toBuffer();

/** One pixel of a canvas, at fractions of its width and height, as [r, g, b]. */
export const canvasPixel = (canvas: Locator, fx: number, fy: number) =>
  canvas.evaluate(
    (el: HTMLCanvasElement, [x, y]) => [
      ...el
        .getContext('2d')!
        .getImageData(Math.floor(el.width * x!), Math.floor(el.height * y!), 1, 1)
        .data.slice(0, 3),
    ],
    [fx, fy],
  );

/** The instant `days` from now. */
export const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000);
