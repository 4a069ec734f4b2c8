import {
  DEFAULT_VARIANT_SETTINGS,
  type FieldErrors,
  MAX_NAME_LENGTH,
  SLUG_PATTERN,
  VARIANTS,
  type Variant,
  type VariantSettings,
  type VariantSettingsInput,
  validateVariantSettings,
} from './templates.models.js';

export interface ImportedVariant {
  settings: VariantSettings;
  /** Our metas name the object; legacy ones only have a URL, or nothing (then storage is searched). */
  imageKey: string | null;
  imageUrl: string | null;
}

export interface ImportedMeta {
  slug: string;
  name: string;
  telegramEnabled: boolean;
  version: number;
  /** Settings for every variant the meta mentions; `legacyDefaults` applies to variants found only in storage. */
  variants: Partial<Record<Variant, ImportedVariant>>;
  legacyDefaults: VariantSettings;
  warnings: string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The original keeps alignment inside `box`; ours also has it beside `box` (that one wins when both are there). */
function settingsInputOf(source: Json): VariantSettingsInput {
  const box = isObject(source.box) ? source.box : undefined;
  const outline = source.outline === null ? null : isObject(source.outline) ? source.outline : undefined;
  return {
    box: box && { leftPct: box.leftPct, topPct: box.topPct, widthPct: box.widthPct, heightPct: box.heightPct },
    hAlign: source.hAlign ?? box?.hAlign,
    vAlign: source.vAlign ?? box?.vAlign,
    maxFontPx: source.maxFontPx,
    fontColor: source.fontColor,
    outline,
    showLogo: source.showLogo,
    logoFit: source.logoFit,
  };
}

/** Which input field each validation error (keyed `square…`, see validateVariantSettings) is about. */
const FIELD_BY_ERROR: Record<string, keyof VariantSettingsInput & keyof VariantSettings> = {
  LeftPct: 'box',
  TopPct: 'box',
  WidthPct: 'box',
  HeightPct: 'box',
  HAlign: 'hAlign',
  VAlign: 'vAlign',
  MaxFontPx: 'maxFontPx',
  FontColor: 'fontColor',
  OutlineColor: 'outline',
  OutlineWidthPct: 'outline',
  ShowLogo: 'showLogo',
  LogoFit: 'logoFit',
};

/**
 * Validates imported settings field by field: a value that cannot be read falls back to `base` for that field only
 * (an original's bad colour must not cost it its box), with a warning naming the field, the value and the default.
 */
function settingsOrDefaults(input: VariantSettingsInput, base: VariantSettings, label: string, warnings: string[]) {
  let current = input;
  for (let attempt = 0; attempt < 3; attempt++) {
    const errors: FieldErrors = {};
    const settings = validateVariantSettings({ variant: 'square', input: current, base, errors });
    if (Object.keys(errors).length === 0) return settings;
    for (const [key, message] of Object.entries(errors)) {
      const field = FIELD_BY_ERROR[key.replace(/^square/, '')];
      if (!field || current[field] === undefined) continue;
      const [given, used] = [JSON.stringify(current[field]), JSON.stringify(base[field])];
      warnings.push(`${label}: ${field} ${message} (got ${given}); used ${used}`);
      current = { ...current, [field]: undefined };
    }
  }
  warnings.push(`${label}: settings could not be read; defaults used`);
  return base;
}

/**
 * TPL-3: reads a meta.json written by us or by the original app. Legacy metas keep box/maxFontPx/fontColor at the
 * top level and may miss keys; those import with the documented defaults (box 5/80/90/12, center/bottom).
 */
export function parseMetaJson({ raw, slug }: { raw: unknown; slug: string }): ImportedMeta | { error: string } {
  if (!SLUG_PATTERN.test(slug)) return { error: `folder name "${slug}" is not a valid slug` };
  if (!isObject(raw)) return { error: 'meta.json is not a JSON object' };
  const warnings: string[] = [];
  const legacyDefaults = settingsOrDefaults(settingsInputOf(raw), DEFAULT_VARIANT_SETTINGS, 'top level', warnings);
  const variants: ImportedMeta['variants'] = {};
  for (const variant of VARIANTS) {
    const source = raw[variant];
    if (typeof source === 'string') variants[variant] = { settings: legacyDefaults, imageKey: null, imageUrl: source };
    if (!isObject(source)) continue;
    variants[variant] = {
      settings: settingsOrDefaults(settingsInputOf(source), legacyDefaults, variant, warnings),
      imageKey: typeof source.imageKey === 'string' ? source.imageKey : null,
      imageUrl: typeof source.imageUrl === 'string' ? source.imageUrl : null,
    };
  }
  const name =
    typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name.trim().slice(0, MAX_NAME_LENGTH) : slug;
  return {
    slug,
    name,
    telegramEnabled: raw.telegramEnabled !== false,
    version: Number.isInteger(raw.version) && (raw.version as number) > 0 ? (raw.version as number) : 1,
    variants,
    legacyDefaults,
    warnings,
  };
}

const IMAGE_NAME = /\.(?:png|jpe?g)$/i;

/**
 * Which object holds a variant's image: the meta's own key (ours), the object its `imageUrl` names when that URL is
 * this bucket's or its CDN's (the original's), else the image under templates/{slug}/ by name ({variant}.png, or
 * ours {variant}-{hash}.png). A URL that cannot be used is reported, with what was used instead.
 */
export function findVariantImageKey({
  slug,
  variant,
  keys,
  hint,
  keyForUrl,
}: {
  slug: string;
  variant: Variant;
  keys: string[];
  hint: { imageKey: string | null; imageUrl: string | null } | undefined;
  keyForUrl: (url: string) => string | null;
}): { key: string | null; warning?: string } {
  const prefix = `templates/${slug}/`;
  const byName = new RegExp(`^${variant}(?:-[0-9a-f]{12})?\\.(?:png|jpe?g)$`, 'i');
  const fallback = keys.find((key) => key.startsWith(prefix) && byName.test(key.slice(prefix.length))) ?? null;
  if (hint?.imageKey && keys.includes(hint.imageKey) && hint.imageKey.startsWith(prefix)) return { key: hint.imageKey };
  if (!hint?.imageUrl) return { key: fallback };
  const resolved = keyForUrl(hint.imageUrl);
  if (resolved && keys.includes(resolved) && IMAGE_NAME.test(resolved)) return { key: resolved };
  const why = resolved ? `${resolved} is not an image in the bucket` : 'it is not a URL of this bucket or its CDN';
  const instead = fallback ? `; used ${fallback}` : '';
  return { key: fallback, warning: `${variant}: imageUrl ${hint.imageUrl} was not used (${why})${instead}` };
}
