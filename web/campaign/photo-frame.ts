import type { SizedImage } from '../../src/renderer/canvas.types.js';
import {
  compositeSize,
  drawCampaignComposite,
  MAX_ZOOM,
  NO_OVERLAY_TINT,
  type PhotoPlacement,
  placePhoto,
} from '../../src/renderer/composite.js';
import type { BrowserImage } from '../shared/browser-canvas.js';

type Point = { x: number; y: number };

/**
 * The live composite (RND-6) on the page's canvas, drawn at the canvas's CSS size times the screen density, and the
 * gestures that place the photo: drag with one pointer, pinch with two, the wheel, and the zoom and move buttons.
 * The full-size image is drawn by `render` only when it is downloaded or shared.
 */
export function createPhotoFrame({
  canvas,
  onZoom,
}: {
  canvas: HTMLCanvasElement;
  /** Told the zoom after every change (for the visible zoom level). */
  onZoom: (zoom: number) => void;
}) {
  let overlay: SizedImage<BrowserImage> | null = null;
  let photo: SizedImage<BrowserImage> | null = null;
  let placement: PhotoPlacement = { zoom: 1, focusX: 0.5, focusY: 0.5 };
  let frame = 0;

  const size = () => compositeSize(overlay);

  function draw(): void {
    frame = 0;
    const full = size();
    const scale = Math.min(1, ((canvas.clientWidth || 320) * (window.devicePixelRatio || 1)) / full.width);
    canvas.width = Math.round(full.width * scale);
    canvas.height = Math.round(full.height * scale);
    canvas.style.aspectRatio = `${full.width} / ${full.height}`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    if (photo) {
      drawCampaignComposite(ctx, { photo, overlay, placement, scale });
      return;
    }
    // Before a photo is chosen: the frame alone, so people see what their photo will go into.
    ctx.fillStyle = '#1e1e29';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (overlay) ctx.drawImage(overlay.image, 0, 0, canvas.width, canvas.height);
    else {
      ctx.fillStyle = NO_OVERLAY_TINT;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
    }
  }
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };

  /** Sets the placement, clamped as the renderer clamps it (a drag that hits an edge stops there). */
  function place(next: Partial<PhotoPlacement>): void {
    if (!photo) return;
    const at = placePhoto({ photo, canvas: size(), ...placement, ...next });
    placement = { zoom: at.zoom, focusX: at.focusX, focusY: at.focusY };
    onZoom(placement.zoom);
    redraw();
  }

  /** Moves the photo by a distance in CSS pixels on the canvas. */
  function moveBy(dx: number, dy: number): void {
    if (!photo) return;
    const at = placePhoto({ photo, canvas: size(), ...placement });
    const cssPerPx = canvas.clientWidth / size().width;
    place({
      focusX: placement.focusX - dx / (at.width * cssPerPx),
      focusY: placement.focusY - dy / (at.height * cssPerPx),
    });
  }

  // --- Pointers: one drags, two pinch (zoom by the change in their distance, move with their midpoint) ---
  const pointers = new Map<number, Point>();
  let pinch: { distance: number; zoom: number } | null = null;
  const spread = () => {
    const [a, b] = [...pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };
  const midpoint = (): Point => {
    const all = [...pointers.values()];
    return {
      x: all.reduce((sum, p) => sum + p.x, 0) / all.length,
      y: all.reduce((sum, p) => sum + p.y, 0) / all.length,
    };
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (!photo || pointers.size >= 2) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    canvas.setPointerCapture(e.pointerId);
    pinch = pointers.size === 2 ? { distance: spread(), zoom: placement.zoom } : null;
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!pointers.has(e.pointerId)) return;
    const before = midpoint();
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const after = midpoint();
    if (pinch && pinch.distance > 0) place({ zoom: (pinch.zoom * spread()) / pinch.distance });
    moveBy(after.x - before.x, after.y - before.y);
  });
  const release = (e: PointerEvent) => {
    pointers.delete(e.pointerId);
    pinch = null;
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener(
    'wheel',
    (e) => {
      if (!photo) return; // nothing to zoom: the page scrolls
      e.preventDefault();
      place({ zoom: placement.zoom * Math.exp(-e.deltaY * 0.0015) });
    },
    { passive: false },
  );
  new ResizeObserver(redraw).observe(canvas);

  return {
    setOverlay(next: SizedImage<BrowserImage> | null) {
      overlay = next;
      redraw();
    },
    setPhoto(next: SizedImage<BrowserImage> | null) {
      photo = next;
      placement = { zoom: 1, focusX: 0.5, focusY: 0.5 };
      onZoom(1);
      redraw();
    },
    hasPhoto: () => photo !== null,
    zoomBy: (factor: number) => place({ zoom: Math.min(MAX_ZOOM, placement.zoom * factor) }),
    /** Moves by a share of the canvas width (the arrow buttons). */
    nudge: (fx: number, fy: number) => moveBy(fx * canvas.clientWidth, fy * canvas.clientWidth),
    /** The entry at full size (the overlay's natural size, or 2000×2000), as a PNG. */
    render(): Promise<Blob> {
      const full = size();
      const out = document.createElement('canvas');
      out.width = full.width;
      out.height = full.height;
      const ctx = out.getContext('2d');
      if (!ctx || !photo) return Promise.reject(new Error('no photo'));
      drawCampaignComposite(ctx, { photo, overlay, placement });
      return new Promise((resolve, reject) =>
        out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))), 'image/png'),
      );
    },
  };
}

export type PhotoFrame = ReturnType<typeof createPhotoFrame>;
