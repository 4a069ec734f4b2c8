import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { PromoRenderer } from '../../modules/renders/renders.usecases.js';
import { createCanvasPool, renderToImage, type ServerImage } from './server-canvas.js';

/**
 * RND-7: drawing is synchronous native work (≈1 ms) and encoding runs on libuv's pool, so renders are bounded to a
 * few at a time: memory stays flat under load and one slow render cannot starve the other requests. Each render
 * yields to the event loop first, which is when native pixel memory from earlier renders is released.
 */
export function createServerRenderer({
  concurrency = Math.max(2, availableParallelism()),
}: {
  concurrency?: number;
} = {}): PromoRenderer<ServerImage> {
  const limit = pLimit(concurrency);
  const pool = createCanvasPool({ perSize: concurrency });
  return {
    render: (input) =>
      limit(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return renderToImage(input, pool);
      }),
  };
}
