import { compositeSize, drawCampaignComposite, MAX_ZOOM, type PhotoPlacement } from '../../src/renderer/composite.js';
import { platformName } from '../../src/shared/campaign-platforms.js';

/** The public campaign page (RND-6, WEB-5): the composite drawn in the browser; the photo never leaves it. */
interface PublicCampaign {
  id: number;
  title: string;
  description: string;
  start_date: string;
  end_date: string;
  prize: string;
  platforms: string[];
  overlay_url: string | null;
  status: string;
}

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const canvas = byId<HTMLCanvasElement>('composite');
const status = byId<HTMLParagraphElement>('entry-status');
const id = location.pathname.split('/').filter(Boolean).pop() ?? '';

let overlay: HTMLImageElement | null = null;
let photo: HTMLImageElement | null = null;
const placement: PhotoPlacement = { zoom: 1, focusX: 0.5, focusY: 0.5 };

function loadImage(src: string, cors: boolean): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    if (cors) img.crossOrigin = 'anonymous';
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image'));
    img.src = src;
  });
}

function draw(): void {
  const sized = overlay ? { image: overlay, width: overlay.naturalWidth, height: overlay.naturalHeight } : null;
  const size = compositeSize(sized);
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx || !photo) return;
  drawCampaignComposite(ctx, {
    photo: { image: photo, width: photo.naturalWidth, height: photo.naturalHeight },
    overlay: sized,
    placement,
  });
}

function nudge(dz: number, dx: number, dy: number): void {
  placement.zoom = Math.min(MAX_ZOOM, Math.max(1, placement.zoom + dz));
  placement.focusX = Math.min(1, Math.max(0, placement.focusX + dx));
  placement.focusY = Math.min(1, Math.max(0, placement.focusY + dy));
  draw();
}

function fill(c: PublicCampaign): void {
  document.title = `${c.title} — PromoStack`;
  byId('campaign-title').textContent = c.title;
  const fmt = (s: string) => new Date(s).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  byId('campaign-dates').textContent = `${fmt(c.start_date)} – ${fmt(c.end_date)}`;
  byId('campaign-prize').textContent = c.prize ? `Prize: ${c.prize}` : '';
  byId('campaign-description').textContent = c.description;
  const fields = byId('url-fields');
  for (const p of c.platforms) {
    const label = document.createElement('label');
    label.htmlFor = `url-${p}`;
    label.textContent = `${platformName(p)} post link`;
    const input = document.createElement('input');
    input.id = `url-${p}`;
    input.type = 'url';
    input.dataset.platform = p;
    fields.append(label, input);
  }
}

async function start(): Promise<void> {
  const res = await fetch(`/api/campaigns/${encodeURIComponent(id)}`);
  if (!res.ok) return;
  const { campaign } = (await res.json()) as { campaign: PublicCampaign };
  fill(campaign);
  if (campaign.overlay_url) overlay = await loadImage(campaign.overlay_url, true).catch(() => null);
  draw();
}

byId<HTMLInputElement>('photo').addEventListener('change', async (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (!file) return;
  const url = URL.createObjectURL(file);
  photo = await loadImage(url, false).catch(() => null);
  Object.assign(placement, { zoom: 1, focusX: 0.5, focusY: 0.5 });
  byId<HTMLButtonElement>('download').disabled = !photo;
  draw();
});
byId('zoom-in').addEventListener('click', () => nudge(0.25, 0, 0));
byId('zoom-out').addEventListener('click', () => nudge(-0.25, 0, 0));
byId('move-left').addEventListener('click', () => nudge(0, 0.05, 0));
byId('move-right').addEventListener('click', () => nudge(0, -0.05, 0));
byId('move-up').addEventListener('click', () => nudge(0, 0, 0.05));
byId('move-down').addEventListener('click', () => nudge(0, 0, -0.05));
canvas.addEventListener('wheel', (e) => {
  e.preventDefault();
  nudge(e.deltaY < 0 ? 0.1 : -0.1, 0, 0);
});
let last: { x: number; y: number } | null = null;
canvas.addEventListener('pointerdown', (e) => {
  last = { x: e.clientX, y: e.clientY };
  canvas.setPointerCapture(e.pointerId);
});
canvas.addEventListener('pointerup', () => {
  last = null;
});
canvas.addEventListener('pointermove', (e) => {
  if (!last) return;
  const w = canvas.clientWidth * placement.zoom;
  nudge(0, -(e.clientX - last.x) / w, -(e.clientY - last.y) / w);
  last = { x: e.clientX, y: e.clientY };
});
byId('download').addEventListener('click', () => {
  canvas.toBlob((blob) => {
    if (!blob) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `campaign-${id}.png`;
    a.click();
  }, 'image/png');
});
byId<HTMLFormElement>('entry').addEventListener('submit', async (e) => {
  e.preventDefault();
  const urls: Record<string, string> = {};
  for (const input of document.querySelectorAll<HTMLInputElement>('#url-fields input')) {
    if (input.value.trim() && input.dataset.platform) urls[input.dataset.platform] = input.value.trim();
  }
  const email = byId<HTMLInputElement>('email').value.trim();
  const res = await fetch(`/api/campaigns/${encodeURIComponent(id)}/submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, urls }),
  }).catch(() => null);
  const body = (await res?.json().catch(() => null)) as { message?: string; error?: { message: string } } | null;
  status.textContent = res?.ok ? (body?.message ?? 'Entry accepted.') : (body?.error?.message ?? 'Could not send.');
});

void start();
