import { describe, expect, it } from 'vitest';
import { boxBetween, moveBox, normaliseBox, resizeBox, snapToCentre } from './box-geometry.js';

const box = { leftPct: 10, topPct: 70, widthPct: 80, heightPct: 20 };

describe('text box geometry', () => {
  it('rounds to one decimal and keeps the box inside the image', () => {
    expect(normaliseBox({ leftPct: 12.345, topPct: -3, widthPct: 95, heightPct: 120 })).toEqual({
      leftPct: 12.3,
      topPct: 0,
      widthPct: 87.7,
      heightPct: 100,
    });
  });

  it('spans a drag in either direction and clips it to the image', () => {
    expect(boxBetween({ x: 90, y: 85 }, { x: 10, y: 60 })).toEqual({
      leftPct: 10,
      topPct: 60,
      widthPct: 80,
      heightPct: 25,
    });
    expect(boxBetween({ x: -5, y: 50 }, { x: 40, y: 130 })).toEqual({
      leftPct: 0,
      topPct: 50,
      widthPct: 40,
      heightPct: 50,
    });
  });

  it('moves without resizing and stops at the edges', () => {
    expect(moveBox(box, 5, -10)).toEqual({ ...box, leftPct: 15, topPct: 60 });
    expect(moveBox(box, 50, 50)).toEqual({ ...box, leftPct: 20, topPct: 80 });
  });

  it('resizes from each corner, keeping the opposite corner in place', () => {
    expect(resizeBox(box, 'se', 5, 5)).toEqual({ leftPct: 10, topPct: 70, widthPct: 85, heightPct: 25 });
    expect(resizeBox(box, 'nw', 5, 5)).toEqual({ leftPct: 15, topPct: 75, widthPct: 75, heightPct: 15 });
    expect(resizeBox(box, 'ne', 5, -10)).toEqual({ leftPct: 10, topPct: 60, widthPct: 85, heightPct: 30 });
    expect(resizeBox(box, 'sw', -5, -5)).toEqual({ leftPct: 5, topPct: 70, widthPct: 85, heightPct: 15 });
  });

  it('never turns a box inside out when a corner is dragged past the opposite one', () => {
    const flipped = resizeBox(box, 'se', -200, -200);
    expect(flipped.leftPct).toBe(10);
    expect(flipped.widthPct).toBeGreaterThan(0);
    expect(flipped.heightPct).toBeGreaterThan(0);
  });

  it('snaps the centre to the image centre within 1 %, and says which guide to show', () => {
    const near = { leftPct: 10.6, topPct: 40, widthPct: 80, heightPct: 20.8 };
    expect(snapToCentre(near)).toEqual({
      box: { leftPct: 10, topPct: 39.6, widthPct: 80, heightPct: 20.8 },
      vertical: true,
      horizontal: true,
    });
    const far = { leftPct: 12, topPct: 70, widthPct: 80, heightPct: 20 };
    expect(snapToCentre(far)).toEqual({ box: far, vertical: false, horizontal: false });
  });
});
