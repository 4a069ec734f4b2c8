import fontUrl from '../../assets/fonts/inter-bold-latin.woff2?url';
import type { SizedImage } from '../../src/renderer/canvas.types.js';
import { normalizeCouponCode } from '../../src/renderer/coupon-code.js';
import { api, type PublicTemplate, type PublicVariant } from '../shared/api.js';
import {
  type BrowserImage,
  drawPreview,
  loadBundledFont,
  loadImage,
  loadImageFile,
  renderPng,
} from '../shared/browser-canvas.js';
import { admitExport, type CouponCheck, checkCoupon } from './coupon-check.js';
import { createGallery } from './gallery.js';

type Variant = 'square' | 'story';
const VARIANTS: Variant[] = ['square', 'story'];
const PLACEHOLDER_CODE = 'YOUR-CODE';
const LOGO_MAX_BYTES = 5 * 1024 * 1024;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const codeInput = $<HTMLInputElement>('code');
const codeStatus = $<HTMLParagraphElement>('code-status');
const actionStatus = $<HTMLParagraphElement>('action-status');

const state = {
  templates: [] as PublicTemplate[],
  selected: null as PublicTemplate | null,
  images: {} as Partial<Record<Variant, SizedImage<BrowserImage>>>,
  logo: null as SizedImage<BrowserImage> | null,
  check: null as CouponCheck | null,
};
const fontReady = loadBundledFont(fontUrl);
const imageCache = new Map<string, Promise<SizedImage<BrowserImage>>>();
function cachedImage(url: string): Promise<SizedImage<BrowserImage>> {
  let image = imageCache.get(url);
  if (!image) {
    image = loadImage(url);
    // A failed load is not cached, so choosing the template again retries it.
    image.catch(() => imageCache.delete(url));
    imageCache.set(url, image);
  }
  return image;
}

function setStatus(element: HTMLElement, text: string, tone = '') {
  element.textContent = text;
  element.dataset.state = tone;
}

const currentCode = () => normalizeCouponCode(codeInput.value);

// --- Previews: at most one render per animation frame ---
let frame = 0;
function schedulePreview(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    drawPreviews();
  });
}

const wideLayout = window.matchMedia('(min-width: 1000px)');

/**
 * The preview's width in CSS px: its column, narrowed so the image fits the screen's height — on a laptop with the
 * rest of its panel (heading, logo, buttons: ≈ 340 px), on a phone in about 60 % of it (the page scrolls there).
 */
function previewCssWidth(variant: Variant, spec: PublicVariant): number {
  const column = $<HTMLElement>(`figure-${variant}`).clientWidth || 300;
  const maxHeight = Math.max(260, wideLayout.matches ? window.innerHeight - 340 : window.innerHeight * 0.62);
  return Math.max(1, Math.min(column, Math.floor((maxHeight * spec.width) / spec.height)));
}

let firstPreviewMarked = false;
function drawPreviews(): void {
  const started = performance.now();
  const template = state.selected;
  for (const variant of VARIANTS) {
    const spec = template?.[variant];
    const image = state.images[variant];
    $<HTMLElement>(`figure-${variant}`).hidden = !spec;
    if (!spec || !image) continue;
    const canvas = $<HTMLCanvasElement>(`preview-${variant}`);
    const cssWidth = previewCssWidth(variant, spec);
    canvas.style.width = `${cssWidth}px`;
    const code = currentCode() || PLACEHOLDER_CODE;
    drawPreview(canvas, { template: image, style: spec, code, logo: logoFor(spec) }, cssWidth);
    if (!firstPreviewMarked) {
      firstPreviewMarked = true;
      performance.mark('ps:first-preview');
    }
  }
  // Read by bench/web.bench.ts: the cost of one preview redraw (both variants).
  performance.measure('ps:preview', { start: started });
}

const logoFor = (spec: PublicVariant) => (spec.showLogo ? state.logo : null);

