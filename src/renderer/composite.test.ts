import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { RenderContext2D } from './canvas.types.js';
import { compositeSize, drawCampaignComposite, placePhoto } from './composite.js';

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

describe('drawing the composite', () => {
  const solid = (width: number, height: number, fill: string) => {
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = fill;
    ctx.fillRect(0, 0, width, height);
    return { image: canvas, width, height };
  };
  const pixel = (ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, x: number, y: number) => [
    ...ctx.getImageData(x, y, 1, 1).data,
  ];

  it('puts the overlay over the photo, the photo showing where the overlay is transparent', () => {
    const overlay = createCanvas(200, 200);
    const octx = overlay.getContext('2d');
    octx.fillStyle = '#ffffff';
    octx.fillRect(0, 0, 200, 40);
    const out = createCanvas(200, 200);
    const ctx = out.getContext('2d');
    drawCampaignComposite(ctx as unknown as RenderContext2D<unknown>, {
      photo: solid(100, 50, '#0000ff'),
      overlay: { image: overlay, width: 200, height: 200 },
    });
    expect(pixel(ctx, 100, 10)).toEqual([255, 255, 255, 255]);
    expect(pixel(ctx, 100, 150)).toEqual([0, 0, 255, 255]);
  });

  it('tints the photo with the brand red when there is no overlay', () => {
    const out = createCanvas(2000, 2000);
    const ctx = out.getContext('2d');
    drawCampaignComposite(ctx as unknown as RenderContext2D<unknown>, {
      photo: solid(10, 10, '#000000'),
      overlay: null,
    });
    const drawn = pixel(ctx, 1000, 1000).slice(0, 3);
    // rgba(255, 39, 62, 0.15) over black.
    const expected = [255, 39, 62].map((channel) => channel * 0.15);
    drawn.forEach((channel, i) => expect(Math.abs(channel - expected[i]!)).toBeLessThanOrEqual(1.5));
  });
});
