import {
  type HAlign,
  LOGO_FITS,
  type LogoFit,
  type Outline,
  type TextBox,
  type VAlign,
  type VariantStyle,
} from '../../renderer/render.types.js';
import { MAX_SLUG_LENGTH } from '../../shared/template-naming.js';

export { MAX_SLUG_LENGTH, slugify, VARIANT_LABELS } from '../../shared/template-naming.js';

export const VARIANTS = ['square', 'story'] as const;
export type Variant = (typeof VARIANTS)[number];

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_NAME_LENGTH = 100;
export const H_ALIGNS: readonly HAlign[] = ['left', 'center', 'right'];
export const V_ALIGNS: readonly VAlign[] = ['top', 'middle', 'bottom'];
export const COLOR_PATTERN = /^#[0-9A-Fa-f]{6}$/;

/** A display-size WebP of the variant's image (the web's first preview), stored beside it. */
export interface StoredPreview {
  key: string;
  width: number;
  height: number;
}

export interface TemplateVariant extends VariantStyle {
  imageKey: string;
  thumbKey: string;
  /** Smallest first. Absent on variants stored before previews existed, until backfillPreviews has made them. */
  previews?: StoredPreview[];
  width: number;
  height: number;
  opaque: boolean;
  showLogo: boolean;
  /** Absent on variants stored before logo fit existed: read as 'cover' (logoFitOf). */
  logoFit?: LogoFit;
}

export function logoFitOf(variant: { logoFit?: LogoFit }): LogoFit {
  return variant.logoFit === 'contain' ? 'contain' : 'cover';
}

export interface Template {
  slug: string;
  name: string;
  telegramEnabled: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  square: TemplateVariant | null;
  story: TemplateVariant | null;
}

/** Names as people read them: "Template 2" before "Template 10", case and accents ignored; the slug breaks ties. */
const NAME_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export function sortTemplatesByName<T extends Pick<Template, 'name' | 'slug'>>(templates: T[]): T[] {
  return [...templates].sort(
    (a, b) => NAME_ORDER.compare(a.name, b.name) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0),
  );
}

export interface VariantSettings extends VariantStyle {
  showLogo: boolean;
  logoFit: LogoFit;
}

/** TPL-3 defaults, also used for variants created without explicit settings. */
export const DEFAULT_VARIANT_SETTINGS: VariantSettings = {
  box: { leftPct: 5, topPct: 80, widthPct: 90, heightPct: 12 },
  hAlign: 'center',
  vAlign: 'bottom',
  maxFontPx: 120,
  fontColor: '#FFFFFF',
  outline: null,
  showLogo: true,
  logoFit: 'cover',
};

/** Partial settings as they arrive from a form or a JSON body; everything is checked by validateVariantSettings. */
export interface VariantSettingsInput {
  box?: Partial<Record<keyof TextBox, unknown>>;
  hAlign?: unknown;
  vAlign?: unknown;
  maxFontPx?: unknown;
  fontColor?: unknown;
  outline?: { color?: unknown; widthPct?: unknown } | null;
  showLogo?: unknown;
  logoFit?: unknown;
}

export type FieldErrors = Record<string, string>;

/**
 * NUL, line breaks, tabs… and the invisible marks that reorder text (a right-to-left override shows "evil" as
 * "live"): nothing a name shows, and PostgreSQL refuses NUL outright (SPEC §13).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export function validateName(name: unknown, errors: FieldErrors): string {
  const value = typeof name === 'string' ? name.trim() : '';
  if (value === '') errors.name = 'name is required';
  else if (value.length > MAX_NAME_LENGTH) errors.name = `name must be at most ${MAX_NAME_LENGTH} characters`;
  else if (CONTROL_CHARACTER.test(value)) errors.name = 'name must not contain control characters';
  return value;
}

export function validateSlug(slug: unknown, errors: FieldErrors): string {
  const value = typeof slug === 'string' ? slug.trim() : '';
  if (value === '') errors.slug = 'slug is required';
  else if (value.length > MAX_SLUG_LENGTH) errors.slug = `slug must be at most ${MAX_SLUG_LENGTH} characters`;
  else if (!SLUG_PATTERN.test(value)) errors.slug = 'slug may contain only a-z, 0-9 and single dashes between them';
  return value;
}

/** A form's number as people write it (`12`, `12.5`, `-3`); `0x10`, `1e2` or `Infinity` are not. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return Number.NaN;
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 'on') return true;
  if (value === 'false' || value === '0' || value === 'off') return false;
  return null;
}

const BOX_FIELDS = { leftPct: 'LeftPct', topPct: 'TopPct', widthPct: 'WidthPct', heightPct: 'HeightPct' } as const;

/**
 * TPL-1: merges `input` over `base` and checks every value. Errors are keyed by the upload form's field names
 * (`squareLeftPct`, `storyFontColor`…) so the admin can show them beside the right control.
 */
