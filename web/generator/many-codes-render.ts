import type { SizedImage } from '../../src/renderer/canvas.types.js';
import type { LogoFit, VariantStyle } from '../../src/renderer/render.types.js';
import { type BrowserImage, renderPng } from '../shared/browser-canvas.js';
import type { FromWorker, ToWorker } from './many-codes-protocol.js';
import { packZip } from './many-codes-zip.js';

/** The id of the one ZIP job (render ids start at 1). */
const ZIP_JOB = -1;

export interface RenderJob {
  imageKey: string;
  logoKey: string | null;
  style: VariantStyle;
  code: string;
  logoFit: LogoFit;
}

/** Where the "Many codes" images are drawn: a Web Worker on an OffscreenCanvas, or the page in small slices. */
export interface BatchRenderer {
  readonly kind: 'worker' | 'page';
  addImage(key: string, image: SizedImage<BrowserImage>): Promise<void>;
  render(job: RenderJob): Promise<Blob>;
  /** One ZIP of these PNGs, stored: in the worker when there is one, else on the page a file per task. */
  pack(files: { name: string; png: Blob }[]): Promise<Blob>;
  close(): void;
}

const canUseWorker = () =>
  typeof Worker !== 'undefined' &&
  typeof OffscreenCanvas !== 'undefined' &&
  'convertToBlob' in OffscreenCanvas.prototype &&
  typeof createImageBitmap === 'function';

/** The worker when the browser has OffscreenCanvas (and its font loads within 10 s), else the page. */
export async function createBatchRenderer({
  fontUrl,
  preferPage = false,
}: {
  fontUrl: string;
  /** Tests and benchmarks compare both paths. */
  preferPage?: boolean;
}): Promise<BatchRenderer> {
  if (!preferPage && canUseWorker()) {
    const worker = await startWorker(new URL(fontUrl, location.href).href).catch(() => null);
    if (worker) return worker;
  }
  return createPageRenderer();
}

function startWorker(fontUrl: string): Promise<BatchRenderer> {
  const worker = new Worker(new URL('./many-codes.worker.ts', import.meta.url), { type: 'module' });
  const post = (message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  const pending = new Map<number, { resolve(blob: Blob): void; reject(error: Error): void }>();
  let nextId = 1;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error('the render worker did not start'));
    }, 10_000);
    worker.onerror = () => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error('the render worker failed'));
      for (const job of pending.values()) job.reject(new Error('the render worker failed'));
      pending.clear();
    };
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(renderer);
      } else if (message.type === 'failed' && message.id === null) {
        clearTimeout(timer);
        worker.terminate();
        reject(new Error(message.message));
      } else {
        const id = message.type === 'zipped' ? ZIP_JOB : message.id;
        const job = id === null ? undefined : pending.get(id);
        if (id !== null) pending.delete(id);
        if (message.type === 'zipped') job?.resolve(message.zip);
        else if (message.type === 'done') job?.resolve(message.png);
        else job?.reject(new Error(message.message));
      }
    };
    const renderer: BatchRenderer = {
      kind: 'worker',
      async addImage(key, { image }) {
        const bitmap = await createImageBitmap(image);
        post({ type: 'image', key, bitmap }, [bitmap]);
      },
      render(job) {
        const id = nextId++;
        return new Promise<Blob>((resolveJob, rejectJob) => {
          pending.set(id, { resolve: resolveJob, reject: rejectJob });
          post({ type: 'render', id, ...job });
        });
      },
      pack(files) {
        return new Promise<Blob>((resolveZip, rejectZip) => {
          pending.set(ZIP_JOB, { resolve: resolveZip, reject: rejectZip });
          post({ type: 'zip', files });
        });
      },
      close() {
        worker.terminate();
        for (const job of pending.values()) job.reject(new DOMException('Cancelled', 'AbortError'));
        pending.clear();
      },
    };
    post({ type: 'font', url: fontUrl });
  });
}

/** One image per task, with a pause for the page between them, so no task holds the main thread for long. */
function createPageRenderer(): BatchRenderer {
  const images = new Map<string, SizedImage<BrowserImage>>();
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return {
    kind: 'page',
    async addImage(key, image) {
      images.set(key, image);
    },
    async render({ imageKey, logoKey, style, code, logoFit }) {
      const template = images.get(imageKey);
      if (!template) throw new Error(`image ${imageKey} was never added`);
      await pause();
      const blob = await renderPng({
        template,
        style,
        code,
        logo: logoKey ? (images.get(logoKey) ?? null) : null,
        logoFit,
      });
      return blob;
    },
    pack: packZip,
    close() {
      images.clear();
    },
  };
}
