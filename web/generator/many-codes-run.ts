import type { SizedImage } from '../../src/renderer/canvas.types.js';
import { api, type PublicTemplate, type PublicVariant } from '../shared/api.js';
import type { BrowserImage } from '../shared/browser-canvas.js';
import { MAX_IMAGES, zipEntryName } from './many-codes-list.js';
import type { BatchRenderer } from './many-codes-render.js';

export type Variant = 'square' | 'story';

export interface ManyCodesPlan {
  codes: string[];
  templates: PublicTemplate[];
  variants: Variant[];
  /** The logo each file carries: the page's choice (the default logo, the visitor's own, or none). */
  logoFor(spec: PublicVariant): Promise<SizedImage<BrowserImage> | null>;
  /** A template's full-size image, through the page's own loader (shared with downloads, so loaded once). */
  loadImage(url: string): Promise<SizedImage<BrowserImage>>;
}

export interface PlannedImage {
  code: string;
  template: PublicTemplate;
  variant: Variant;
}

/** Every (code, template, variant) the plan asks for that exists, codes first; at most MAX_IMAGES. */
export function plannedImages({
  codes,
  templates,
  variants,
}: Pick<ManyCodesPlan, 'codes' | 'templates' | 'variants'>): PlannedImage[] {
  return codes.flatMap((code) =>
    templates.flatMap((template) =>
      variants.filter((variant) => template[variant]).map((variant) => ({ code, template, variant })),
    ),
  );
}

export interface ManyCodesResult {
  zip: Blob;
  /** Images the server turned down when recording them (the code stopped being active meanwhile). */
  refused: { name: string; message: string }[];
  files: number;
}

const RECORD_CHUNK = 100;
/** Images the renderer works on at once: enough to keep the worker busy while the page takes the previous PNG. */
const IN_FLIGHT = 3;

const aborted = () => new DOMException('Cancelled', 'AbortError');

/**
 * "Many codes": every image is drawn in the browser by the shared renderer, then the server admits and records each
 * one (source web, action batch) and only those go in the ZIP. Nothing is recorded for a run cancelled while drawing.
 */
export async function runManyCodes({
  plan,
  renderer,
  signal,
  onProgress,
  onPhase,
}: {
  plan: ManyCodesPlan;
  renderer: BatchRenderer;
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
  onPhase(phase: 'images' | 'drawing' | 'recording' | 'packing'): void;
}): Promise<ManyCodesResult> {
  const images = plannedImages(plan);
  if (images.length === 0 || images.length > MAX_IMAGES) throw new Error(`between 1 and ${MAX_IMAGES} images`);
  onPhase('images');
  const keys = await sendImages(plan, images, renderer);
  if (signal.aborted) throw aborted();
  onPhase('drawing');
  const pngs = await drawAll({ images, keys, renderer, signal, onProgress });
  onPhase('recording');
  const admitted = new Map<number, string>();
  const refused: ManyCodesResult['refused'] = [];
  for (let start = 0; start < images.length; start += RECORD_CHUNK) {
    if (signal.aborted) throw aborted();
    const chunk = images.slice(start, start + RECORD_CHUNK);
    const { results } = await api.admitBatch({
      images: chunk.map(({ code, template, variant }) => ({ slug: template.slug, variant, code })),
    });
    for (const [i, result] of results.entries()) {
      const image = chunk[i]!;
      if (result.ok) admitted.set(start + i, result.filename ?? zipEntryName({ ...image, slug: image.template.slug }));
      else
        refused.push({
          name: zipEntryName({ ...image, slug: image.template.slug }),
          message: result.error?.message ?? '',
        });
    }
  }
  onPhase('packing');
  if (signal.aborted) throw aborted();
  const zip = await renderer.pack([...admitted].map(([index, name]) => ({ name, png: pngs[index]! })));
  if (signal.aborted) throw aborted();
  return { zip, refused, files: admitted.size };
}

/** Each template image (and logo) decoded once on the page and handed to the renderer; the keys the jobs use. */
async function sendImages(plan: ManyCodesPlan, images: PlannedImage[], renderer: BatchRenderer) {
  const keys = new Map<PublicVariant, { imageKey: string; logoKey: string | null }>();
  const logos = new Map<unknown, string>();
  for (const { template, variant } of images) {
    const spec = template[variant]!;
    if (keys.has(spec)) continue;
    const [image, logo] = await Promise.all([plan.loadImage(spec.imageUrl), plan.logoFor(spec)]);
    await renderer.addImage(spec.imageUrl, image);
    let logoKey: string | null = null;
    if (logo) {
      logoKey = logos.get(logo.image) ?? `logo-${logos.size}`;
      if (!logos.has(logo.image)) {
        logos.set(logo.image, logoKey);
        await renderer.addImage(logoKey, logo);
      }
    }
    keys.set(spec, { imageKey: spec.imageUrl, logoKey });
  }
  return keys;
}

async function drawAll({
  images,
  keys,
  renderer,
  signal,
  onProgress,
}: {
  images: PlannedImage[];
  keys: Map<PublicVariant, { imageKey: string; logoKey: string | null }>;
  renderer: BatchRenderer;
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
}): Promise<Blob[]> {
  const pngs: Blob[] = new Array(images.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < images.length) {
      if (signal.aborted) throw aborted();
      const index = next++;
      const { code, template, variant } = images[index]!;
      const spec = template[variant]!;
      const { imageKey, logoKey } = keys.get(spec)!;
      pngs[index] = await renderer.render({ imageKey, logoKey, style: spec, code, logoFit: spec.logoFit });
      onProgress(++done, images.length);
    }
  };
  const lanes = Array.from({ length: renderer.kind === 'worker' ? IN_FLIGHT : 1 }, lane);
  await Promise.all(lanes);
  if (signal.aborted) throw aborted();
  return pngs;
}
