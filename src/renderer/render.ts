import type { RenderContext2D, SizedImage } from './canvas.types.js';
import { fitFontSize, logoCircle, type PixelBox, placeText, toPixelBox } from './fit.js';
import { FONT_FAMILY, FONT_WEIGHT, type LogoFit, MIN_FONT_PX, type VariantStyle } from './render.types.js';

export interface PromoLayout {
  fontPx: number;
  box: PixelBox;
  x: number;
  y: number;
  /** The code's ink with its outline, in natural-size pixels. */
  ink: { left: number; top: number; right: number; bottom: number };
}

export interface DrawPromoInput<TImage> {
  template: SizedImage<TImage>;
  style: VariantStyle;
  /** Already normalised (RND-2). */
  code: string;
  logo?: SizedImage<TImage> | null;
  /** How the logo sits in its circle; 'cover' unless the variant says otherwise. */
  logoFit?: LogoFit;
  /** Draw at this fraction of the natural size (previews); layout is always computed at natural size. */
  scale?: number;
  /**
   * Draw only this rectangle of the natural-size image, on a canvas of the rectangle's size; `template` is then the
   * template's crop of that rectangle, and `size` the whole image's. The pixels inside are the full drawing's.
   */
  region?: { rect: PixelBox; size: { width: number; height: number } };
}

/** The natural size of the image being drawn: the template's, or the whole image's when drawing a region of it. */
const sizeOf = (input: LayoutInput) =>
  input.region?.size ?? { width: input.template.width, height: input.template.height };

/** What the layout reads: the sizes, the style and the code (never the pixels). */
type LayoutInput = Pick<DrawPromoInput<unknown>, 'style' | 'code' | 'region'> & {
  template: { width: number; height: number };
};

function fontAt(fontPx: number): string {
  return `${FONT_WEIGHT} ${fontPx}px "${FONT_FAMILY}"`;
}

function outlinePad(style: VariantStyle, fontPx: number): number {
  return style.outline ? (fontPx * style.outline.widthPct) / 100 : 0;
}

/** RND-3 layout: font size and baseline origin, in natural-size pixels. Pure apart from measureText. */
export function layoutCode<TImage>(ctx: RenderContext2D<TImage>, input: LayoutInput): PromoLayout {
  const { style, code } = input;
  const size = sizeOf(input);
  const box = toPixelBox(style.box, size.width, size.height);
  const measureInk = (fontPx: number) => {
    ctx.font = fontAt(fontPx);
    const m = ctx.measureText(code);
    return {
      left: m.actualBoundingBoxLeft,
      right: m.actualBoundingBoxRight,
      ascent: m.actualBoundingBoxAscent,
      descent: m.actualBoundingBoxDescent,
    };
  };
  ctx.save();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  const fontPx = fitFontSize({
    inkWidthAt: (px) => {
      const ink = measureInk(px);
      return ink.left + ink.right + 2 * outlinePad(style, px);
    },
    boxWidth: box.width,
    boxHeight: box.height,
    maxFontPx: style.maxFontPx,
    minFontPx: MIN_FONT_PX,
  });
  const ink = measureInk(fontPx);
  ctx.restore();
  const pad = outlinePad(style, fontPx);
  const { x, y } = placeText({ ink, pad, box, hAlign: style.hAlign, vAlign: style.vAlign });
  return {
    fontPx,
    box,
    x,
    y,
    ink: {
      left: x - ink.left - pad,
      top: y - ink.ascent - pad,
      right: x + ink.right + pad,
      bottom: y + ink.descent + pad,
    },
  };
}

/**
 * The rectangles a promo changes on its template, in natural-size pixels: where the code's ink (outline included) and
 * the logo circle fall, each grown by 2 px for antialiasing and clipped to the image. Everything outside them is the
 * template's own pixels, which lets a server copy those straight from the template file for a huge image.
 */
