import type { RenderContext2D, SizedImage } from './canvas.types.js';

/** RND-6: the canvas of a campaign entry without an overlay; with one, the overlay's natural size. */
export const COMPOSITE_SIZE = 2000;
/** The brand tint drawn over the photo when a campaign has no overlay. */
export const NO_OVERLAY_TINT = 'rgba(255, 39, 62, 0.15)';
export const MAX_ZOOM = 4;

export function compositeSize(overlay: { width: number; height: number } | null): { width: number; height: number } {
  return overlay ? { width: overlay.width, height: overlay.height } : { width: COMPOSITE_SIZE, height: COMPOSITE_SIZE };
}

/**
 * Where the photo goes: covering the canvas (cover-fit) at `zoom` ≥ 1, with the point `focusX`, `focusY` (0–1 across
 * the photo) as near the canvas centre as the photo's edges allow — the photo always covers the whole canvas. The
 * focus returned is the one actually used (clamped), so a drag that hits an edge stops there.
 */
export function placePhoto({
  photo,
  canvas,
  zoom = 1,
  focusX = 0.5,
  focusY = 0.5,
}: {
  photo: { width: number; height: number };
  canvas: { width: number; height: number };
  zoom?: number;
  focusX?: number;
  focusY?: number;
}) {
  const z = Math.min(MAX_ZOOM, Math.max(1, Number.isFinite(zoom) ? zoom : 1));
  const scale = Math.max(canvas.width / photo.width, canvas.height / photo.height) * z;
  const width = photo.width * scale;
  const height = photo.height * scale;
  const clampFocus = (focus: number, drawn: number, side: number) => {
    const half = side / 2 / drawn;
    return Math.min(1 - half, Math.max(half, Number.isFinite(focus) ? focus : 0.5));
  };
  const fx = clampFocus(focusX, width, canvas.width);
  const fy = clampFocus(focusY, height, canvas.height);
  return {
    x: canvas.width / 2 - fx * width,
    y: canvas.height / 2 - fy * height,
    width,
    height,
    zoom: z,
    focusX: fx,
    focusY: fy,
  };
}

export type PhotoPlacement = Pick<ReturnType<typeof placePhoto>, 'zoom' | 'focusX' | 'focusY'>;

/**
 * RND-6: the user's photo, cover-fit (then zoomed and moved as placed), under the campaign's overlay stretched over
 * the whole canvas — or under the brand tint when there is no overlay. The canvas must be `compositeSize(overlay)`
 * (times `scale` for a preview). The browser passes its own canvas; the server the same function on its own.
 */
export function drawCampaignComposite<TImage>(
  ctx: RenderContext2D<TImage>,
  {
    photo,
    overlay,
    placement = { zoom: 1, focusX: 0.5, focusY: 0.5 },
    scale = 1,
  }: {
    photo: SizedImage<TImage>;
    overlay: SizedImage<TImage> | null;
    placement?: Partial<PhotoPlacement>;
    scale?: number;
  },
): void {
  const canvas = compositeSize(overlay);
  const at = placePhoto({ photo, canvas, ...placement });
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(photo.image, at.x, at.y, at.width, at.height);
  if (overlay) ctx.drawImage(overlay.image, 0, 0, canvas.width, canvas.height);
  else {
    ctx.fillStyle = NO_OVERLAY_TINT;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  ctx.restore();
}