// --- Gallery ---
async function selectTemplate(slug: string): Promise<void> {
  const template = state.templates.find((t) => t.slug === slug);
  if (!template) return;
  state.selected = template;
  state.images = {};
  gallery.markSelected(slug);
  history.replaceState(null, '', `?t=${encodeURIComponent(slug)}`);
  $<HTMLElement>('logo-row').hidden = !VARIANTS.some((v) => template[v]?.showLogo);
  // What was said about the last template's download (saved, refused…) is not about this one.
  if (busy === 0) setStatus(actionStatus, '');
  for (const variant of VARIANTS) {
    $<HTMLElement>(`figure-${variant}`).hidden = !template[variant];
    $<HTMLElement>(`download-${variant}`).hidden = !template[variant];
  }
  imagesReady = Promise.all([
    fontReady,
    ...VARIANTS.map(async (variant) => {
      const spec = template[variant];
      if (!spec) return;
      const image = await cachedImage(spec.imageUrl);
      if (state.selected === template) state.images[variant] = image;
    }),
  ]).then(() => undefined);
  await imagesReady.catch(() =>
    setStatus(actionStatus, "This template's images couldn't be loaded. Reload to try again.", 'error'),
  );
  schedulePreview();
}

/** Settles when the selected template's images (and the font) are ready; downloads wait for it. */
let imagesReady: Promise<void> = Promise.resolve();

const gallery = createGallery({
  list: $<HTMLUListElement>('gallery'),
  searchRow: $<HTMLElement>('search-row'),
  search: $<HTMLInputElement>('template-search'),
  status: $<HTMLElement>('gallery-status'),
  onPick: (slug) => void selectTemplate(slug),
});

// --- Coupon field: normalised as typed (RND-2), checked when typing pauses (VAL-1) ---
let checkTimer = 0;
let checkSeq = 0;
codeInput.addEventListener('input', () => {
  const raw = codeInput.value;
  // A trailing space stays visible while typing so the next word gets its dash; it is dropped on blur.
  const shown = normalizeCouponCode(raw) + (/\s$/.test(raw) && normalizeCouponCode(raw) ? ' ' : '');
  if (shown !== raw) codeInput.value = shown;
  state.check = null;
  // Whatever was said about the previous code (refused, can't verify) no longer holds.
  setStatus(codeStatus, '');
  if (busy === 0) setStatus(actionStatus, '');
  schedulePreview();
  clearTimeout(checkTimer);
  checkTimer = window.setTimeout(() => void runCheck(), 400);
});
codeInput.addEventListener('blur', () => {
  codeInput.value = currentCode();
});

async function runCheck(): Promise<CouponCheck | null> {
  const code = currentCode();
  if (!code) {
    setStatus(codeStatus, '');
    return null;
  }
  const seq = ++checkSeq;
  setStatus(codeStatus, `Checking ${code}…`);
  const result = await checkCoupon(code);
  if (seq !== checkSeq || code !== currentCode()) return result;
  state.check = result;
  setStatus(codeStatus, result.message, result.state);
  return result;
}

// --- Logo (never leaves the browser) ---
const logoInput = $<HTMLInputElement>('logo');
const logoClear = $<HTMLButtonElement>('logo-clear');
logoInput.addEventListener('change', async () => {
  const file = logoInput.files?.[0];
  if (!file) return;
  if (file.size > LOGO_MAX_BYTES) {
    setStatus(actionStatus, 'That logo is larger than 5 MB; please pick a smaller file.', 'error');
    logoInput.value = '';
    return;
  }
  try {
    state.logo = await loadImageFile(file);
    logoClear.hidden = false;
    setStatus(actionStatus, '');
  } catch {
    setStatus(actionStatus, "That file couldn't be read as an image.", 'error');
  }
  schedulePreview();
});
logoClear.addEventListener('click', () => {
  state.logo = null;
  logoInput.value = '';
  logoClear.hidden = true;
  schedulePreview();
});

