import fontUrl from '../../assets/fonts/inter-bold-latin.woff2?url';
import type { SizedImage } from '../../src/renderer/canvas.types.js';
import { normalizeCouponCode } from '../../src/renderer/coupon-code.js';
import { api, type PublicTemplate, type PublicVariant } from '../shared/api.js';
import { type BrowserImage, drawPreview, loadBundledFont, loadImageFile } from '../shared/browser-canvas.js';
import { showCampaigns } from './campaigns-list.js';
import { type CouponCheck, checkCoupon } from './coupon-check.js';
import { createExports } from './exports.js';
import { createGallery } from './gallery.js';
import { readShareLink, shareLinkPath } from './share-link.js';
import { choosePreview, type FullImageLoad, fullImageIfReady, loadFullImage, loadPreview } from './template-images.js';

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
  /** What each variant's preview is drawn from until (and unless) the full image is better. */
  previews: {} as Partial<Record<Variant, SizedImage<BrowserImage>>>,
  /** The visitor's own logo (never leaves the browser). */
  ownLogo: null as SizedImage<BrowserImage> | null,
  /** The admin's default logo, used unless the visitor picks their own or chooses none. */
  brandLogo: null as { url: string; load: FullImageLoad } | null,
  logoChoice: 'none' as 'brand' | 'own' | 'none',
  check: null as CouponCheck | null,
};
const fontReady = loadBundledFont(fontUrl);

function setStatus(element: HTMLElement, text: string, tone = '') {
  element.textContent = text;
  element.dataset.state = tone;
}

const currentCode = () => normalizeCouponCode(codeInput.value);
/** What the preview draws now: the default logo only once it is in (the preview is redrawn then). */
function logoFor(spec: PublicVariant): SizedImage<BrowserImage> | null {
  if (!spec.showLogo) return null;
  if (state.logoChoice === 'own') return state.ownLogo;
  if (state.logoChoice === 'brand') return state.brandLogo?.load.ready ?? null;
  return null;
}
/** What a downloaded file carries: the same, waiting for the default logo so the file matches the server's render. */
async function logoForFile(spec: PublicVariant): Promise<SizedImage<BrowserImage> | null> {
  if (spec.showLogo && state.logoChoice === 'brand' && state.brandLogo) return state.brandLogo.load.image;
  return logoFor(spec);
}

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

/** The preview image if it is sharp enough for the canvas, else the full image once it is in. */
function imageToDraw(variant: Variant, spec: PublicVariant, pixelWidth: number) {
  const preview = state.previews[variant];
  const full = fullImageIfReady(spec.imageUrl);
  const previewWidth = choosePreview(spec.previews, pixelWidth)?.width ?? 0;
  if (preview && (previewWidth >= pixelWidth || !full)) return preview;
  return full ?? preview ?? null;
}

let firstPreviewMarked = false;
function drawPreviews(): void {
  const started = performance.now();
  const template = state.selected;
  for (const variant of VARIANTS) {
    const spec = template?.[variant];
    $<HTMLElement>(`figure-${variant}`).hidden = !spec;
    if (!spec) continue;
    const canvas = $<HTMLCanvasElement>(`preview-${variant}`);
    const cssWidth = previewCssWidth(variant, spec);
    canvas.style.width = `${cssWidth}px`;
    const image = imageToDraw(variant, spec, Math.round(cssWidth * (window.devicePixelRatio || 1)));
    if (!image) continue;
    const code = currentCode() || PLACEHOLDER_CODE;
    drawPreview(canvas, { template: image, style: spec, code, logo: logoFor(spec), logoFit: spec.logoFit }, cssWidth);
    if (!firstPreviewMarked) {
      firstPreviewMarked = true;
      performance.mark('ps:first-preview');
    }
  }
  // Read by bench/web.bench.ts: the cost of one preview redraw (both variants).
  performance.measure('ps:preview', { start: started });
}

