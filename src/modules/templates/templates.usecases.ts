import { createHash } from 'node:crypto';
import type { InspectedImage, PreviewImage } from '../../adapters/images/image.types.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import { createConflictError, createInvalidError, createNotFoundError } from '../../shared/app-error.js';
import type { Logger } from '../../shared/logger.js';
import {
  DEFAULT_VARIANT_SETTINGS,
  type FieldErrors,
  INDEX_KEY,
  imageKeyFor,
  metaKeyFor,
  previewKeyFor,
  type StoredPreview,
  slugify,
  storageKeysOf,
  type Template,
  type TemplateVariant,
  thumbKeyFor,
  toIndexJson,
  toMetaJson,
  VARIANTS,
  type Variant,
  type VariantSettingsInput,
  validateName,
  validateSlug,
  validateVariantSettings,
  variantSettingsOf,
} from './templates.models.js';
import type { TemplatesRepository } from './templates.repository.js';

export interface TemplateImageTools {
  inspect(input: { buffer: Buffer; field: string }): Promise<InspectedImage>;
  /** The brand logo's checks (BRAND_LOGO_LIMITS). */
  inspectLogo(input: { buffer: Buffer; field: string }): Promise<InspectedImage>;
  thumbnail(buffer: Buffer): Promise<Buffer>;
  /** Display-size WebP previews for the web generator, smallest first. */
  previews(buffer: Buffer): Promise<PreviewImage[]>;
}

export interface TemplatesDeps {
  templatesRepository: TemplatesRepository;
  storage: ObjectStorage;
  imageTools: TemplateImageTools;
  logger: Logger;
}

export interface VariantInput {
  /** A new image; without one an existing variant keeps its image. */
  image?: Buffer;
  settings?: VariantSettingsInput;
  remove?: boolean;
}

export interface TemplateInput {
  name: unknown;
  slug?: unknown;
  telegramEnabled?: boolean;
  variants: Partial<Record<Variant, VariantInput>>;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT_LIVED = 'public, max-age=60';

function throwIfInvalid(errors: FieldErrors): void {
  const fields = Object.keys(errors);
  if (fields.length === 0) return;
  const message = fields.map((field) => `${field}: ${errors[field]}`).join('; ');
  throw createInvalidError('template.invalid', message, { fields: errors });
}

const sha256Of = (body: Buffer) => createHash('sha256').update(body).digest('hex');

/** Makes and stores the display-size previews of a stored image, keyed by the image's hash (safe to repeat). */
export async function storePreviews(
  deps: Pick<TemplatesDeps, 'storage' | 'imageTools'>,
  { slug, variant, body }: { slug: string; variant: Variant; body: Buffer },
): Promise<StoredPreview[]> {
  const sha256 = sha256Of(body);
  const previews = await deps.imageTools.previews(body);
  return Promise.all(
    previews.map(async ({ width, height, body: webp }) => {
      const key = previewKeyFor({ slug, variant, sha256, width });
      await deps.storage.put({ key, body: webp, contentType: 'image/webp', cacheControl: IMMUTABLE });
      return { key, width, height };
    }),
  );
}

/** Stores a variant's image, thumbnail and previews under content-addressed keys (safe to repeat: same bytes, same key). */
export async function storeVariantImage(
  deps: TemplatesDeps,
  { slug, variant, buffer }: { slug: string; variant: Variant; buffer: Buffer },
): Promise<Omit<TemplateVariant, keyof typeof DEFAULT_VARIANT_SETTINGS>> {
  const inspected = await deps.imageTools.inspect({ buffer, field: `${variant}Image` });
  const sha256 = sha256Of(inspected.body);
  const ext = inspected.format === 'png' ? 'png' : 'jpg';
  const imageKey = imageKeyFor({ slug, variant, sha256, ext });
  const thumbKey = thumbKeyFor({ slug, variant, sha256 });
  const thumb = await deps.imageTools.thumbnail(inspected.body);
  await deps.storage.put({
    key: imageKey,
    body: inspected.body,
    contentType: inspected.format === 'png' ? 'image/png' : 'image/jpeg',
    cacheControl: IMMUTABLE,
  });
  await deps.storage.put({ key: thumbKey, body: thumb, contentType: 'image/webp', cacheControl: IMMUTABLE });
  const previews = await storePreviews(deps, { slug, variant, body: inspected.body });
  return { imageKey, thumbKey, previews, width: inspected.width, height: inspected.height, opaque: inspected.opaque };
}

/** Deletes objects no longer referenced by `keep`; failures only leave garbage, so they are logged, not raised. */
export async function deleteUnreferenced(deps: TemplatesDeps, { keys, keep }: { keys: string[]; keep: string[] }) {
  const doomed = keys.filter((key) => !keep.includes(key));
  await Promise.all(
    doomed.map((key) =>
      deps.storage
        .delete(key)
        .catch((error: unknown) => deps.logger.warn({ err: error, key }, 'could not delete object')),
    ),
  );
}

/**
 * TPL-4: images are stored before the row changes; when writing the row fails outright (the database is down),
 * the images just stored are deleted again so a refused change leaves nothing behind.
 */
async function withCleanup<T>(deps: TemplatesDeps, storedKeys: string[], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    await deleteUnreferenced(deps, { keys: storedKeys, keep: [] });
    throw error;
  }
}

