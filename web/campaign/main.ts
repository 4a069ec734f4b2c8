import { platformName } from '../../src/shared/campaign-platforms.js';
import { ApiError } from '../shared/api.js';
import { loadImage, loadImageFile } from '../shared/browser-canvas.js';
import { type Campaign, campaignsApi } from '../shared/campaigns-api.js';
import { entryFileName } from './entry-file-name.js';
import { setUpEntryForm } from './entry-form.js';
import { createPhotoFrame } from './photo-frame.js';

/** The public campaign page (CMP-3, RND-6): the composite is drawn in the browser; the photo never leaves it. */
const PHOTO_MAX_BYTES = 15 * 1024 * 1024;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const id = location.pathname.split('/').filter(Boolean).pop() ?? '';
const photoStatus = $<HTMLElement>('photo-status');
const exportButtons = [$<HTMLButtonElement>('download'), $<HTMLButtonElement>('share')];
let campaign: Campaign | null = null;
let frameReady = false;

const frame = createPhotoFrame({
  canvas: $<HTMLCanvasElement>('composite'),
  onZoom: (zoom) => {
    $('zoom-level').textContent = `${Math.round(zoom * 100)}%`;
  },
});

function say(element: HTMLElement, text: string, state = '') {
  element.textContent = text;
  element.dataset.state = state;
}
const enableExports = () => {
  for (const button of exportButtons) button.disabled = !(frame.hasPhoto() && frameReady);
};

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function fill(c: Campaign): void {
  document.title = `${c.title} — PromoStack`;
  $('campaign-title').textContent = c.title;
  $('campaign-dates').textContent = `${when(c.start_date)} – ${when(c.end_date)}`;
  $('campaign-state').textContent =
    c.status === 'ongoing' ? 'Open for entries' : c.status === 'scheduled' ? 'Not open yet' : 'Ended';
  $('campaign-state').dataset.status = c.status;
  $('campaign-prize').textContent = c.prize ? `Prize: ${c.prize}` : '';
  $('campaign-description').textContent = c.description;
  $('campaign-platforms').textContent = `Post it on ${c.platforms.map(platformName).join(' or ')}, then enter below.`;
}

/** The page's whole content replaced by one clear message (unknown campaign, or the server out of reach). */
function showProblem(title: string, text: string, retry: boolean): void {
  $('campaign-title').textContent = title;
  $('campaign-dates').textContent = '';
  $<HTMLElement>('campaign-main').hidden = true;
  const problem = $<HTMLElement>('load-problem');
  problem.hidden = false;
  $('load-problem-text').textContent = text;
  $<HTMLButtonElement>('retry').hidden = !retry;
}

async function start(): Promise<void> {
  try {
    campaign = await campaignsApi.get(id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404)
      return showProblem('Campaign not found', 'This campaign does not exist, or it has been removed.', false);
    return showProblem(
      'Campaign unavailable',
      "We couldn't load this campaign. Check your connection and try again.",
      true,
    );
  }
  $<HTMLElement>('load-problem').hidden = true;
  $<HTMLElement>('campaign-main').hidden = false;
  fill(campaign);
  setUpEntryForm(campaign);
  if (campaign.overlay_url) {
    try {
      frame.setOverlay(await loadImage(campaign.overlay_url));
    } catch {
      // Without its frame the image would not be the campaign's: nothing is offered for download.
      say(photoStatus, "The campaign's frame couldn't be loaded. Reload the page to try again.", 'error');
      return;
    }
  } else frame.setOverlay(null);
  frameReady = true;
  enableExports();
}

$<HTMLInputElement>('photo').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return;
  if (file.size > PHOTO_MAX_BYTES) return say(photoStatus, 'That photo is over 15 MB. Choose a smaller one.', 'error');
  try {
    frame.setPhoto(await loadImageFile(file));
    if (frameReady) say(photoStatus, 'Drag to move your photo; pinch, scroll or use the buttons to zoom.');
  } catch {
    frame.setPhoto(null);
    say(photoStatus, "This photo can't be opened in this browser. Try a JPEG or PNG.", 'error');
  }
  enableExports();
});
$('zoom-in').addEventListener('click', () => frame.zoomBy(1.25));
$('zoom-out').addEventListener('click', () => frame.zoomBy(0.8));
$('move-left').addEventListener('click', () => frame.nudge(-0.05, 0));
$('move-right').addEventListener('click', () => frame.nudge(0.05, 0));
$('move-up').addEventListener('click', () => frame.nudge(0, -0.05));
$('move-down').addEventListener('click', () => frame.nudge(0, 0.05));
$('retry').addEventListener('click', () => void start());

async function entryFile(): Promise<File | null> {
  try {
    return new File([await frame.render()], entryFileName(campaign?.title ?? ''), { type: 'image/png' });
  } catch {
    say(photoStatus, "The image couldn't be made. Try again.", 'error');
    return null;
  }
}
function save(file: File): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(file);
  link.download = file.name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
$('download').addEventListener('click', async () => {
  const file = await entryFile();
  if (!file) return;
  save(file);
  say(photoStatus, `Saved as ${file.name}. Post it, then enter below.`, 'valid');
});
$('share').addEventListener('click', async () => {
  const file = await entryFile();
  if (!file) return;
  if (typeof navigator.canShare !== 'function' || !navigator.canShare({ files: [file] })) {
    save(file);
    return say(photoStatus, `Sharing isn't supported in this browser, so ${file.name} was downloaded.`, 'valid');
  }
  try {
    await navigator.share({ files: [file], title: campaign?.title ?? 'My entry' });
    say(photoStatus, 'Shared. Now enter below with the link to your post.', 'valid');
  } catch (error) {
    if ((error as DOMException).name === 'AbortError') return say(photoStatus, '');
    save(file);
    say(photoStatus, "Sharing didn't work here; the image was downloaded instead.", 'error');
  }
});

void start();
