import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { SizedImage } from '../../src/renderer/canvas.types.js';
import { compositeSize, drawCampaignComposite } from '../../src/renderer/composite.js';
import { type BrowserImage, loadImage, loadImageFile } from '../shared/browser-canvas.js';
import { campaignsApi } from '../shared/campaigns-api.js';
import { campaignErrorsOf } from './campaign-format.js';
import { FieldError } from './fields.js';

/** A stand-in for an entrant's photo: sky, sun, hills and a person, so the admin sees where a face would fall. */
function samplePhoto(): SizedImage<BrowserImage> {
  const canvas = document.createElement('canvas');
  canvas.width = 1200;
  canvas.height = 900;
  const ctx = canvas.getContext('2d')!;
  const sky = ctx.createLinearGradient(0, 0, 0, 900);
  sky.addColorStop(0, '#3b6fd8');
  sky.addColorStop(1, '#a9d3ff');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, 1200, 900);
  ctx.fillStyle = '#ffd25a';
  ctx.beginPath();
  ctx.arc(960, 200, 90, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#2f8a4b';
  ctx.beginPath();
  ctx.ellipse(300, 900, 700, 260, 0, 0, Math.PI * 2);
  ctx.ellipse(1000, 920, 600, 220, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#2b2b38';
  ctx.beginPath();
  ctx.arc(600, 420, 110, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.ellipse(600, 900, 250, 340, 0, Math.PI, 0);
  ctx.fill();
  return { image: canvas, width: canvas.width, height: canvas.height };
}

/** Whether an overlay has no transparent pixel at all (sampled at 64×64): the photo under it would never show. */
function isOpaque(overlay: SizedImage<BrowserImage>): boolean {
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 64;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  if (!ctx) return false;
  ctx.drawImage(overlay.image, 0, 0, 64, 64);
  try {
    const { data } = ctx.getImageData(0, 0, 64, 64);
    for (let i = 3; i < data.length; i += 4) if (data[i]! < 250) return false;
    return true;
  } catch {
    return false; // served without CORS: unreadable here, and the server accepted it
  }
}

/** The preview canvas at its CSS width times the screen's density, never above the composite's own size. */
function drawPreview(
  canvas: HTMLCanvasElement,
  photo: SizedImage<BrowserImage>,
  overlay: SizedImage<BrowserImage> | null,
) {
  const size = compositeSize(overlay);
  const cssWidth = canvas.clientWidth || 320;
  const scale = Math.min(1, (cssWidth * (window.devicePixelRatio || 1)) / size.width);
  canvas.width = Math.round(size.width * scale);
  canvas.height = Math.round(size.height * scale);
  const ctx = canvas.getContext('2d');
  if (ctx) drawCampaignComposite(ctx, { photo, overlay, scale });
}

/**
 * CMP-1 overlay: pick a PNG, it is uploaded at once (checked by content on the server), and previewed on a sample
 * photo with the composite function the public page uses (RND-6). With no overlay the preview shows the red tint.
 */
export function OverlayField({
  url,
  error,
  onUploaded,
  onError,
  onRemove,
}: {
  url: string | null;
  error: string | undefined;
  onUploaded: (url: string) => void;
  onError: (message: string) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const [sample] = useState(samplePhoto);
  const [ownPhoto, setOwnPhoto] = useState<SizedImage<BrowserImage> | null>(null);
  const [overlay, setOverlay] = useState<SizedImage<BrowserImage> | null>(null);
  const [state, setState] = useState<'idle' | 'uploading' | 'loading' | 'broken'>('idle');
  const opaque = useMemo(() => (overlay ? isOpaque(overlay) : false), [overlay]);

  useEffect(() => {
    let stale = false;
    if (!url) {
      setOverlay(null);
      return;
    }
    setState('loading');
    loadImage(url).then(
      (image) => {
        if (stale) return;
        setOverlay(image);
        setState('idle');
      },
      () => !stale && setState('broken'),
    );
    return () => {
      stale = true;
    };
  }, [url]);

  useEffect(() => {
    const draw = () => canvas.current && drawPreview(canvas.current, ownPhoto ?? sample, url ? overlay : null);
    draw();
    window.addEventListener('resize', draw);
    return () => window.removeEventListener('resize', draw);
  }, [overlay, ownPhoto, url]);

  async function upload(picked: File | undefined) {
    if (!picked) return;
    setState('uploading');
    try {
      onUploaded((await campaignsApi.uploadOverlay(picked)).overlay_url);
    } catch (err) {
      const { fields, form } = campaignErrorsOf(err);
      onError(fields.overlay_url ?? form.replace(/^Not saved/, 'Not uploaded'));
      setState('idle');
    }
    if (file.current) file.current.value = '';
  }

  const hint =
    state === 'uploading'
      ? 'Uploading…'
      : state === 'loading'
        ? 'Loading the overlay…'
        : state === 'broken'
          ? 'The overlay could not be loaded for the preview.'
          : url && opaque
            ? 'This overlay has no transparent area, so entrants’ photos will not show through it. Use a PNG that is transparent where the photo goes.'
            : url
              ? 'The preview shows a sample photo under your overlay, as entrants will see theirs.'
              : 'No overlay: entrants’ photos get the red tint shown here.';
  return (
    <fieldset class="panel overlay-field" aria-describedby={`${id}-hint`}>
      <legend>Overlay</legend>
      <label>
        Overlay image (PNG, transparent where the photo shows; 200–8000 px a side)
        <input
          ref={file}
          type="file"
          accept="image/png"
          data-field="overlay_url"
          aria-describedby={`${id}-error`}
          aria-invalid={error ? 'true' : undefined}
          disabled={state === 'uploading'}
          onChange={(e) => void upload((e.currentTarget as HTMLInputElement).files?.[0])}
        />
      </label>
      <FieldError id={`${id}-error`} message={error} />
      <canvas ref={canvas} class="overlay-preview" role="img" aria-label="Overlay preview" />
      <p id={`${id}-hint`} class={url && opaque ? 'warning' : 'hint'} aria-live="polite">
        {hint}
      </p>
      <div class="overlay-actions">
        <label class="sample-photo">
          Try it on your own photo (stays in this browser)
          <input
            type="file"
            accept="image/*"
            onChange={(e) => {
              const picked = (e.currentTarget as HTMLInputElement).files?.[0];
              if (picked) void loadImageFile(picked).then(setOwnPhoto, () => setOwnPhoto(null));
            }}
          />
        </label>
        {url && (
          <button type="button" onClick={onRemove}>
            Remove overlay
          </button>
        )}
      </div>
    </fieldset>
  );
}
