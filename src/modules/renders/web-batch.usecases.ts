import pLimit from 'p-limit';
import type { Refusal } from '../admission/admission.models.js';
import { type AdmissionDeps, admitImageRequest } from '../admission/admission.usecases.js';
import type { Variant } from '../templates/templates.models.js';

/** Most images one batch record covers (the page sends a long export in several). */
export const MAX_BATCH_IMAGES = 100;

export type BatchAdmission =
  | { ok: true; slug: string; variant: Variant; code: string; filename: string }
  | { ok: false; slug: string; variant: Variant; code: string; refusal: Refusal };

/**
 * "Many codes" on the web: the page draws the images itself, after the server has admitted each (template, variant,
 * code) it is about to put in the ZIP — one admission and one usage row (source web, action batch) per image.
 */
export async function admitWebBatch(
  deps: AdmissionDeps,
  { images }: { images: readonly { slug: string; variant: Variant; rawCode: string }[] },
): Promise<BatchAdmission[]> {
  const limit = pLimit(4);
  return Promise.all(
    images.map(({ slug, variant, rawCode }) =>
      limit(async (): Promise<BatchAdmission> => {
        const result = await admitImageRequest(
          deps,
          { source: 'web', action: 'batch', template: { by: 'slug', slug, variants: [variant] }, rawCode },
          async () => ({ value: null }),
        );
        if (!result.admitted) return { ok: false, slug, variant, code: rawCode, refusal: result.refusal };
        const { code } = result;
        return { ok: true, slug, variant, code, filename: `${code}-${slug}-${variant}.png` };
      }),
    ),
  );
}
