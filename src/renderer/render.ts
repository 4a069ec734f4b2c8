import type { RenderContext2D, SizedImage } from './canvas.types.js';
import { fitFontSize, logoCircle, type PixelBox, placeText, toPixelBox } from './fit.js';
import { FONT_FAMILY, FONT_WEIGHT, type LogoFit, MIN_FONT_PX, type VariantStyle } from './render.types.js';

export interface PromoLayout {
  fontPx: number;
  box: PixelBox;
  x: number;
  y: number;
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
}

function fontAt(fontPx: number): string {
  return `${FONT_WEIGHT} ${fontPx}px "${FONT_FAMILY}"`;
}

function outlinePad(style: VariantStyle, fontPx: number): number {
  return style.outline ? (fontPx * style.outline.widthPct) / 100 : 0;
}

/** RND-3 layout: font size and baseline origin, in natural-size pixels. Pure apart from measureText. */
export function layoutCode<TImage>(
  ctx: RenderContext2D<TImage>,
  { template, style, code }: Pick<DrawPromoInput<TImage>, 'template' | 'style' | 'code'>,
): PromoLayout {
  const box = toPixelBox(style.box, template.width, template.height);
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
  const { x, y } = placeText({ ink, pad: outlinePad(style, fontPx), box, hAlign: style.hAlign, vAlign: style.vAlign });
  return { fontPx, box, x, y };
}

/** RND-4: the logo clipped to a circle in the top-left corner, centre-cropped ('cover') or whole on white ('contain'). */
function drawLogo<TImage>(
  ctx: RenderContext2D<TImage>,
  template: SizedImage<TImage>,
  logo: SizedImage<TImage>,
  fit: LogoFit,
): void {
  const { x, y, diameter } = logoCircle(template.width, template.height);
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
  const { template, style, code, logo } = input;
  const scale = input.scale ?? 1;
  const layout = layoutCode(ctx, input);
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  // At natural size the template is copied pixel for pixel; resampling it anyway costs ~7 ms for nothing.
  ctx.imageSmoothingEnabled = scale !== 1;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(template.image, 0, 0, template.width, template.height);
  ctx.imageSmoothingEnabled = true;
  if (logo) drawLogo(ctx, template, logo, input.logoFit ?? 'cover');
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
