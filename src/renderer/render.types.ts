export type HAlign = 'left' | 'center' | 'right';
export type VAlign = 'top' | 'middle' | 'bottom';

/** Text box as percentages (0–100) of the image's natural size. */
export interface TextBox {
  leftPct: number;
  topPct: number;
  widthPct: number;
  heightPct: number;
}

/** Outline thickness outside the glyphs, as a percentage of the font size. */
export interface Outline {
  color: string;
  widthPct: number;
}

/** Everything about a template variant that changes pixels. */
export interface VariantStyle {
  box: TextBox;
  hAlign: HAlign;
  vAlign: VAlign;
  maxFontPx: number;
  fontColor: string;
  outline: Outline | null;
}

export const FONT_FAMILY = 'PromoStack Inter';
export const FONT_WEIGHT = '700';
export const MIN_FONT_PX = 8;

/** RND-4: 'cover' crops the logo's centre square into the circle; 'contain' fits all of it on a white disc. */
export type LogoFit = 'cover' | 'contain';
export const LOGO_FITS: readonly LogoFit[] = ['cover', 'contain'];
