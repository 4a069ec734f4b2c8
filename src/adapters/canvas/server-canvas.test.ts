import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FONT_PATH, SAMPLES_DIR } from '../../http/http.test-utils.js';
import type { SizedImage } from '../../renderer/canvas.types.js';
import { logoCircle, toPixelBox } from '../../renderer/fit.js';
import type { HAlign, VAlign, VariantStyle } from '../../renderer/render.types.js';
import { differentPixelFraction, PARITY_MAX_DIFFERENT_FRACTION } from './pixel-diff.test-utils.js';
import {
  createCanvasPool,
  decodeImage,
  registerBundledFont,
  renderToImage,
  type ServerImage,
} from './server-canvas.js';

const WIDTH = 1000;
const HEIGHT = 600;
let background: SizedImage<ServerImage>;

beforeAll(async () => {
  registerBundledFont(FONT_PATH);
  background = await decodeImage(
    await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#102030' } })
      .png()
      .toBuffer(),
  );
});

const style = (overrides: Partial<VariantStyle> = {}): VariantStyle => ({
  box: { leftPct: 10, topPct: 60, widthPct: 80, heightPct: 25 },
  hAlign: 'center',
  vAlign: 'middle',
  maxFontPx: 400,
  fontColor: '#FFFFFF',
  outline: null,
  ...overrides,
});

async function pixelsOf(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Bounding box of pixels matching `test`, in image pixels. */
function inkBounds(
  { data, width, height }: { data: Buffer; width: number; height: number },
  test: (r: number, g: number, b: number) => boolean,
) {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (!test(data[i]!, data[i + 1]!, data[i + 2]!)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x + 1);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y + 1);
    }
  }
  return { left, right, top, bottom };
}

const isText = (r: number, g: number, b: number) => r > 80 && g > 80 && b > 80;

async function renderInk(code: string, s: VariantStyle) {
  const png = await renderToImage({ template: background, style: s, code, format: 'png', opaque: true });
  return inkBounds(await pixelsOf(png), isText);
}

