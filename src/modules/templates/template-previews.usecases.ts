import { type Template, type Variant, variantsOf } from './templates.models.js';
import { deleteUnreferenced, publishCatalogue, storePreviews, type TemplatesDeps } from './templates.usecases.js';

export interface PreviewBackfillReport {
  /** `slug/variant` of each variant that got its previews. */
  made: string[];
  /** Variants whose previews could not be made (image missing or unreadable); the web falls back to the full image. */
  failed: string[];
}

/**
 * Makes the display-size previews that variants stored before previews existed lack (the worker runs this once after
 * each start, and stops it through `signal` at shutdown; uploads and imports make them at once). Safe on several processes at once: the keys
 * are content-addressed, and the row is only changed while the variant still has the image the previews were made
 * from — otherwise the previews just made are deleted again, unless the current template uses them.
 */
export async function backfillPreviews(
  deps: TemplatesDeps,
  { signal }: { signal?: AbortSignal } = {},
): Promise<PreviewBackfillReport> {
  const report: PreviewBackfillReport = { made: [], failed: [] };
  const changed = new Set<string>();
  for (const template of await deps.templatesRepository.findAll()) {
    for (const [variant, spec] of variantsOf(template)) {
      // A shutdown stops between images; the next start makes the rest.
      if (signal?.aborted) break;
      if (spec.previews) continue;
      const label = `${template.slug}/${variant}`;
      try {
        if (await backfillVariant(deps, { template, variant })) {
          report.made.push(label);
          changed.add(template.slug);
        }
      } catch (error) {
        deps.logger.warn({ err: error, template: label }, 'could not make the previews of a template image');
        report.failed.push(label);
      }
    }
  }
  if (changed.size > 0) await publishCatalogue(deps, { changed: [...changed] });
  return report;
}

async function backfillVariant(
  deps: TemplatesDeps,
  { template, variant }: { template: Template; variant: Variant },
): Promise<boolean> {
  const { imageKey } = template[variant]!;
  const image = await deps.storage.get(imageKey);
  if (!image) throw new Error(`${imageKey} is missing from storage`);
  const previews = await storePreviews(deps, { slug: template.slug, variant, body: image.body });
  if (await deps.templatesRepository.setPreviews({ slug: template.slug, variant, imageKey, previews })) return true;
  const current = await deps.templatesRepository.findBySlug(template.slug);
  const inUse = current ? variantsOf(current).flatMap(([, v]) => (v.previews ?? []).map((p) => p.key)) : [];
  await deleteUnreferenced(deps, { keys: previews.map((p) => p.key), keep: inUse });
  return false;
}
