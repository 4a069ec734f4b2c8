import type { TextBox } from '../../src/renderer/render.types.js';

/** Text box arithmetic in percent of the image (TPL-1: 0–100, one decimal, inside the image). Pure. */
export type Corner = 'nw' | 'ne' | 'sw' | 'se';
export const CORNERS: readonly Corner[] = ['nw', 'ne', 'sw', 'se'];

/** The smallest box side, so a box never collapses to nothing. */
export const MIN_SIDE_PCT = 0.5;
/** Snap the box's centre to the image's centre when it is this close (percent of the image). */
export const SNAP_PCT = 1;

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Rounds to one decimal and keeps the box inside the image. */
export function normaliseBox(box: TextBox): TextBox {
  const leftPct = round1(clamp(box.leftPct, 0, 100 - MIN_SIDE_PCT));
  const topPct = round1(clamp(box.topPct, 0, 100 - MIN_SIDE_PCT));
  return {
    leftPct,
    topPct,
    widthPct: round1(clamp(box.widthPct, MIN_SIDE_PCT, 100 - leftPct)),
    heightPct: round1(clamp(box.heightPct, MIN_SIDE_PCT, 100 - topPct)),
  };
}

/** The box spanned by a drag from one point to another, either direction. */
export function boxBetween(from: { x: number; y: number }, to: { x: number; y: number }): TextBox {
  const x0 = clamp(Math.min(from.x, to.x), 0, 100);
  const y0 = clamp(Math.min(from.y, to.y), 0, 100);
  const x1 = clamp(Math.max(from.x, to.x), 0, 100);
  const y1 = clamp(Math.max(from.y, to.y), 0, 100);
  return normaliseBox({ leftPct: x0, topPct: y0, widthPct: x1 - x0, heightPct: y1 - y0 });
}

/** Moves the box by (dx, dy) without changing its size; it stops at the image's edges. */
export function moveBox(box: TextBox, dx: number, dy: number): TextBox {
  return normaliseBox({
    ...box,
    leftPct: clamp(box.leftPct + dx, 0, 100 - box.widthPct),
    topPct: clamp(box.topPct + dy, 0, 100 - box.heightPct),
  });
}

/** Drags one corner by (dx, dy); the opposite corner stays where it is. */
export function resizeBox(box: TextBox, corner: Corner, dx: number, dy: number): TextBox {
  let left = box.leftPct;
  let top = box.topPct;
  let right = box.leftPct + box.widthPct;
  let bottom = box.topPct + box.heightPct;
  if (corner === 'nw' || corner === 'sw') left = clamp(left + dx, 0, right - MIN_SIDE_PCT);
  else right = clamp(right + dx, left + MIN_SIDE_PCT, 100);
  if (corner === 'nw' || corner === 'ne') top = clamp(top + dy, 0, bottom - MIN_SIDE_PCT);
  else bottom = clamp(bottom + dy, top + MIN_SIDE_PCT, 100);
  return normaliseBox({ leftPct: left, topPct: top, widthPct: right - left, heightPct: bottom - top });
}

export interface Snapped {
  box: TextBox;
  /** The box is centred left to right (show the vertical guide). */
  vertical: boolean;
  /** The box is centred top to bottom (show the horizontal guide). */
  horizontal: boolean;
}

/** Pulls the box's centre onto the image's centre lines when it is within `tolerance` percent of them. */
export function snapToCentre(box: TextBox, tolerance = SNAP_PCT): Snapped {
  const vertical = Math.abs(box.leftPct + box.widthPct / 2 - 50) <= tolerance;
  const horizontal = Math.abs(box.topPct + box.heightPct / 2 - 50) <= tolerance;
  return {
    box: {
      ...box,
      leftPct: vertical ? round1(50 - box.widthPct / 2) : box.leftPct,
      topPct: horizontal ? round1(50 - box.heightPct / 2) : box.topPct,
    },
    vertical,
    horizontal,
  };
}