describe('server rendering with the shared renderer', () => {
  const box = toPixelBox(style().box, WIDTH, HEIGHT);

  it.each<[HAlign, VAlign]>([
    ['left', 'top'],
    ['right', 'bottom'],
    ['center', 'middle'],
  ])('places the ink of the code at the %s/%s of the box', async (hAlign, vAlign) => {
    const ink = await renderInk('SAVE20', style({ hAlign, vAlign }));
    const centreX = (ink.left + ink.right) / 2;
    const centreY = (ink.top + ink.bottom) / 2;
    if (hAlign === 'left') expect(Math.abs(ink.left - box.x)).toBeLessThanOrEqual(1);
    if (hAlign === 'right') expect(Math.abs(ink.right - (box.x + box.width))).toBeLessThanOrEqual(1);
    if (hAlign === 'center') expect(Math.abs(centreX - (box.x + box.width / 2))).toBeLessThanOrEqual(1);
    if (vAlign === 'top') expect(Math.abs(ink.top - box.y)).toBeLessThanOrEqual(1);
    if (vAlign === 'bottom') expect(Math.abs(ink.bottom - (box.y + box.height))).toBeLessThanOrEqual(1);
    if (vAlign === 'middle') expect(Math.abs(centreY - (box.y + box.height / 2))).toBeLessThanOrEqual(1);
  });

  it('shrinks a long code until it fills the box width without leaving it', async () => {
    const ink = await renderInk('SUPER-LONG-COUPON-CODE-2026-EXTRA-123456', style());
    expect(ink.left).toBeGreaterThanOrEqual(box.x - 1);
    expect(ink.right).toBeLessThanOrEqual(box.x + box.width + 1);
    expect(ink.right - ink.left).toBeGreaterThan(box.width * 0.97);
  });

  it('caps a short code at maxFontPx', async () => {
    const capped = await renderInk('AB', style({ maxFontPx: 60 }));
    const free = await renderInk('AB', style({ maxFontPx: 400 }));
    // Cap height of Inter Bold is ≈0.73 em: 60 px text has ≈44 px tall capitals; box height (150 px) caps the other.
    expect(capped.bottom - capped.top).toBeGreaterThan(40);
    expect(capped.bottom - capped.top).toBeLessThan(48);
    expect(free.bottom - free.top).toBeGreaterThan(100);
    expect(free.bottom - free.top).toBeLessThanOrEqual(box.height);
  });

  it('draws the outline in its colour and keeps it inside the box', async () => {
    const png = await renderToImage({
      template: background,
      style: style({ outline: { color: '#FF0000', widthPct: 10 }, hAlign: 'left' }),
      code: 'OUTLINE',
      format: 'png',
      opaque: true,
    });
    const red = inkBounds(await pixelsOf(png), (r, g, b) => r > 200 && g < 60 && b < 60);
    expect(red.right).toBeGreaterThan(red.left);
    expect(red.left).toBeGreaterThanOrEqual(box.x - 1);
    expect(Math.abs(red.left - box.x)).toBeLessThanOrEqual(2);
  });

  it('draws the logo as a circle at the top-left margin', async () => {
    const logo = await decodeImage(
      await sharp({ create: { width: 300, height: 200, channels: 3, background: '#00FF00' } })
        .png()
        .toBuffer(),
    );
    const png = await renderToImage({
      template: background,
      style: style(),
      code: 'LOGO',
      logo,
      format: 'png',
      opaque: true,
    });
    const { x, y, diameter } = logoCircle(WIDTH, HEIGHT);
    const green = inkBounds(await pixelsOf(png), (r, g, b) => g > 200 && r < 60 && b < 60);
    expect(green).toEqual({ left: x, top: y, right: x + diameter, bottom: y + diameter });
    const { data } = await pixelsOf(png);
    const corner = (y * WIDTH + x) * 4;
    expect([data[corner], data[corner + 1], data[corner + 2]]).toEqual([0x10, 0x20, 0x30]);
  });

  it('fits a wide wordmark whole inside the circle on white when the variant asks for contain', async () => {
    const wordmark = await decodeImage(
      await sharp({ create: { width: 400, height: 100, channels: 3, background: '#00FF00' } })
        .png()
        .toBuffer(),
    );
    const render = async (logoFit: 'cover' | 'contain') =>
      pixelsOf(
        await renderToImage({
          template: background,
          style: style(),
          code: 'LOGO',
          logo: wordmark,
          logoFit,
          format: 'png',
          opaque: true,
        }),
      );
    const { x, y, diameter } = logoCircle(WIDTH, HEIGHT);
    const isGreen = (r: number, g: number, b: number) => g > 200 && r < 60 && b < 60;
    const covered = inkBounds(await render('cover'), isGreen);
    expect(covered).toEqual({ left: x, top: y, right: x + diameter, bottom: y + diameter });
    const contained = await render('contain');
    const green = inkBounds(contained, isGreen);
    // The whole 4:1 logo, centred, its corners on the circle: about 0.97 × 0.24 of the diameter.
    expect((green.right - green.left) / diameter).toBeCloseTo(400 / Math.hypot(400, 100), 1);
    expect((green.bottom - green.top) / diameter).toBeCloseTo(100 / Math.hypot(400, 100), 1);
    expect(Math.abs((green.top + green.bottom) / 2 - (y + diameter / 2))).toBeLessThanOrEqual(1);
    const at = (px: number, py: number) => {
      const i = (py * WIDTH + px) * 4;
      return [contained.data[i], contained.data[i + 1], contained.data[i + 2]];
    };
    // White disc above the wordmark, the template outside the circle.
    expect(at(x + diameter / 2, y + 4)).toEqual([255, 255, 255]);
    expect(at(x, y)).toEqual([0x10, 0x20, 0x30]);
  });

  it('keeps colours in RGB order and the natural size in both formats', async () => {
    const red = await decodeImage(
      await sharp({ create: { width: 300, height: 200, channels: 3, background: '#FF0000' } })
        .png()
        .toBuffer(),
    );
    for (const format of ['png', 'jpeg'] as const) {
      const body = await renderToImage({ template: red, style: style(), code: 'X', format, opaque: true });
      const meta = await sharp(body).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format, 300, 200]);
      const { data } = await pixelsOf(body);
      expect(data[0]).toBeGreaterThan(240);
      expect(data[2]).toBeLessThan(15);
    }
  });

  it('reuses pooled canvases without carrying pixels over from the previous render', async () => {
    const clear = await decodeImage(
      await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
        .png()
        .toBuffer(),
    );
    const pool = createCanvasPool({ perSize: 1 });
    await renderToImage(
      { template: background, style: style(), code: 'FIRST-CODE', format: 'png', opaque: true },
      pool,
    );
    await renderToImage(
      {
        template: clear,
        style: style({ box: { leftPct: 0, topPct: 0, widthPct: 100, heightPct: 100 } }),
        code: 'WWWW',
        format: 'png',
        opaque: false,
      },
      pool,
    );
    const pooled = await renderToImage(
      { template: clear, style: style(), code: 'X', format: 'png', opaque: false },
      pool,
    );
    const fresh = await renderToImage({ template: clear, style: style(), code: 'X', format: 'png', opaque: false });
    expect(Buffer.compare(pooled, fresh)).toBe(0);
  });

  it('keeps transparency of a transparent template in PNG output', async () => {
    const clear = await decodeImage(
      await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
        .png()
        .toBuffer(),
    );
    const body = await renderToImage({ template: clear, style: style(), code: 'X', format: 'png', opaque: false });
    const { data } = await pixelsOf(body);
    expect(data[3]).toBe(0);
  });
});

