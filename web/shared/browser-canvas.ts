import type { SizedImage } from '../../src/renderer/canvas.types.js';
import { drawPromo } from '../../src/renderer/render.js';
import { FONT_FAMILY, FONT_WEIGHT, type LogoFit, type VariantStyle } from '../../src/renderer/render.types.js';

export type BrowserImage = CanvasImageSource;

/** Loads the bundled font (the very file the server registers) before anything is drawn. */
export async function loadBundledFont(url: string): Promise<void> {
  const face = new FontFace(FONT_FAMILY, `url(${url})`, { weight: FONT_WEIGHT });
  await face.load();
  document.fonts.add(face);
}

/** Decodes an image URL; CORS-enabled so the canvas stays exportable when images come from a CDN. */
export async function loadImage(url: string): Promise<SizedImage<BrowserImage>> {
  const image = new Image();
  image.crossOrigin = 'anonymous';
  // load/error always settle; HTMLImageElement.decode() was seen to stay pending under load in headless Chromium.
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error(`could not load ${url}`));
  });
  image.src = url;
  await loaded;
  return { image, width: image.naturalWidth, height: image.naturalHeight };
}

/** A user's file (PNG, JPEG, WebP or SVG), decoded locally: it never leaves the browser. */
export async function loadImageFile(file: Blob): Promise<SizedImage<BrowserImage>> {
  if (file.type !== 'image/svg+xml') {
    const bitmap = await createImageBitmap(file);
    return { image: bitmap, width: bitmap.width, height: bitmap.height };
  }
  // createImageBitmap does not take SVG; an <img> does, and gives it a natural size.
  const url = URL.createObjectURL(file);
  try {
    const loaded = await loadImage(url);
    if (!loaded.width || !loaded.height) throw new Error('the SVG has no size');
    return loaded;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export interface DrawRequest {
  template: SizedImage<BrowserImage>;
  style: VariantStyle;
  code: string;
  logo: SizedImage<BrowserImage> | null;
  logoFit?: LogoFit;
}

/** A preview at `cssWidth` CSS pixels, sharp on high-DPI screens: layout is computed at natural size, then scaled. */
export function drawPreview(canvas: HTMLCanvasElement, request: DrawRequest, cssWidth: number): void {
  const pixelWidth = Math.max(1, Math.round(cssWidth * (window.devicePixelRatio || 1)));
  const scale = pixelWidth / request.template.width;
  const pixelHeight = Math.max(1, Math.round(request.template.height * scale));
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, pixelWidth, pixelHeight);
  drawPromo(ctx, { ...request, scale });
}

/** The full-size PNG, drawn by the same renderer as the server's. */
export async function renderPng(request: DrawRequest): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = request.template.width;
  canvas.height = request.template.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  drawPromo(ctx, request);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))), 'image/png'),
  );
}