// --- Choosing a template: previews from the display-size images, then the full images in the background ---
let fullImageMarked = false;
async function selectTemplate(slug: string): Promise<void> {
  const template = state.templates.find((t) => t.slug === slug);
  if (!template) return;
  state.selected = template;
  state.previews = {};
  gallery.markSelected(slug);
  syncAddress();
  $<HTMLElement>('logo-row').hidden = !VARIANTS.some((v) => template[v]?.showLogo);
  $<HTMLElement>('link-row').hidden = true;
  // What was said about the last template's download (saved, refused…) is not about this one.
  if (!actions.busy()) setStatus(actionStatus, '');
  for (const variant of VARIANTS) {
    $<HTMLElement>(`figure-${variant}`).hidden = !template[variant];
    $<HTMLElement>(`download-${variant}`).hidden = !template[variant];
  }
  const previews = VARIANTS.map(async (variant) => {
    const spec = template[variant];
    if (!spec) return;
    const pixelWidth = Math.round(previewCssWidth(variant, spec) * (window.devicePixelRatio || 1));
    const preview = choosePreview(spec.previews, pixelWidth);
    const full = () => loadFullImage(spec.imageUrl).image;
    const image = await (preview ? loadPreview(spec, preview).catch(full) : full());
    await fontReady;
    if (state.selected !== template) return;
    state.previews[variant] = image;
    schedulePreview();
  });
  try {
    await Promise.all(previews);
  } catch {
    if (state.selected === template)
      setStatus(actionStatus, "This template's images couldn't be loaded. Reload to try again.", 'error');
    return;
  }
  // A template already left behind is not worth megabytes on a phone's connection.
  if (state.selected !== template) return;
  // Downloads need every pixel: fetch the full images now, after the previews had the connection to themselves.
  const fulls = VARIANTS.flatMap((v) => (template[v] ? [loadFullImage(template[v].imageUrl).image] : []));
  void Promise.all(fulls).then(
    () => {
      if (!fullImageMarked) performance.mark('ps:full-image');
      fullImageMarked = true;
      if (state.selected === template) schedulePreview();
    },
    () => undefined, // said when the user downloads (exports.ts), which retries
  );
}

const gallery = createGallery({
  list: $<HTMLUListElement>('gallery'),
  searchRow: $<HTMLElement>('search-row'),
  search: $<HTMLInputElement>('template-search'),
  status: $<HTMLElement>('gallery-status'),
  onPick: (slug) => void selectTemplate(slug),
});

/** The address bar always holds the share link of what is on screen. */
function syncAddress(): void {
  history.replaceState(null, '', shareLinkPath({ slug: state.selected?.slug ?? null, code: currentCode() }));
}

// --- Coupon field: normalised as typed (RND-2), checked when typing pauses (VAL-1) ---
let checkTimer = 0;
let checkSeq = 0;
codeInput.addEventListener('input', () => {
  const raw = codeInput.value;
  // A trailing space stays visible while typing so the next word gets its dash; it is dropped on blur.
  const shown = normalizeCouponCode(raw) + (/\s$/.test(raw) && normalizeCouponCode(raw) ? ' ' : '');
  if (shown !== raw) codeInput.value = shown;
  state.check = null;
  // Whatever was said about the previous code (refused, can't verify, a link copied with it) no longer holds.
  setStatus(codeStatus, '');
  if (!actions.busy()) setStatus(actionStatus, '');
  $<HTMLElement>('link-row').hidden = true;
  schedulePreview();
  clearTimeout(checkTimer);
  checkTimer = window.setTimeout(() => void runCheck(), 400);
});
codeInput.addEventListener('blur', () => {
  codeInput.value = currentCode();
});

