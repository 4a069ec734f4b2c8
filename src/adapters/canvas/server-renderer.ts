import { availableParallelism } from 'node:os';
import { LRUCache } from 'lru-cache';
import { Piscina } from 'piscina';
import type { PromoRenderer, RenderImage } from '../../modules/renders/renders.usecases.js';
import type { LogoFit, VariantStyle } from '../../renderer/render.types.js';
import type { ObjectStorage } from '../storage/storage.types.js';
import { createPixelBudget } from './pixel-budget.js';
import type { OutputFormat } from './server-canvas.js';

/** What each render thread is started with. */
export interface RenderWorkerData {
  fontPath: string;
  decodedCacheBytes: number;
  cacheMaxPixels: number;
}

/** One render, as a thread receives it: the images' encoded bytes on shared memory (never copied per render). */
export interface RenderTask {
  template: { key: string; bytes: Uint8Array; width: number; height: number };
  logo: { key: string; bytes: Uint8Array; width: number; height: number } | null;
  style: VariantStyle;
  logoFit: LogoFit;
  code: string;
  format: OutputFormat;
  opaque: boolean;
  /** A thumbnail: scaled to this width before encoding. */
  maxWidth?: number;
}

export interface ServerRenderer extends PromoRenderer {
  /** Ends the render threads (on shutdown). */
  close(): Promise<void>;
}

/** The renderer's `load`: an image's bytes from storage, or a clear error when the key is gone. */
export async function loadImageBytes(storage: Pick<ObjectStorage, 'get'>, key: string): Promise<Buffer> {
  const object = await storage.get(key);
  if (!object) throw new Error(`image ${key} is missing from storage`);
  return object.body;
}

const TASKS_PER_THREAD = 2;

// In the compiled server the thread runs the compiled file; from source (tests, `npm run dev`) it runs the .ts through tsx.
const fromSource = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(fromSource ? './render.worker.ts' : './render.worker.js', import.meta.url).href;

/**
 * RND-7: drawing and encoding run on worker threads (piscina, one per core), so acknowledging webhooks and serving
 * pages never waits behind a render. Renders are admitted by pixels in flight, not by count: each holds its canvas
 * (and, for a template too large to cache, its decoded image) until done, so a few huge templates cannot push memory
 * up, and small renders pass a large one that is waiting for room. Each thread keeps its own decoded-template cache;
 * this thread keeps the encoded images on shared memory, loaded once from storage.
 */
export function createServerRenderer({
  load,
  fontPath,
  threads = Math.max(1, availableParallelism()),
  pixelBudget = 100_000_000,
  encodedCacheBytes = 96 * 1024 * 1024,
  decodedCacheBytes = 128 * 1024 * 1024,
  cacheMaxPixels = 16_000_000,
}: {
  /** An image's encoded bytes by storage key (content-addressed: a key's bytes never change). */
  load: (key: string) => Promise<Buffer>;
  fontPath: string;
  threads?: number;
  pixelBudget?: number;
  encodedCacheBytes?: number;
  /** Per thread. */
  decodedCacheBytes?: number;
  /** Images above this are decoded per render instead of cached (one 40-megapixel image is 160 MB decoded). */
  cacheMaxPixels?: number;
}): ServerRenderer {
  const workerData: RenderWorkerData = { fontPath, decodedCacheBytes, cacheMaxPixels };
  const pool = new Piscina<RenderTask, Uint8Array>({
    filename: WORKER_FILE,
    name: 'render',
    minThreads: 0,
    maxThreads: threads,
    // Two renders per thread: one draws while the other's encode runs on libuv's pool (measured: JPEG 130–137 → 148–160
    // images/s, PNG 11.3–11.6 → 11.9–12.0 on two cores).
    concurrentTasksPerWorker: TASKS_PER_THREAD,
    idleTimeout: 60_000,
    workerData,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  });
  const budget = createPixelBudget({ pixels: pixelBudget, renders: threads * TASKS_PER_THREAD });
  const encoded = new LRUCache<string, Uint8Array>({
    maxSize: encodedCacheBytes,
    sizeCalculation: (bytes) => Math.max(1, bytes.byteLength),
    fetchMethod: async (key) => {
      const body = await load(key);
      const shared = new Uint8Array(new SharedArrayBuffer(body.byteLength));
      shared.set(body);
      return shared;
    },
  });
  const source = async (image: RenderImage) => {
    const bytes = await encoded.fetch(image.key);
    if (!bytes) throw new Error(`image ${image.key} could not be loaded`);
    return { ...image, bytes };
  };
  /**
   * A render holds its canvas; one too large to cache holds more (its decoded image, or libvips streaming it) and takes
   * a thread for seconds, so it counts double: one such render at a time, a thread left for the small ones.
   */
  const pixelsOf = ({ width, height }: RenderImage) => width * height * (width * height > cacheMaxPixels ? 2 : 1);

  return {
    async render(input) {
      const [template, logo] = await Promise.all([source(input.template), input.logo ? source(input.logo) : null]);
      const release = await budget.acquire(pixelsOf(input.template));
      try {
        const body = await pool.run({
          template,
          logo,
          style: input.style,
          logoFit: input.logoFit,
          code: input.code,
          format: input.format,
          opaque: input.opaque,
          maxWidth: input.maxWidth,
        });
        return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      } finally {
        release();
      }
    },
    close: () => pool.destroy(),
  };
}