export function changedRegions<TImage>(
  ctx: RenderContext2D<TImage>,
  input: LayoutInput & { logo: boolean },
): PixelBox[] {
  const size = sizeOf(input);
  const grow = (left: number, top: number, right: number, bottom: number): PixelBox => {
    const x = Math.max(0, Math.floor(left) - 2);
    const y = Math.max(0, Math.floor(top) - 2);
    return {
      x,
      y,
      width: Math.min(size.width, Math.ceil(right) + 2) - x,
      height: Math.min(size.height, Math.ceil(bottom) + 2) - y,
    };
  };
  const { ink } = layoutCode(ctx, input);
  const regions = [grow(ink.left, ink.top, ink.right, ink.bottom)];
  if (input.logo) {
    const { x, y, diameter } = logoCircle(size.width, size.height);
    regions.push(grow(x, y, x + diameter, y + diameter));
  }
  return regions.filter((region) => region.width > 0 && region.height > 0);
}

/** RND-4: the logo clipped to a circle in the top-left corner, centre-cropped ('cover') or whole on white ('contain'). */
function drawLogo<TImage>(
  ctx: RenderContext2D<TImage>,
  size: { width: number; height: number },
  logo: SizedImage<TImage>,
  fit: LogoFit,
): void {
  const { x, y, diameter } = logoCircle(size.width, size.height);
  ctx.save();
  ctx.beginPath();
  ctx.arc(x + diameter / 2, y + diameter / 2, diameter / 2, 0, Math.PI * 2);
  ctx.closePath();
  ctx.clip();
  if (fit === 'contain') {
    ctx.fillStyle = '#FFFFFF';
    ctx.fillRect(x, y, diameter, diameter);
    // The largest box of the logo's aspect ratio inside the circle: its diagonal is the diameter.
    const diagonal = Math.hypot(logo.width, logo.height);
    const w = (diameter * logo.width) / diagonal;
    const h = (diameter * logo.height) / diagonal;
    ctx.drawImage(logo.image, x + (diameter - w) / 2, y + (diameter - h) / 2, w, h);
  } else {
    const side = Math.min(logo.width, logo.height);
    const sx = (logo.width - side) / 2;
    const sy = (logo.height - side) / 2;
    ctx.drawImage(logo.image, sx, sy, side, side, x, y, diameter, diameter);
  }
  ctx.restore();
}

/**
 * Draws a promo image on a canvas sized template.width × template.height (× scale). The only image-drawing
 * code in PromoStack: the browser and the server both call it with their own canvas.
 */
export function drawPromo<TImage>(ctx: RenderContext2D<TImage>, input: DrawPromoInput<TImage>): PromoLayout {
  const { template, style, code, logo, region } = input;
  const scale = input.scale ?? 1;
  const layout = layoutCode(ctx, input);
  // A region's canvas starts at the region's corner: everything is drawn where it is in the whole image, shifted.
  const origin = region ? { x: region.rect.x, y: region.rect.y } : { x: 0, y: 0 };
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, -origin.x * scale, -origin.y * scale);
  // At natural size the template is copied pixel for pixel; resampling it anyway costs ~7 ms for nothing.
  ctx.imageSmoothingEnabled = scale !== 1;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(template.image, origin.x, origin.y, template.width, template.height);
  ctx.imageSmoothingEnabled = true;
  if (logo) drawLogo(ctx, sizeOf(input), logo, input.logoFit ?? 'cover');
  ctx.font = fontAt(layout.fontPx);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  if (style.outline) {
    ctx.lineJoin = 'round';
    ctx.miterLimit = 2;
    ctx.lineWidth = 2 * outlinePad(style, layout.fontPx);
    ctx.strokeStyle = style.outline.color;
    ctx.strokeText(code, layout.x, layout.y);
  }
  ctx.fillStyle = style.fontColor;
  ctx.fillText(code, layout.x, layout.y);
  ctx.restore();
  return layout;
}