async function runCheck(): Promise<CouponCheck | null> {
  const code = currentCode();
  syncAddress();
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

// --- Logo: the admin's default one, the visitor's own (never leaves the browser), or none ---
const logoInput = $<HTMLInputElement>('logo');
const logoClear = $<HTMLButtonElement>('logo-clear');
const logoDefault = $<HTMLButtonElement>('logo-default');
const logoNote = $<HTMLElement>('logo-note');
function showLogoChoice(): void {
  const brand = state.brandLogo !== null;
  $<HTMLElement>('logo-label').textContent = brand ? 'Your own logo (optional)' : 'Logo (optional)';
  logoClear.hidden = state.logoChoice === 'none';
  logoDefault.hidden = !brand || state.logoChoice === 'brand';
  logoNote.hidden = !brand;
  logoNote.textContent =
    state.logoChoice === 'brand'
      ? 'The default logo is on. Pick a file to use your own.'
      : state.logoChoice === 'own'
        ? 'Your own logo is on.'
        : 'No logo.';
  schedulePreview();
}
logoInput.addEventListener('change', async () => {
  const file = logoInput.files?.[0];
  if (!file) return;
  if (file.size > LOGO_MAX_BYTES) {
    setStatus(actionStatus, 'That logo is larger than 5 MB; please pick a smaller file.', 'error');
    logoInput.value = '';
    return;
  }
  try {
    state.ownLogo = await loadImageFile(file);
    state.logoChoice = 'own';
    setStatus(actionStatus, '');
  } catch {
    setStatus(actionStatus, "That file couldn't be read as an image.", 'error');
  }
  showLogoChoice();
});
logoClear.addEventListener('click', () => {
  state.ownLogo = null;
  state.logoChoice = 'none';
  logoInput.value = '';
  showLogoChoice();
});
logoDefault.addEventListener('click', () => {
  state.ownLogo = null;
  state.logoChoice = 'brand';
  logoInput.value = '';
  showLogoChoice();
});

/** The default logo is fetched at once (it is small) and drawn as soon as it is in. */
function useBrandLogo(logo: { url: string } | null): void {
  if (!logo) return;
  const load = loadFullImage(logo.url);
  state.brandLogo = { url: logo.url, load };
  state.logoChoice = 'brand';
  showLogoChoice();
  void load.image.then(
    () => schedulePreview(),
    () => setStatus(actionStatus, "The default logo couldn't be loaded. Reload to try again.", 'error'),
  );
}

// --- Download, share, copy link ---
const actions = createExports({
  status: actionStatus,
  codeStatus,
  codeInput,
  selected: () => state.selected,
  code: currentCode,
  logoFor: logoForFile,
  shareLink: () =>
    new URL(shareLinkPath({ slug: state.selected?.slug ?? null, code: currentCode() }), location.href).href,
});

// --- "Many codes": its code and styles are fetched only when it is opened, so the first load stays small ---
const manyOpen = $<HTMLButtonElement>('many-open');
const manyBody = $<HTMLElement>('many-body');
manyOpen.addEventListener('click', async () => {
  const open = manyBody.hidden;
  manyBody.hidden = !open;
  manyOpen.setAttribute('aria-expanded', String(open));
  if (!open || manyBody.dataset.mounted) return;
  manyBody.dataset.mounted = 'true';
  try {
    const { mountManyCodes } = await import('./many-codes.js');
    mountManyCodes({
      root: manyBody,
      templates: state.templates,
      selected: state.selected,
      logoFor: logoForFile,
      loadImage: (url) => loadFullImage(url).image,
      fontUrl,
    });
  } catch {
    delete manyBody.dataset.mounted;
    manyBody.textContent = "This part of the page couldn't be loaded. Check your connection and reload.";
  }
});

// --- Start: a share link (`?t=slug&code=CODE`) picks the template and fills in the code ---
new ResizeObserver(() => schedulePreview()).observe($<HTMLElement>('previews'));
// The previews' height follows the window's (previewCssWidth), which the observer above does not see.
window.addEventListener('resize', () => schedulePreview());
const wanted = readShareLink(location.search);
if (wanted.code) {
  codeInput.value = wanted.code;
  void runCheck();
}
try {
  const catalogue = await api.catalogue();
  state.templates = catalogue.templates;
  useBrandLogo(catalogue.brandLogo);
  gallery.render(state.templates);
  if (state.templates.length === 0) {
    setStatus($('gallery-status'), 'No templates yet. Please come back soon.');
    $<HTMLElement>('previews-panel').hidden = true;
  }
  const first = state.templates.find((t) => t.slug === wanted.slug) ?? state.templates[0];
  // On a slow connection the first preview comes before the thumbnails (at most 4 s before).
  const thumbnailsLate = setTimeout(() => gallery.showThumbnails(), 4000);
  if (first) await selectTemplate(first.slug);
  clearTimeout(thumbnailsLate);
  gallery.showThumbnails();
} catch {
  setStatus($('gallery-status'), "Templates couldn't be loaded. Check your connection and reload.", 'error');
}
void showCampaigns($<HTMLElement>('campaigns-panel'));
