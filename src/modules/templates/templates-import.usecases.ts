import { isAppError } from '../../shared/app-error.js';
import type { AppMetaRepository } from '../app-meta/app-meta.repository.js';
import { type Template, VARIANTS, type Variant, type VariantSettings } from './templates.models.js';
import {
  createTemplate,
  publishCatalogue,
  storeVariantImage,
  type TemplateInput,
  type TemplatesDeps,
} from './templates.usecases.js';
import { findVariantImageKey, parseMetaJson } from './templates-meta.models.js';

const META_KEY = /^templates\/([^/]+)\/meta\.json$/;

export interface ImportReport {
  imported: string[];
  skipped: { slug: string; reason: string }[];
  warnings: string[];
}

/**
 * TPL-3: rebuilds the catalogue from the meta.json files in storage, so losing the database never loses templates.
 * Images found under legacy names are copied to content-addressed keys; missing thumbnails are made.
 */
export async function importTemplatesFromStorage(deps: TemplatesDeps): Promise<ImportReport> {
  const keys = await deps.storage.list('templates/');
  const report: ImportReport = { imported: [], skipped: [], warnings: [] };
  for (const metaKey of keys) {
    const slug = META_KEY.exec(metaKey)?.[1];
    if (!slug) continue;
    try {
      const object = await deps.storage.get(metaKey);
      const meta = parseMetaJson({ raw: object ? JSON.parse(object.body.toString('utf8')) : null, slug });
      if ('error' in meta) {
        report.skipped.push({ slug, reason: meta.error });
        continue;
      }
      report.warnings.push(...meta.warnings.map((w) => `${slug}: ${w}`));
      const variants: Pick<Template, 'square' | 'story'> = { square: null, story: null };
      for (const variant of VARIANTS) {
        const hint = meta.variants[variant];
        const found = findVariantImageKey({ slug, variant, keys, hint, keyForUrl: deps.storage.keyForUrl });
        if (found.warning) report.warnings.push(`${slug}: ${found.warning}`);
        const key = found.key;
        if (!key) {
          if (hint) report.warnings.push(`${slug}: ${variant}: no image found in storage; the variant was left out`);
          continue;
        }
        variants[variant] = await importVariantImage(deps, {
          slug,
          variant,
          key,
          settings: hint?.settings ?? meta.legacyDefaults,
        });
      }
      if (!variants.square && !variants.story) {
        report.skipped.push({ slug, reason: 'no square or story image found in storage' });
        continue;
      }
      await deps.templatesRepository.upsert({
        slug,
        name: meta.name,
        telegramEnabled: meta.telegramEnabled,
        version: meta.version,
        ...variants,
      });
      report.imported.push(slug);
    } catch (error) {
      report.skipped.push({
        slug,
        reason: isAppError(error) || error instanceof SyntaxError ? error.message : 'unreadable',
      });
      if (!isAppError(error) && !(error instanceof SyntaxError))
        deps.logger.error({ err: error, slug }, 'template import failed');
    }
  }
  await publishCatalogue(deps, { changed: report.imported });
  return report;
}

/** Re-stores the image through the same path as an upload: content-addressed key (a legacy name is copied), thumbnail. */
async function importVariantImage(
  deps: TemplatesDeps,
  { slug, variant, key, settings }: { slug: string; variant: Variant; key: string; settings: VariantSettings },
) {
  const object = await deps.storage.get(key);
  if (!object) throw new Error(`${key} disappeared during import`);
  return { ...settings, ...(await storeVariantImage(deps, { slug, variant, buffer: object.body })) };
}

/**
 * First start: an empty catalogue is rebuilt from storage when metas exist there (recovery), otherwise the sample
 * templates are created once. A catalogue the admin emptied on purpose stays empty.
 */
export async function bootstrapCatalogue(
  deps: TemplatesDeps & { appMetaRepository: AppMetaRepository },
  { loadSamples }: { loadSamples: () => Promise<TemplateInput[]> },
): Promise<'existing' | 'imported' | 'seeded' | 'empty'> {
  if ((await deps.templatesRepository.count()) > 0) {
    await publishCatalogue(deps, {});
    return 'existing';
  }
  const metas = (await deps.storage.list('templates/')).filter((key) => META_KEY.test(key));
  if (metas.length > 0) {
    const report = await importTemplatesFromStorage(deps);
    const { imported, skipped, warnings } = report;
    deps.logger.info({ imported: imported.length, skipped, warnings }, 'catalogue rebuilt from storage');
    return 'imported';
  }
  if (await deps.appMetaRepository.get('samples_seeded_at')) return 'empty';
  for (const input of await loadSamples()) await createTemplate(deps, input);
  await deps.appMetaRepository.set('samples_seeded_at', new Date().toISOString());
  return 'seeded';
}