/** Validates every variant's settings, then stores new images. Returns the variants as they will be saved. */
async function buildVariants(
  deps: TemplatesDeps,
  {
    slug,
    input,
    existing,
    errors,
  }: { slug: string; input: TemplateInput; existing: Template | null; errors: FieldErrors },
): Promise<Pick<Template, 'square' | 'story'>> {
  const settings = VARIANTS.map((variant) => {
    const given = input.variants[variant];
    const current = existing?.[variant] ?? null;
    if (given?.remove) return null;
    if (!given) return current ? variantSettingsOf(current) : null;
    if (!given.image && !current) {
      if (given.settings && Object.keys(given.settings).length > 0) errors[`${variant}Image`] = 'an image is required';
      return null;
    }
    const base = current ? variantSettingsOf(current) : DEFAULT_VARIANT_SETTINGS;
    return validateVariantSettings({ variant, input: given.settings ?? {}, base, errors });
  });
  if (settings.every((s) => s === null))
    errors.squareImage ??= 'at least one variant (square or portrait) needs an image';
  throwIfInvalid(errors);

  const result: Pick<Template, 'square' | 'story'> = { square: null, story: null };
  for (const [i, variant] of VARIANTS.entries()) {
    const chosen = settings[i];
    if (!chosen) continue;
    const image = input.variants[variant]?.image;
    const current = existing?.[variant];
    const stored = image ? await storeVariantImage(deps, { slug, variant, buffer: image }) : current;
    if (!stored) continue;
    const { imageKey, thumbKey, previews, width, height, opaque } = stored;
    result[variant] = { ...chosen, imageKey, thumbKey, ...(previews ? { previews } : {}), width, height, opaque };
  }
  return result;
}

export async function listTemplates(deps: Pick<TemplatesDeps, 'templatesRepository'>): Promise<Template[]> {
  return deps.templatesRepository.findAll();
}

export async function getTemplate(deps: Pick<TemplatesDeps, 'templatesRepository'>, { slug }: { slug: string }) {
  const template = await deps.templatesRepository.findBySlug(slug);
  if (!template) throw createNotFoundError('template.not_found', `No template "${slug}"`);
  return template;
}

export async function createTemplate(deps: TemplatesDeps, input: TemplateInput): Promise<Template> {
  const errors: FieldErrors = {};
  const name = validateName(input.name, errors);
  const slug = validateSlug(input.slug === undefined || input.slug === '' ? slugify(name) : input.slug, errors);
  throwIfInvalid(errors);
  if (await deps.templatesRepository.findBySlug(slug)) {
    throw createConflictError('template.slug_taken', `A template with the slug "${slug}" already exists`, { slug });
  }
  const variants = await buildVariants(deps, { slug, input, existing: null, errors });
  const created = await withCleanup(deps, storageKeysOf(variants), () =>
    deps.templatesRepository.insert({ slug, name, telegramEnabled: input.telegramEnabled ?? true, ...variants }),
  );
  if (!created) {
    const winner = await deps.templatesRepository.findBySlug(slug);
    await deleteUnreferenced(deps, { keys: storageKeysOf(variants), keep: winner ? storageKeysOf(winner) : [] });
    throw createConflictError('template.slug_taken', `A template with the slug "${slug}" already exists`, { slug });
  }
  await publishCatalogue(deps, { changed: [slug] });
  return created;
}

function staleVersion(current: Template) {
  return createConflictError(
    'template.version_conflict',
    `"${current.name}" was changed by someone else (now version ${current.version}); reload and try again`,
    { currentVersion: current.version },
  );
}

