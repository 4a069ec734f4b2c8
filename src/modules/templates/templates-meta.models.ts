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

function settingsInputOf(source: Json): VariantSettingsInput {
  const box = isObject(source.box) ? source.box : undefined;
  const outline = source.outline === null ? null : isObject(source.outline) ? source.outline : undefined;
  return {
    box: box as VariantSettingsInput['box'],
    hAlign: source.hAlign,
    vAlign: source.vAlign,
    maxFontPx: source.maxFontPx,
    fontColor: source.fontColor,
    outline,
    showLogo: source.showLogo,
    logoFit: source.logoFit,
  };
}

function settingsOrDefaults(input: VariantSettingsInput, base: VariantSettings, label: string, warnings: string[]) {
  const errors: FieldErrors = {};
  const settings = validateVariantSettings({ variant: 'square', input, base, errors });
  if (Object.keys(errors).length === 0) return settings;
  warnings.push(`${label}: invalid settings (${Object.keys(errors).join(', ')}), defaults used`);
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

/** Which object under templates/{slug}/ holds a variant's image: ours ({variant}-{hash}.ext) or the original's ({variant}.ext). */
export function findVariantImageKey({
  slug,
  variant,
  keys,
  hint,
}: {
  slug: string;
  variant: Variant;
  keys: string[];
  hint: { imageKey: string | null; imageUrl: string | null } | undefined;
}): string | null {
  const prefix = `templates/${slug}/`;
  const candidates = keys.filter((key) => {
    if (!key.startsWith(prefix)) return false;
    return new RegExp(`^${variant}(?:-[0-9a-f]{12})?\\.(?:png|jpe?g)$`, 'i').test(key.slice(prefix.length));
  });
  if (hint?.imageKey && candidates.includes(hint.imageKey)) return hint.imageKey;
  if (hint?.imageUrl) {
    const byUrl = candidates.find((key) => hint.imageUrl?.split('?')[0]?.endsWith(`/${key}`));
    if (byUrl) return byUrl;
  }
  return candidates[0] ?? null;
}
