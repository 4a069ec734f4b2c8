import type { SizedImage } from '../../src/renderer/canvas.types.js';
import type { PublicVariant } from '../shared/api.js';
import { type BrowserImage, loadImage } from '../shared/browser-canvas.js';

type Preview = PublicVariant['previews'][number];

/**
 * The smallest display-size preview at least `pixelWidth` wide (the canvas at the device's pixel ratio), else the
 * largest there is; null when the template has none (stored before previews existed): then the full image is used.
 */
export function choosePreview(previews: readonly Preview[], pixelWidth: number): Preview | null {
  const bySize = [...previews].sort((a, b) => a.width - b.width);
  return bySize.find((p) => p.width >= pixelWidth) ?? bySize.at(-1) ?? null;
}

/** Drawing from a preview: the renderer lays out at the natural size and stretches the image over it. */
const atNaturalSize = (image: SizedImage<BrowserImage>, spec: PublicVariant): SizedImage<BrowserImage> => ({
  image: image.image,
  width: spec.width,
  height: spec.height,
});

const previewLoads = new Map<string, Promise<SizedImage<BrowserImage>>>();

/** A preview image, decoded once per URL; a failed load is forgotten, so the next attempt retries it. */
export function loadPreview(spec: PublicVariant, preview: Preview): Promise<SizedImage<BrowserImage>> {
  let load = previewLoads.get(preview.url);
  if (!load) {
    load = loadImage(preview.url);
    load.catch(() => previewLoads.delete(preview.url));
    previewLoads.set(preview.url, load);
  }
  return load.then((image) => atNaturalSize(image, spec));
}

/** A full-resolution template image on its way: what has arrived so far, and the decoded image at the end. */
export interface FullImageLoad {
  readonly image: Promise<SizedImage<BrowserImage>>;
  /** 0–1, or null while the size is unknown. */
  progress(): number | null;
  /** Set once decoded. */
  ready: SizedImage<BrowserImage> | null;
}

const fullLoads = new Map<string, FullImageLoad>();

/** The full-resolution image if it is already decoded; never starts a download. */
export const fullImageIfReady = (url: string) => fullLoads.get(url)?.ready ?? null;

/**
 * The full-resolution image a download is drawn from, fetched once per URL (downloads need every pixel; previews
 * never do). Streamed so the page can say how far it is, then decoded by an <img>, as before previews existed, so
 * downloads keep the exact pixels the parity tests check.
 */
export function loadFullImage(url: string): FullImageLoad {
  const known = fullLoads.get(url);
  if (known) return known;
  let received = 0;
  let total = 0;
  async function fetchAndDecode(): Promise<SizedImage<BrowserImage>> {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok || !response.body) throw new Error(`could not load ${url}: ${response.status}`);
    total = Number(response.headers.get('content-length')) || 0;
    const chunks: Uint8Array[] = [];
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      chunks.push(chunk.value);
      received += chunk.value.length;
    }
    const type = response.headers.get('content-type') ?? '';
    const objectUrl = URL.createObjectURL(new Blob(chunks as BlobPart[], { type }));
    try {
      return await loadImage(objectUrl);
    } finally {
      URL.revokeObjectURL(objectUrl);
    }
  }
  const load: FullImageLoad = {
    ready: null,
    progress: () => (total > 0 ? Math.min(1, received / total) : null),
    image: fetchAndDecode().then((image) => {
      load.ready = image;
      return image;
    }),
  };
  load.image.catch(() => fullLoads.delete(url));
  fullLoads.set(url, load);
  return load;
}
