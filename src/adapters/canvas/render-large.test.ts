import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { VariantStyle } from '../../renderer/render.types.js';
import { decodeImage, registerBundledFont, renderLarge, renderToImage, suitsStreamedRender } from './server-canvas.js';

registerBundledFont('assets/fonts/inter-bold-latin.woff2');

const style = (overrides: Partial<VariantStyle> = {}): VariantStyle => ({
  box: { leftPct: 10, topPct: 70, widthPct: 80, heightPct: 15 },
  hAlign: 'center',
  vAlign: 'middle',
  maxFontPx: 160,
  fontColor: '#FFFFFF',
  outline: { color: '#000000', widthPct: 8 },
  ...overrides,
});

/** A photo-like template: grain everywhere, so any pixel out of place shows. */
const photo = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({
    create: {
      width,
      height,
      channels,
      background: { r: 40, g: 90, b: 160, alpha: 0.6 },
      noise: { type: 'gaussian', mean: 120, sigma: 50 },
    },
  });

const rawOf = (image: Buffer) => sharp(image).ensureAlpha().raw().toBuffer();

describe('rendering a huge template by its changed rectangles only', () => {
  const logo = () =>
    sharp({ create: { width: 300, height: 200, channels: 3, background: '#FFD23F' } })
      .png()
      .toBuffer();

  it.each([
    ['an opaque PNG', async () => photo(1500, 1100).png().toBuffer(), true, 'png'],
    ['a JPEG, as a JPEG', async () => photo(1400, 1000).jpeg({ quality: 88 }).toBuffer(), true, 'jpeg'],
    [
      'an opaque PNG with an alpha channel',
      async () => photo(1200, 1200).removeAlpha().ensureAlpha(1).png().toBuffer(),
      true,
      'png',
    ],
    ['a PNG, as a JPEG', async () => photo(1300, 900).png().toBuffer(), true, 'jpeg'],
  ] as const)('gives exactly the full drawing for %s', async (_label, make, opaque, format) => {
    const templateBytes = await make();
    const template = await decodeImage(templateBytes);
    const logoImage = await decodeImage(await logo());
    for (const code of ['SAVE20', 'BLACK-FRIDAY-MEGA-DEAL-2026']) {
      const input = { logo: logoImage, logoFit: 'cover' as const, style: style(), code, format, opaque };
      const full = await renderToImage({ template, ...input });
      expect(await suitsStreamedRender(templateBytes)).toBe(true);
      const large = await renderLarge({ templateBytes, width: template.width, height: template.height, ...input });
      const [a, b] = await Promise.all([rawOf(full), rawOf(large)]);
      expect(a.length).toBe(b.length);
      expect(a.equals(b)).toBe(true);
    }
  });

  it('takes only 8-bit sRGB files without a colour profile', async () => {
    const plain = () => sharp({ create: { width: 300, height: 300, channels: 3, background: '#777' } });
    expect(await suitsStreamedRender(await plain().png().toBuffer())).toBe(true);
    expect(await suitsStreamedRender(await plain().toColourspace('b-w').png().toBuffer())).toBe(false);
    expect(await suitsStreamedRender(await plain().toColourspace('rgb16').png().toBuffer())).toBe(false);
    expect(await suitsStreamedRender(await plain().withIccProfile('p3').png().toBuffer())).toBe(false);
  });
});