export function validateVariantSettings({
  variant,
  input,
  base,
  errors,
}: {
  variant: Variant;
  input: VariantSettingsInput;
  base: VariantSettings;
  errors: FieldErrors;
}): VariantSettings {
  const box = { ...base.box };
  for (const [key, suffix] of Object.entries(BOX_FIELDS) as [keyof TextBox, string][]) {
    const raw = input.box?.[key];
    if (raw === undefined) continue;
    const value = toNumber(raw);
    if (!Number.isFinite(value) || value < 0 || value > 100) errors[`${variant}${suffix}`] = 'must be 0–100';
    else box[key] = Math.round(value * 10) / 10;
  }
  if (box.widthPct <= 0) errors[`${variant}WidthPct`] = 'the text box must be wider than 0';
  if (box.heightPct <= 0) errors[`${variant}HeightPct`] = 'the text box must be taller than 0';
  if (box.leftPct + box.widthPct > 100) errors[`${variant}WidthPct`] = 'the text box must stay inside the image';
  if (box.topPct + box.heightPct > 100) errors[`${variant}HeightPct`] = 'the text box must stay inside the image';

  const hAlign = input.hAlign ?? base.hAlign;
  if (!H_ALIGNS.includes(hAlign as HAlign)) errors[`${variant}HAlign`] = 'must be left, center or right';
  const vAlign = input.vAlign ?? base.vAlign;
  if (!V_ALIGNS.includes(vAlign as VAlign)) errors[`${variant}VAlign`] = 'must be top, middle or bottom';

  const maxFontPx = input.maxFontPx === undefined ? base.maxFontPx : toNumber(input.maxFontPx);
  if (!Number.isInteger(maxFontPx) || maxFontPx < 8 || maxFontPx > 400) {
    errors[`${variant}MaxFontPx`] = 'must be a whole number of pixels, 8–400';
  }
  const fontColor = input.fontColor ?? base.fontColor;
  if (typeof fontColor !== 'string' || !COLOR_PATTERN.test(fontColor)) {
    errors[`${variant}FontColor`] = 'must be a colour like #FFAA00';
  }

  let outline: Outline | null = base.outline;
  if (input.outline === null) outline = null;
  else if (input.outline !== undefined) {
    const color = input.outline.color ?? base.outline?.color ?? '#000000';
    const widthPct =
      input.outline.widthPct === undefined ? (base.outline?.widthPct ?? 8) : toNumber(input.outline.widthPct);
    if (typeof color !== 'string' || !COLOR_PATTERN.test(color))
      errors[`${variant}OutlineColor`] = 'must be a colour like #000000';
    if (!Number.isFinite(widthPct) || widthPct < 1 || widthPct > 25)
      errors[`${variant}OutlineWidthPct`] = 'must be 1–25';
    outline = { color: String(color).toUpperCase(), widthPct: Math.round(widthPct * 10) / 10 };
  }

  const showLogo = input.showLogo === undefined ? base.showLogo : toBoolean(input.showLogo);
  if (showLogo === null) errors[`${variant}ShowLogo`] = 'must be true or false';
  const logoFit = input.logoFit === undefined || input.logoFit === '' ? base.logoFit : input.logoFit;
  if (!LOGO_FITS.includes(logoFit as LogoFit)) errors[`${variant}LogoFit`] = 'must be cover or contain';

  return {
    box,
    hAlign: hAlign as HAlign,
    vAlign: vAlign as VAlign,
    maxFontPx,
    fontColor: String(fontColor).toUpperCase(),
    outline,
    showLogo: showLogo ?? base.showLogo,
    logoFit: LOGO_FITS.includes(logoFit as LogoFit) ? (logoFit as LogoFit) : base.logoFit,
  };
}

export function variantSettingsOf(variant: TemplateVariant): VariantSettings {
  const { box, hAlign, vAlign, maxFontPx, fontColor, outline, showLogo } = variant;
  return { box, hAlign, vAlign, maxFontPx, fontColor, outline, showLogo, logoFit: logoFitOf(variant) };
}

// --- Storage keys (TPL-2): content-addressed images, so a CDN can never serve stale art ---

