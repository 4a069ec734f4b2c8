import './many-codes.css';
import type { SizedImage } from '../../src/renderer/canvas.types.js';
import { ApiError, api, type PublicTemplate, type PublicVariant } from '../shared/api.js';
import type { BrowserImage } from '../shared/browser-canvas.js';
import { UNAVAILABLE } from './coupon-check.js';
import { MAX_CODES, MAX_IMAGES, parseCodeList } from './many-codes-list.js';
import { createBatchRenderer } from './many-codes-render.js';
import { plannedImages, runManyCodes, type Variant } from './many-codes-run.js';

const FILE_MAX_BYTES = 1024 * 1024;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const { dataset, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

function checkbox(name: string, label: string, value: string, checked: boolean) {
  const input = el('input', { type: 'checkbox', name, value, checked });
  return { input, row: el('label', { className: 'check' }, input, label) };
}

/**
 * "Many codes" on the generator (loaded on demand): a list of codes (pasted, or a CSV/TXT file) × the templates and
 * variants picked → one request checks every code, the active ones are drawn in the browser (a Web Worker where the
 * browser has OffscreenCanvas) and downloaded as one ZIP, with progress and Cancel.
 */
export function mountManyCodes({
  root,
  templates,
  selected,
  logoFor,
  loadImage,
  fontUrl,
}: {
  root: HTMLElement;
  loadImage(url: string): Promise<SizedImage<BrowserImage>>;
  templates: PublicTemplate[];
  selected: PublicTemplate | null;
  logoFor(spec: PublicVariant): Promise<SizedImage<BrowserImage> | null>;
  fontUrl: string;
}): void {
  const text = el('textarea', {
    id: 'many-codes-text',
    rows: 6,
    spellcheck: false,
    autocapitalize: 'characters',
    placeholder: 'SAVE20\nWELCOME10\n…',
  });
  text.setAttribute('aria-describedby', 'many-codes-count');
  const file = el('input', { id: 'many-codes-file', type: 'file', accept: '.csv,.txt,text/csv,text/plain' });
  const count = el('p', { id: 'many-codes-count', className: 'hint' });
  const templateChecks = templates.map((t) => checkbox('many-template', t.name, t.slug, t === selected));
  const variantChecks = (['square', 'story'] as const).map((v) =>
    checkbox('many-variant', v === 'square' ? 'Square' : 'Portrait', v, true),
  );
  const start = el('button', { type: 'button', className: 'primary', textContent: 'Make ZIP' });
  const cancel = el('button', { type: 'button', textContent: 'Cancel', hidden: true });
  const progress = el('progress', { max: 1, value: 0, hidden: true });
  progress.setAttribute('aria-label', 'Progress');
  const counts = el('p', { className: 'many-counts', hidden: true });
  counts.setAttribute('aria-hidden', 'true');
  const status = el('p', { className: 'status', role: 'status' });
  status.setAttribute('aria-live', 'polite');
  const inactive = el('ul', { className: 'many-inactive', hidden: true });
  inactive.setAttribute('aria-label', 'Codes not made');

  root.replaceChildren(
    el('label', { htmlFor: 'many-codes-text', textContent: 'Codes, one per line' }),
    text,
    el(
      'div',
      { className: 'many-file' },
      el('label', { htmlFor: 'many-codes-file', textContent: 'Or pick a CSV or TXT file' }),
      file,
    ),
    count,
    el('fieldset', {}, el('legend', { textContent: 'Templates' }), ...templateChecks.map((c) => c.row)),
    el('fieldset', {}, el('legend', { textContent: 'Variants' }), ...variantChecks.map((c) => c.row)),
    el('div', { className: 'many-run' }, start, cancel),
    progress,
    counts,
    status,
    inactive,
  );

  const say = (message: string, tone = '') => {
    status.textContent = message;
    status.dataset.state = tone;
  };
  const picked = () => ({
    codes: parseCodeList(text.value),
    templates: templates.filter((_, i) => templateChecks[i]!.input.checked),
    variants: variantChecks.filter((c) => c.input.checked).map((c) => c.input.value as Variant),
  });
  const showCount = () => {
    const { codes, templates: chosen, variants } = picked();
    const images = plannedImages({ codes: codes.codes, templates: chosen, variants }).length;
    const extra = [
      codes.repeats ? `${codes.repeats} repeated` : '',
      codes.unusable ? `${codes.unusable} without usable characters` : '',
    ].filter(Boolean);
    count.textContent =
      `${codes.codes.length} ${codes.codes.length === 1 ? 'code' : 'codes'}${extra.length ? ` (${extra.join(', ')} left out)` : ''}` +
      ` · ${images} ${images === 1 ? 'image' : 'images'}`;
  };
  text.addEventListener('input', showCount);
  for (const c of [...templateChecks, ...variantChecks]) c.input.addEventListener('change', showCount);
  showCount();

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    if (chosen.size > FILE_MAX_BYTES) {
      say('That file is larger than 1 MB; a list of 500 codes is far smaller.', 'error');
      file.value = '';
      return;
    }
    text.value = await chosen.text();
    showCount();
    say('');
  });

  let controller: AbortController | null = null;
  cancel.addEventListener('click', () => controller?.abort());

  start.addEventListener('click', async () => {
    const { codes, templates: chosen, variants } = picked();
    inactive.replaceChildren();
    inactive.hidden = true;
    if (codes.codes.length === 0) return say('Paste some codes first, one per line.', 'error');
    if (codes.codes.length > MAX_CODES)
      return say(`That is ${codes.codes.length} codes; at most ${MAX_CODES} go in one ZIP.`, 'error');
    if (chosen.length === 0 || variants.length === 0)
      return say('Pick at least one template and one variant.', 'error');
    controller = new AbortController();
    const { signal } = controller;
    start.disabled = true;
    cancel.hidden = false;
    try {
      await run({ codes: codes.codes, templates: chosen, variants, signal });
    } finally {
      start.disabled = false;
      cancel.hidden = true;
      controller = null;
    }
  });

  async function run({
    codes,
    templates: chosen,
    variants,
    signal,
  }: {
    codes: string[];
    templates: PublicTemplate[];
    variants: Variant[];
    signal: AbortSignal;
  }) {
    performance.mark('ps:many-start');
    say(`Checking ${codes.length} codes…`);
    let results: Awaited<ReturnType<typeof api.validateCoupons>>['results'];
    try {
      ({ results } = await api.validateCoupons(codes));
    } catch (error) {
      const limited = error instanceof ApiError && error.status === 429;
      return say(limited ? 'Too many lists at once. Please wait a minute and try again.' : UNAVAILABLE, 'error');
    }
    const active = results.filter((r) => r.valid).map((r) => r.code);
    const notActive = results.filter((r) => !r.valid && r.code);
    showInactive(
      notActive.map((r) => ({
        name: r.code,
        message: r.reason === 'unavailable' ? "couldn't be checked" : 'not active',
      })),
    );
    const images = plannedImages({ codes: active, templates: chosen, variants }).length;
    if (images === 0) return say('None of these codes is active, so there is nothing to make.', 'error');
    if (images > MAX_IMAGES)
      return say(
        `That makes ${images} images; at most ${MAX_IMAGES} go in one ZIP. Pick fewer codes or templates.`,
        'error',
      );
    if (signal.aborted) return say('Cancelled. Nothing was downloaded.');
    const renderer = await createBatchRenderer({ fontUrl, preferPage: root.dataset.renderOn === 'page' });
    root.dataset.renderer = renderer.kind;
    signal.addEventListener('abort', () => renderer.close(), { once: true });
    progress.hidden = false;
    counts.hidden = false;
    const showProgress = (done: number, total: number) => {
      progress.max = total;
      progress.value = done;
      counts.textContent = `${done} of ${total} images · ${Math.floor((done / total) * 100)} %`;
    };
    showProgress(0, images);
    try {
      const result = await runManyCodes({
        plan: { codes: active, templates: chosen, variants, logoFor, loadImage },
        renderer,
        signal,
        onProgress: showProgress,
        onPhase: (phase) => {
          // Read by bench/many-codes.bench.ts: which phase a long task fell in.
          performance.mark(`ps:many-${phase}`);
          if (phase === 'images') say('Getting the template images…');
          if (phase === 'drawing') say(`Making ${images} images…`);
          if (phase === 'recording') say('Checking the codes once more…');
          if (phase === 'packing') say('Packing the ZIP…');
        },
      });
      if (result.refused.length)
        showInactive([...notActive.map((r) => ({ name: r.code, message: 'not active' })), ...result.refused]);
      if (result.files === 0) return say('The server turned down every image; nothing was downloaded.', 'error');
      const name = `promo-images-${result.files}.zip`;
      save(result.zip, name);
      performance.mark('ps:many-done');
      say(`Saved ${name}: ${result.files} ${result.files === 1 ? 'image' : 'images'}.`, 'valid');
    } catch (error) {
      if (signal.aborted || (error instanceof DOMException && error.name === 'AbortError'))
        return say(`Cancelled after ${progress.value} of ${progress.max} images. Nothing was downloaded.`);
      say(
        error instanceof ApiError && error.status === 429
          ? 'Too many requests. Please wait a minute.'
          : "Sorry, the ZIP couldn't be made. Please try again.",
        'error',
      );
    } finally {
      renderer.close();
    }
  }

  function showInactive(items: { name: string; message: string }[]) {
    inactive.replaceChildren(
      ...items.map((item) => el('li', {}, el('strong', { textContent: item.name }), ` — ${item.message}`)),
    );
    inactive.hidden = items.length === 0;
  }
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