// --- Download and share: the server re-checks the code first (WEB-4) ---
async function exportFiles(variants: Variant[], action: 'download' | 'share'): Promise<File[] | null> {
  const template = state.selected;
  const code = currentCode();
  if (!template) return null;
  if (!code) {
    setStatus(actionStatus, 'Enter your coupon code first.', 'error');
    codeInput.focus();
    return null;
  }
  setStatus(actionStatus, `Checking ${code}…`);
  try {
    await imagesReady;
  } catch {
    setStatus(actionStatus, "This template's images couldn't be loaded. Reload to try again.", 'error');
    return null;
  }
  // One admission for the whole action: a share of square and portrait is one request and one record.
  const available = variants.filter((variant) => template[variant] && state.images[variant]);
  const [first, ...rest] = available;
  if (!first) return null;
  const admitted = await admitExport({ slug: template.slug, variants: [first, ...rest], code, action });
  if (!admitted.ok) {
    setStatus(actionStatus, admitted.message, admitted.state);
    if (admitted.state === 'invalid') setStatus(codeStatus, admitted.message, 'invalid');
    return null;
  }
  const files: File[] = [];
  for (const variant of available) {
    const spec = template[variant]!;
    const image = state.images[variant]!;
    const filename = admitted.filenames[variant] ?? `${code}-${variant}.png`;
    setStatus(actionStatus, `Preparing ${filename}…`);
    const blob = await renderPng({ template: image, style: spec, code, logo: logoFor(spec) });
    files.push(new File([blob], filename, { type: 'image/png' }));
  }
  return files;
}

function saveFile(file: File): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Downloads and shares under way: their progress messages are not cleared while the code is edited. */
let busy = 0;
async function withBusy(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
  button.disabled = true;
  busy++;
  try {
    await work();
  } finally {
    busy--;
    button.disabled = false;
  }
}

for (const variant of VARIANTS) {
  const button = $<HTMLButtonElement>(`download-${variant}`);
  button.addEventListener('click', () =>
    withBusy(button, async () => {
      const files = await exportFiles([variant], 'download');
      if (!files?.[0]) return;
      saveFile(files[0]);
      setStatus(actionStatus, `Saved ${files[0].name}.`, 'valid');
    }),
  );
}

const shareButton = $<HTMLButtonElement>('share');
shareButton.addEventListener('click', () =>
  withBusy(shareButton, async () => {
    const available = VARIANTS.filter((v) => state.selected?.[v]);
    const canShareFiles = (files: File[]) => typeof navigator.canShare === 'function' && navigator.canShare({ files });
    const files = await exportFiles(available, 'share');
    if (!files?.length) return;
    if (canShareFiles(files)) {
      try {
        await navigator.share({ files, title: `Coupon ${currentCode()}` });
        setStatus(actionStatus, 'Shared.', 'valid');
      } catch (error) {
        if ((error as DOMException).name !== 'AbortError')
          setStatus(actionStatus, "Sharing didn't work here; the image was downloaded instead.", 'error');
        if ((error as DOMException).name !== 'AbortError') saveFile(files[0]!);
      }
      return;
    }
    // No Web Share with files (most desktops): hand over the image as a download instead.
    saveFile(files[0]!);
    setStatus(actionStatus, `Sharing isn't supported in this browser, so ${files[0]!.name} was downloaded.`, 'valid');
  }),
);

// --- Start ---
new ResizeObserver(() => schedulePreview()).observe($<HTMLElement>('previews'));
// The previews' height follows the window's (previewCssWidth), which the observer above does not see.
window.addEventListener('resize', () => schedulePreview());
try {
  state.templates = await api.templates();
  gallery.render(state.templates);
  if (state.templates.length === 0) {
    setStatus($('gallery-status'), 'No templates yet. Please come back soon.');
    $<HTMLElement>('previews-panel').hidden = true;
  }
  const wanted = new URLSearchParams(location.search).get('t');
  const first = state.templates.find((t) => t.slug === wanted) ?? state.templates[0];
  if (first) await selectTemplate(first.slug);
} catch {
  setStatus($('gallery-status'), "Templates couldn't be loaded. Check your connection and reload.", 'error');
}
