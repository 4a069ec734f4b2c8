import { describe, expect, it } from 'vitest';
import { fitFontSize, logoCircle, placeText, toPixelBox } from './fit.js';

// A font whose ink is 0.6 em wide per character: enough to check the search without a canvas.
const inkWidthFor = (chars: number) => (fontPx: number) => chars * fontPx * 0.6;

describe('fitFontSize', () => {
  it('caps a short code at maxFontPx', () => {
    expect(
      fitFontSize({ inkWidthAt: inkWidthFor(3), boxWidth: 1000, boxHeight: 300, maxFontPx: 120, minFontPx: 8 }),
    ).toBe(120);
  });

  it('caps a short code at the box height when that is smaller than maxFontPx', () => {
    expect(
      fitFontSize({ inkWidthAt: inkWidthFor(3), boxWidth: 1000, boxHeight: 64, maxFontPx: 200, minFontPx: 8 }),
    ).toBe(64);
  });

  it('shrinks a long code to the largest size that fits, within 0.5 px', () => {
    const inkWidthAt = inkWidthFor(40);
    const size = fitFontSize({ inkWidthAt, boxWidth: 900, boxHeight: 200, maxFontPx: 200, minFontPx: 8 });
    expect(inkWidthAt(size)).toBeLessThanOrEqual(900);
    expect(inkWidthAt(size + 0.5)).toBeGreaterThan(900);
  });

  it('never goes below the 8 px floor, even when nothing fits', () => {
    expect(
      fitFontSize({ inkWidthAt: inkWidthFor(400), boxWidth: 50, boxHeight: 100, maxFontPx: 100, minFontPx: 8 }),
    ).toBe(8);
  });

  it('gives longer codes smaller sizes', () => {
    const sizes = [5, 10, 20, 40].map((n) =>
      fitFontSize({ inkWidthAt: inkWidthFor(n), boxWidth: 800, boxHeight: 200, maxFontPx: 200, minFontPx: 8 }),
    );
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(new Set(sizes).size).toBe(4);
  });
});

describe('toPixelBox', () => {
  it('rounds percentages of the natural size', () => {
    expect(toPixelBox({ leftPct: 5, topPct: 80, widthPct: 90, heightPct: 12 }, 1080, 1920)).toEqual({
      x: 54,
      y: 1536,
      width: 972,
      height: 230,
    });
    expect(toPixelBox({ leftPct: 33.3, topPct: 0, widthPct: 33.3, heightPct: 10.5 }, 1001, 999)).toEqual({
      x: 333,
      y: 0,
      width: 333,
      height: 105,
    });
  });
});

describe('placeText', () => {
  const box = { x: 100, y: 200, width: 600, height: 100 };
  const ink = { left: -3, right: 297, ascent: 70, descent: 2 };

  it('puts the ink edges on the box edges for left/right and top/bottom', () => {
    const topLeft = placeText({ ink, pad: 0, box, hAlign: 'left', vAlign: 'top' });
    expect(topLeft.x - ink.left).toBe(box.x);
    expect(topLeft.y - ink.ascent).toBe(box.y);
    const bottomRight = placeText({ ink, pad: 0, box, hAlign: 'right', vAlign: 'bottom' });
    expect(bottomRight.x + ink.right).toBe(box.x + box.width);
    expect(bottomRight.y + ink.descent).toBe(box.y + box.height);
  });

  it('centres the ink, not the advance box, for center/middle', () => {
    const { x, y } = placeText({ ink, pad: 0, box, hAlign: 'center', vAlign: 'middle' });
    expect((x - ink.left + x + ink.right) / 2).toBe(box.x + box.width / 2);
    expect((y - ink.ascent + y + ink.descent) / 2).toBe(box.y + box.height / 2);
  });

  it('keeps the outline inside the box', () => {
    const pad = 5;
    const { x, y } = placeText({ ink, pad, box, hAlign: 'left', vAlign: 'bottom' });
    expect(x - ink.left - pad).toBe(box.x);
    expect(y + ink.descent + pad).toBe(box.y + box.height);
  });
});

describe('logoCircle', () => {
  it('is 12 % of the shorter side at a 4 % margin', () => {
    expect(logoCircle(1080, 1920)).toEqual({ x: 43, y: 43, diameter: 130 });
  });

  it('never shrinks below 32 px with a 20 px margin', () => {
    expect(logoCircle(200, 200)).toEqual({ x: 20, y: 20, diameter: 32 });
  });
});
