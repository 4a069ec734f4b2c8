import type { HAlign, TextBox, VAlign } from './render.types.js';

export interface InkMetrics {
  left: number;
  right: number;
  ascent: number;
  descent: number;
}

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** RND-3: box in pixels = percentages of the natural size, rounded. */
export function toPixelBox(box: TextBox, imageWidth: number, imageHeight: number): PixelBox {
  return {
    x: Math.round((box.leftPct / 100) * imageWidth),
    y: Math.round((box.topPct / 100) * imageHeight),
    width: Math.round((box.widthPct / 100) * imageWidth),
    height: Math.round((box.heightPct / 100) * imageHeight),
  };
}

/**
 * RND-3: the largest size ≤ min(maxFontPx, box height) whose ink width (outline included) fits the box width,
 * found by bisection to 0.5 px, never below `minFontPx`.
 */
export function fitFontSize({
  inkWidthAt,
  boxWidth,
  boxHeight,
  maxFontPx,
  minFontPx,
}: {
  inkWidthAt: (fontPx: number) => number;
  boxWidth: number;
  boxHeight: number;
  maxFontPx: number;
  minFontPx: number;
}): number {
  const ceiling = Math.max(minFontPx, Math.min(maxFontPx, boxHeight));
  if (inkWidthAt(ceiling) <= boxWidth) return ceiling;
  let fits = minFontPx;
  let tooBig = ceiling;
  if (inkWidthAt(fits) > boxWidth) return minFontPx;
  while (tooBig - fits > 0.5) {
    const mid = (fits + tooBig) / 2;
    if (inkWidthAt(mid) <= boxWidth) fits = mid;
    else tooBig = mid;
  }
  return fits;
}

/**
 * RND-3 placement: the alphabetic-baseline origin that puts the ink (plus `pad` for the outline) at the box edge
 * or centre chosen by the alignment. Ink spans [x − left − pad, x + right + pad] × [y − ascent − pad, y + descent + pad].
 */
export function placeText({
  ink,
  pad,
  box,
  hAlign,
  vAlign,
}: {
  ink: InkMetrics;
  pad: number;
  box: PixelBox;
  hAlign: HAlign;
  vAlign: VAlign;
}): { x: number; y: number } {
  const x =
    hAlign === 'left'
      ? box.x + ink.left + pad
      : hAlign === 'right'
        ? box.x + box.width - ink.right - pad
        : box.x + box.width / 2 + (ink.left - ink.right) / 2;
  const y =
    vAlign === 'top'
      ? box.y + ink.ascent + pad
      : vAlign === 'bottom'
        ? box.y + box.height - ink.descent - pad
        : box.y + box.height / 2 + (ink.ascent - ink.descent) / 2;
  return { x, y };
}

/** RND-4: the logo circle for an image of the given size. */
export function logoCircle(imageWidth: number, imageHeight: number): { x: number; y: number; diameter: number } {
  const shorter = Math.min(imageWidth, imageHeight);
  const diameter = Math.max(32, Math.round(shorter * 0.12));
  const margin = Math.max(20, Math.round(shorter * 0.04));
  return { x: margin, y: margin, diameter };
}
