import { describe, expect, it } from 'vitest';
import { compositeSize, placePhoto } from './composite.js';

describe('placing the photo of a campaign entry (RND-6)', () => {
  it('covers the canvas: a wide photo fills the height and is centred', () => {
    expect(placePhoto({ photo: { width: 4000, height: 2000 }, canvas: { width: 2000, height: 2000 } })).toMatchObject({
      x: -1000,
      y: 0,
      width: 4000,
      height: 2000,
    });
  });

  it('zooms about the focus and never lets an edge show inside the frame', () => {
    const zoomed = placePhoto({ photo: { width: 1000, height: 1000 }, canvas: { width: 2000, height: 2000 }, zoom: 2 });
    expect(zoomed).toMatchObject({ width: 4000, height: 4000, x: -1000, y: -1000 });
    const pushedLeft = placePhoto({
      photo: { width: 1000, height: 1000 },
      canvas: { width: 2000, height: 2000 },
      zoom: 2,
      focusX: 0,
      focusY: 1,
    });
    expect(pushedLeft).toMatchObject({ x: 0, y: -2000, focusX: 0.25, focusY: 0.75 });
  });

  it('keeps zoom between 1 and 4, whatever it is asked', () => {
    const photo = { width: 100, height: 100 };
    const canvas = { width: 100, height: 100 };
    expect(placePhoto({ photo, canvas, zoom: 0.2 }).zoom).toBe(1);
    expect(placePhoto({ photo, canvas, zoom: 99 }).zoom).toBe(4);
    expect(placePhoto({ photo, canvas, zoom: Number.NaN }).zoom).toBe(1);
  });

  it('uses the overlay size, else 2000 × 2000', () => {
    expect(compositeSize({ width: 1080, height: 1350 })).toEqual({ width: 1080, height: 1350 });
    expect(compositeSize(null)).toEqual({ width: 2000, height: 2000 });
  });
});