export function imageKeyFor({
  slug,
  variant,
  sha256,
  ext,
}: {
  slug: string;
  variant: Variant;
  sha256: string;
  ext: 'png' | 'jpg';
}): string {
  return `templates/${slug}/${variant}-${sha256.slice(0, 12)}.${ext}`;
}

export function thumbKeyFor({ slug, variant, sha256 }: { slug: string; variant: Variant; sha256: string }): string {
  return `templates/${slug}/${variant}-${sha256.slice(0, 12)}-thumb.webp`;
}

export function previewKeyFor({
  slug,
  variant,
  sha256,
  width,
}: {
  slug: string;
  variant: Variant;
  sha256: string;
  width: number;
}): string {
  return `templates/${slug}/${variant}-${sha256.slice(0, 12)}-preview-${width}.webp`;
}

export const metaKeyFor = (slug: string) => `templates/${slug}/meta.json`;
export const INDEX_KEY = 'templates/index.json';

export function variantsOf(template: Pick<Template, 'square' | 'story'>): [Variant, TemplateVariant][] {
  return VARIANTS.flatMap((v) => (template[v] ? [[v, template[v]] as [Variant, TemplateVariant]] : []));
}

export function storageKeysOf(template: Pick<Template, 'square' | 'story'>): string[] {
  return variantsOf(template).flatMap(([, v]) => [v.imageKey, v.thumbKey, ...(v.previews ?? []).map((p) => p.key)]);
}

// --- Public shapes: the catalogue API (TPL-2a) and the published meta.json / index.json (TPL-2) ---

type UrlFor = (key: string) => string;

export function toPublicVariant(variant: TemplateVariant, urlFor: UrlFor) {
  return {
    imageUrl: urlFor(variant.imageKey),
    thumbUrl: urlFor(variant.thumbKey),
    previews: (variant.previews ?? []).map(({ key, width, height }) => ({ width, height, url: urlFor(key) })),
    width: variant.width,
    height: variant.height,
    box: variant.box,
    hAlign: variant.hAlign,
    vAlign: variant.vAlign,
    maxFontPx: variant.maxFontPx,
    fontColor: variant.fontColor,
    outline: variant.outline,
    showLogo: variant.showLogo,
    logoFit: logoFitOf(variant),
  };
}
export type PublicVariant = ReturnType<typeof toPublicVariant>;

export function toPublicTemplate(template: Template, urlFor: UrlFor) {
  return {
    slug: template.slug,
    name: template.name,
    telegramEnabled: template.telegramEnabled,
    version: template.version,
    ...(template.square ? { square: toPublicVariant(template.square, urlFor) } : {}),
    ...(template.story ? { story: toPublicVariant(template.story, urlFor) } : {}),
  };
}
export type PublicTemplate = ReturnType<typeof toPublicTemplate>;

/**
 * meta.json keeps the original's shape (name, telegramEnabled, square|story: {box: {leftPct, topPct, widthPct,
 * heightPct, hAlign, vAlign}, maxFontPx, fontColor, imageUrl}) plus our fields beside them.
 */
export function toMetaJson(template: Template, urlFor: UrlFor) {
  const variant = (v: TemplateVariant) => ({
    ...toPublicVariant(v, urlFor),
    // The original's readers take alignment from inside `box` (ours reads it beside `box` too).
    box: { ...v.box, hAlign: v.hAlign, vAlign: v.vAlign },
    imageKey: v.imageKey,
    thumbKey: v.thumbKey,
    opaque: v.opaque,
  });
  return {
    name: template.name,
    slug: template.slug,
    telegramEnabled: template.telegramEnabled,
    version: template.version,
    updatedAt: template.updatedAt.toISOString(),
    ...(template.square ? { square: variant(template.square) } : {}),
    ...(template.story ? { story: variant(template.story) } : {}),
  };
}

export function toIndexJson(templates: Template[], urlFor: UrlFor) {
  return {
    generatedAt: new Date().toISOString(),
    templates: templates.map((t) => ({
      slug: t.slug,
      name: t.name,
      telegramEnabled: t.telegramEnabled,
      version: t.version,
      meta: urlFor(metaKeyFor(t.slug)),
      square: t.square ? urlFor(t.square.imageKey) : null,
      story: t.story ? urlFor(t.story.imageKey) : null,
      thumbnails: {
        square: t.square ? urlFor(t.square.thumbKey) : null,
        story: t.story ? urlFor(t.story.thumbKey) : null,
      },
    })),
  };
}
