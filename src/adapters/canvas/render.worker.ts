import { LRUCache } from 'lru-cache';
import { workerData } from 'piscina';
import type { SizedImage } from '../../renderer/canvas.types.js';
import {
  createCanvasPool,
  decodeImage,
  registerBundledFont,
  renderToImage,
  type ServerImage,
} from './server-canvas.js';
import type { RenderTask, RenderWorkerData } from './server-renderer.js';

/**
 * One render thread (piscina): decodes each template once into its own cache (bounded by decoded bytes; images above
 * `cacheMaxPixels` are decoded per render and let go at once, so a few huge templates cannot pin hundreds of MB per
 * thread), draws with the shared renderer and encodes with sharp.
 */
const { fontPath, decodedCacheBytes, cacheMaxPixels } = workerData as RenderWorkerData;
registerBundledFont(fontPath);

const decoded = new LRUCache<string, SizedImage<ServerImage>>({
  maxSize: decodedCacheBytes,
  sizeCalculation: (image) => Math.max(1, image.width * image.height * 4),
});
const canvases = createCanvasPool({ perSize: 1, maxPixels: cacheMaxPixels });

async function imageOf({ key, bytes }: RenderTask['template']): Promise<SizedImage<ServerImage>> {
  const known = decoded.get(key);
  if (known) return known;
  // A view over the shared bytes: nothing is copied on the way in.
  const image = await decodeImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (image.width * image.height <= cacheMaxPixels) decoded.set(key, image);
  return image;
}

export async function render(task: RenderTask): Promise<Buffer> {
  const [template, logo] = await Promise.all([imageOf(task.template), task.logo ? imageOf(task.logo) : null]);
  return renderToImage(
    {
      template,
      logo,
      logoFit: task.logoFit,
      style: task.style,
      code: task.code,
      format: task.format,
      opaque: task.opaque,
    },
    canvases,
  );
}