export type UpdateTemplateInput = Partial<TemplateInput> & { slug: string; expectedVersion?: number };

export async function updateTemplate(
  deps: TemplatesDeps,
  { slug, expectedVersion, ...partial }: UpdateTemplateInput,
): Promise<Template> {
  const input: TemplateInput = {
    name: partial.name,
    telegramEnabled: partial.telegramEnabled,
    variants: partial.variants ?? {},
  };
  const existing = await getTemplate(deps, { slug });
  if (expectedVersion !== undefined && expectedVersion !== existing.version) throw staleVersion(existing);
  const errors: FieldErrors = {};
  const name = input.name === undefined ? existing.name : validateName(input.name, errors);
  const variants = await buildVariants(deps, { slug, input, existing, errors });
  const updated = await withCleanup(
    deps,
    storageKeysOf(variants).filter((key) => !storageKeysOf(existing).includes(key)),
    () =>
      deps.templatesRepository.update({
        slug,
        expectedVersion: existing.version,
        changes: { name, telegramEnabled: input.telegramEnabled ?? existing.telegramEnabled, ...variants },
      }),
  );
  if (!updated) {
    const current = await getTemplate(deps, { slug });
    await deleteUnreferenced(deps, {
      keys: storageKeysOf(variants),
      keep: [...storageKeysOf(current), ...storageKeysOf(existing)],
    });
    throw staleVersion(current);
  }
  await deleteUnreferenced(deps, { keys: storageKeysOf(existing), keep: storageKeysOf(updated) });
  await publishCatalogue(deps, { changed: [slug] });
  return updated;
}

export async function setTelegramEnabled(
  deps: TemplatesDeps,
  { slug, enabled, expectedVersion }: { slug: string; enabled: boolean; expectedVersion?: number },
): Promise<Template> {
  const existing = await getTemplate(deps, { slug });
  if (expectedVersion !== undefined && expectedVersion !== existing.version) throw staleVersion(existing);
  const updated = await deps.templatesRepository.update({
    slug,
    expectedVersion: existing.version,
    changes: { telegramEnabled: enabled },
  });
  if (!updated) throw staleVersion(await getTemplate(deps, { slug }));
  await publishCatalogue(deps, { changed: [slug] });
  return updated;
}

/** Deletes several templates in one transaction and rewrites the index once. */
export async function deleteTemplates(deps: TemplatesDeps, { slugs }: { slugs: string[] }) {
  const unique = [...new Set(slugs)];
  const deleted = await deps.templatesRepository.deleteMany(unique);
  const deletedSlugs = deleted.map((t) => t.slug);
  if (deleted.length > 0) await publishCatalogue(deps, { removed: deletedSlugs });
  await deleteUnreferenced(deps, { keys: deleted.flatMap(storageKeysOf), keep: [] });
  return { deleted: deletedSlugs, missing: unique.filter((slug) => !deletedSlugs.includes(slug)) };
}

/**
 * Rewrites meta.json of the changed templates, removes those of deleted ones and rewrites index.json — after the DB
 * commit, under a cross-process lock. The DB stays the source of truth: a failure here is logged and healed by the
 * next change or the next start (which republishes everything).
 */
export async function publishCatalogue(
  deps: Pick<TemplatesDeps, 'templatesRepository' | 'storage' | 'logger'>,
  { changed = [], removed = [], all = false }: { changed?: string[]; removed?: string[]; all?: boolean },
): Promise<boolean> {
  const urlFor = (key: string) => deps.storage.publicUrl(key);
  try {
    await deps.templatesRepository.withPublishLock(async (templates) => {
      for (const template of templates) {
        if (!all && !changed.includes(template.slug)) continue;
        const body = Buffer.from(JSON.stringify(toMetaJson(template, urlFor), null, 2));
        await deps.storage.put({
          key: metaKeyFor(template.slug),
          body,
          contentType: 'application/json',
          cacheControl: SHORT_LIVED,
        });
      }
      for (const slug of removed) await deps.storage.delete(metaKeyFor(slug));
      const index = Buffer.from(JSON.stringify(toIndexJson(templates, urlFor), null, 2));
      await deps.storage.put({
        key: INDEX_KEY,
        body: index,
        contentType: 'application/json',
        cacheControl: SHORT_LIVED,
      });
    });
    return true;
  } catch (error) {
    deps.logger.error({ err: error }, 'publishing the template catalogue to storage failed; it will be retried');
    return false;
  }
}