describe('golden images', () => {
  const cases = [
    {
      name: 'flash-sale-square-SAVE20',
      file: 'flash-sale-square.png',
      code: 'SAVE20',
      style: {
        box: { leftPct: 12, topPct: 77.5, widthPct: 76, heightPct: 10 },
        hAlign: 'center',
        vAlign: 'middle',
        maxFontPx: 110,
        fontColor: '#FFFFFF',
        outline: null,
      },
    },
    {
      name: 'black-friday-story-long-outline',
      file: 'black-friday-story.png',
      code: 'BLACK-FRIDAY-MEGA-DEAL-2026',
      style: {
        box: { leftPct: 11, topPct: 81.5, widthPct: 78, heightPct: 7 },
        hAlign: 'left',
        vAlign: 'bottom',
        maxFontPx: 120,
        fontColor: '#FFD23F',
        outline: { color: '#FF273E', widthPct: 6 },
      },
    },
  ] satisfies { name: string; file: string; code: string; style: VariantStyle }[];

  it.each(cases)(
    '$name matches its golden image within the RND-1 tolerance',
    async ({ name, file, code, style: s }) => {
      const template = await decodeImage(readFileSync(join(SAMPLES_DIR, file)));
      const rendered = await renderToImage({ template, style: s, code, format: 'png', opaque: true });
      const goldenPath = join(import.meta.dirname, '__golden__', `${name}.png`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, rendered);
      expect(existsSync(goldenPath), `missing golden ${goldenPath}: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      const [actual, golden] = await Promise.all([pixelsOf(rendered), pixelsOf(readFileSync(goldenPath))]);
      expect(differentPixelFraction(actual.data, golden.data)).toBeLessThanOrEqual(PARITY_MAX_DIFFERENT_FRACTION);
    },
  );

  it('notices a different code against the golden image', async () => {
    const { file, style: s } = cases[0]!;
    const template = await decodeImage(readFileSync(join(SAMPLES_DIR, file)));
    const rendered = await renderToImage({ template, style: s, code: 'WINTER-99', format: 'png', opaque: true });
    const golden = await pixelsOf(readFileSync(join(import.meta.dirname, '__golden__', `${cases[0]!.name}.png`)));
    expect(differentPixelFraction((await pixelsOf(rendered)).data, golden.data)).toBeGreaterThan(
      PARITY_MAX_DIFFERENT_FRACTION,
    );
  });
});
