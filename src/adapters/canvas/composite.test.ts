import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { RenderContext2D } from '../../renderer/canvas.types.js';
import { drawCampaignComposite } from '../../renderer/composite.js';

/** RND-6 on the server's canvas: the same function the campaign page runs. */
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
    for (const [i, channel] of drawn.entries()) expect(Math.abs(channel - expected[i]!)).toBeLessThanOrEqual(1.5);
  });
});
