import v8 from 'node:v8';
import vm from 'node:vm';
import { LRUCache } from 'lru-cache';
import { workerData } from 'piscina';
import type { SizedImage } from '../../renderer/canvas.types.js';
import {
  createCanvasPool,
  type DrawnPixels,
  decodeImage,
  drawToPixels,
  encodePixels,
  registerBundledFont,
  renderLarge,
  type ServerImage,
  suitsStreamedRender,
} from './server-canvas.js';
import type { RenderTask, RenderWorkerData } from './server-renderer.js';

/**
 * One render thread (piscina): decodes each template once into its own cache (bounded by decoded bytes), draws with
 * the shared renderer and encodes with sharp. An opaque template above `cacheMaxPixels` is never decoded whole: only
 * the rectangles the promo changes are drawn and libvips streams the file through (`renderLarge`). Any other one that
 * large is decoded per render, and its decoded image, canvas and pixel copy are collected as soon as each is done
 * with: V8 does not see the native memory behind them (one 40-megapixel image is 160 MB), so it would otherwise keep
 * them for as long as its own heap is small.
 */
const { fontPath, decodedCacheBytes, cacheMaxPixels } = workerData as RenderWorkerData;
registerBundledFont(fontPath);

// The one way to ask V8 for a collection from a worker thread (`--expose-gc` is not a worker option).
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const decoded = new LRUCache<string, SizedImage<ServerImage>>({
  maxSize: decodedCacheBytes,
  sizeCalculation: (image) => Math.max(1, image.width * image.height * 4),
});
// Two renders at a time per thread (server-renderer.ts), so two canvases of a size.
const canvases = createCanvasPool({ perSize: 2, maxPixels: cacheMaxPixels });

const decode = ({ bytes }: RenderTask['template']) =>
  // A view over the shared bytes: nothing is copied on the way in.
  decodeImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

async function cachedImage(source: RenderTask['template']): Promise<SizedImage<ServerImage>> {
  const known = decoded.get(source.key);
  if (known) return known;
  const image = await decode(source);
  if (image.width * image.height <= cacheMaxPixels) decoded.set(source.key, image);
  return image;
}

export async function render(task: RenderTask): Promise<Buffer> {
  const { style, code, logoFit } = task;
  const logo = task.logo ? await cachedImage(task.logo) : null;
  const known = decoded.get(task.template.key);
  if (known) return encodePixels(drawToPixels({ template: known, logo, logoFit, style, code }, canvases), task);
  const bytes = Buffer.from(task.template.bytes.buffer, task.template.bytes.byteOffset, task.template.bytes.byteLength);
  // (A thumbnail is scaled as a whole, so it takes the plain path.)
  if (
    !task.maxWidth &&
    task.opaque &&
    task.template.width * task.template.height > cacheMaxPixels &&
    (await suitsStreamedRender(bytes))
  )
    return renderLarge({
      templateBytes: bytes,
      width: task.template.width,
      height: task.template.height,
      logo,
      logoFit,
      style,
      code,
      format: task.format,
    });
  let pixels: DrawnPixels | null = null;
  {
    const template = await decode(task.template);
    if (template.width * template.height <= cacheMaxPixels) {
      decoded.set(task.template.key, template);
      return encodePixels(drawToPixels({ template, logo, logoFit, style, code }, canvases), task);
    }
    pixels = drawToPixels({ template, logo, logoFit, style, code });
  }
  // The decoded image and the canvas are garbage now; only the pixel copy goes on to the encoder.
  collectGarbage();
  try {
    return await encodePixels(pixels, task);
  } finally {
    pixels = null;
    collectGarbage();
  }
}
