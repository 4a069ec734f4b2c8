import type { SizedImage } from '../../src/renderer/canvas.types.js';
import type { PublicTemplate, PublicVariant } from '../shared/api.js';
import { type BrowserImage, renderPng } from '../shared/browser-canvas.js';
import { admitExport } from './coupon-check.js';
import { copyLink } from './share-link.js';
import { type FullImageLoad, loadFullImage } from './template-images.js';

type Variant = 'square' | 'story';
const VARIANTS: Variant[] = ['square', 'story'];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function say(element: HTMLElement, text: string, tone = '') {
  element.textContent = text;
  element.dataset.state = tone;
}

/**
 * Download, Share and Copy link (WEB-4). Every message lands in `status`, the live region right above these buttons
 * (which stay on screen), so a refusal is seen and announced where the user pressed.
 */
export function createExports({
  status,
  codeStatus,
  codeInput,
  selected,
  code: currentCode,
  logoFor,
  shareLink,
}: {
  status: HTMLElement;
  codeStatus: HTMLElement;
  codeInput: HTMLInputElement;
  selected(): PublicTemplate | null;
  code(): string;
  /** The logo the variant's file carries: waits for the default logo when that is the one in use. */
  logoFor(spec: PublicVariant): Promise<SizedImage<BrowserImage> | null>;
  shareLink(): string;
}) {
  let running = 0;

  /** Waits for the full-size images, saying how far they are while they are not all in. */
  async function fullImages(loads: FullImageLoad[]): Promise<SizedImage<BrowserImage>[]> {
    if (loads.every((load) => load.ready)) return loads.map((load) => load.ready!);
    const progress = document.createElement('span');
    // The percentage is for the eyes; screen readers get the sentence once, not every tick.
    progress.setAttribute('aria-hidden', 'true');
    status.dataset.state = '';
    status.replaceChildren('Getting the full-size image…', progress);
    const tick = () => {
      const parts = loads.map((load) => (load.ready ? 1 : load.progress()));
      if (parts.some((part) => part === null)) return;
      const done = (parts as number[]).reduce((sum, part) => sum + part, 0) / parts.length;
      progress.textContent = ` ${Math.floor(done * 100)} %`;
    };
    const timer = setInterval(tick, 250);
    try {
      return await Promise.all(loads.map((load) => load.image));
    } finally {
      clearInterval(timer);
    }
  }

  /** The server re-checks the code (and records the action) while the full images come; files only after both. */
  async function exportFiles(variants: Variant[], action: 'download' | 'share'): Promise<File[] | null> {
    const template = selected();
    const code = currentCode();
    const available = variants.filter((variant) => template?.[variant]);
    const [first, ...rest] = available;
    if (!template || !first) return null;
    if (!code) {
      say(status, 'Enter your coupon code first.', 'error');
      codeInput.focus();
      return null;
    }
    const loads = available.map((variant) => loadFullImage(template[variant]!.imageUrl));
    say(status, `Checking ${code}…`);
    // One admission for the whole action: a share of square and portrait is one request and one record.
    const admitted = await admitExport({ slug: template.slug, variants: [first, ...rest], code, action });
    if (!admitted.ok) {
      say(status, admitted.message, admitted.state);
      if (admitted.state === 'invalid') say(codeStatus, admitted.message, 'invalid');
      return null;
    }
    let images: SizedImage<BrowserImage>[];
    let logos: (SizedImage<BrowserImage> | null)[];
    try {
      images = await fullImages(loads);
      logos = await Promise.all(available.map((variant) => logoFor(template[variant]!)));
    } catch {
      say(status, "The full-size image couldn't be loaded. Check your connection and try again.", 'error');
      return null;
    }
    const files: File[] = [];
    for (const [i, variant] of available.entries()) {
      const spec = template[variant]!;
      const filename = admitted.filenames[variant] ?? `${code}-${variant}.png`;
      say(status, `Preparing ${filename}…`);
      const blob = await renderPng({
        template: images[i]!,
        style: spec,
        code,
        logo: logos[i]!,
        logoFit: spec.logoFit,
      });
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

  function onPress(button: HTMLButtonElement, work: () => Promise<void>): void {
    button.addEventListener('click', async () => {
      button.disabled = true;
      running++;
      try {
        await work();
      } finally {
        running--;
        button.disabled = false;
      }
    });
  }

  for (const variant of VARIANTS) {
    onPress($<HTMLButtonElement>(`download-${variant}`), async () => {
      const files = await exportFiles([variant], 'download');
      if (!files?.[0]) return;
      saveFile(files[0]);
      say(status, `Saved ${files[0].name}.`, 'valid');
    });
  }

  onPress($<HTMLButtonElement>('share'), async () => {
    const canShareFiles = (files: File[]) => typeof navigator.canShare === 'function' && navigator.canShare({ files });
    const files = await exportFiles(VARIANTS, 'share');
    if (!files?.[0]) return;
    if (!canShareFiles(files)) {
      // No Web Share with files (most desktops): hand over the image as a download instead.
      saveFile(files[0]);
      say(status, `Sharing isn't supported in this browser, so ${files[0].name} was downloaded.`, 'valid');
      return;
    }
    try {
      await navigator.share({ files, title: `Coupon ${currentCode()}` });
      say(status, 'Shared.', 'valid');
    } catch (error) {
      if ((error as DOMException).name === 'AbortError') return say(status, '');
      saveFile(files[0]);
      say(status, "Sharing didn't work here; the image was downloaded instead.", 'error');
    }
  });

  onPress($<HTMLButtonElement>('copy-link'), async () => {
    const how = await copyLink({ link: shareLink(), row: $('link-row'), field: $<HTMLInputElement>('share-link') });
    if (how === 'copied') say(status, 'Link copied. It opens this template with your code filled in.', 'valid');
    else say(status, 'Copy the selected link to share this template with your code filled in.');
  });

  return { busy: () => running > 0 };
}
