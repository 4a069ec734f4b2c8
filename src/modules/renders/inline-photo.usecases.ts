import { checkImageRequest } from '../admission/admission.usecases.js';
import type { Variant } from '../templates/templates.models.js';
import {
  filenameOf,
  logoFor,
  type RenderOutcome,
  type RendersDeps,
  renderEtag,
  renderTemplateImage,
} from './renders.usecases.js';

/** An inline result's thumbnail width (Telegram shows them small). */
export const INLINE_THUMB_WIDTH = 320;

/**
 * The photo (or its thumbnail) of a bot's inline result, fetched by Telegram through a signed link: the same
 * template and code rules as every image (Telegram-enabled templates only), nothing recorded here — the bot records
 * the result when the user sends it.
 */
export async function renderInlinePhoto(
  deps: RendersDeps,
  { slug, variant, rawCode, thumbnail }: { slug: string; variant: Variant; rawCode: string; thumbnail: boolean },
): Promise<RenderOutcome> {
  const checked = await checkImageRequest(deps, {
    source: 'telegram',
    action: 'inline',
    template: { by: 'slug', slug, variants: [variant] },
    rawCode,
  });
  if (!checked.admitted) return { ok: false, refusal: checked.refusal };
  const { template, code } = checked;
  const logo = await logoFor(deps, template[variant]);
  const maxWidth = thumbnail ? INLINE_THUMB_WIDTH : undefined;
  const body = await renderTemplateImage(deps, { template, variant, code, format: 'jpeg', logo, maxWidth });
  const etag = renderEtag({ template, variant, code, format: 'jpeg', logo, maxWidth });
  return { ok: true, body, code, etag, template, variant, filename: filenameOf({ code, variant, format: 'jpeg' }) };
}
