import type { LogoFit, VariantStyle } from '../../src/renderer/render.types.js';

/** What the page asks the render worker (many-codes.worker.ts). */
export type ToWorker =
  | { type: 'font'; url: string }
  /** A decoded image (template or logo) the renders below refer to by key. */
  | { type: 'image'; key: string; bitmap: ImageBitmap }
  | {
      type: 'render';
      id: number;
      imageKey: string;
      logoKey: string | null;
      style: VariantStyle;
      code: string;
      logoFit: LogoFit;
    }
  /** The admitted images, by the Blobs the worker made (passed back by reference), to put in one ZIP. */
  | { type: 'zip'; files: { name: string; png: Blob }[] };

/** What it answers: the font is in, or one image's PNG (a Blob: passed by reference, never copied), or why not. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; png: Blob }
  | { type: 'zipped'; zip: Blob }
  | { type: 'failed'; id: number | null; message: string };
