import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { SizedImage } from '../../renderer/canvas.types.js';
import type { VariantStyle } from '../../renderer/render.types.js';
import { createInvalidError, createNotFoundError } from '../../shared/app-error.js';
import type { Logger } from '../../shared/logger.js';
import type { CouponValidator } from '../coupons/coupons.models.js';
import { describeCoupon, normalizeCouponCode } from '../coupons/coupons.models.js';
import type { Template, TemplateVariant, Variant } from '../templates/templates.models.js';
import type { TemplatesRepository } from '../templates/templates.repository.js';
import type { UsageRepository, UsageSource } from '../usage/usage.repository.js';
import type { DecodedTemplateCache } from './template-image.cache.js';

export type ImageFormat = 'png' | 'jpeg';

export interface PromoRenderer<TImage> {
  render(input: {
    template: SizedImage<TImage>;
    logo?: SizedImage<TImage> | null;
    style: VariantStyle;
    code: string;
    format: ImageFormat;
    opaque: boolean;
  }): Promise<Buffer>;
}

export interface RendersDeps<TImage> {
  templatesRepository: Pick<TemplatesRepository, 'findBySlug'>;
  couponValidator: CouponValidator;
  usageRepository: UsageRepository;
  templateImages: DecodedTemplateCache<TImage>;
  renderer: PromoRenderer<TImage>;
  renderedImages: RenderedImageCache;
  logger: Logger;
}

export type RenderedImageCache = LRUCache<string, Buffer, () => Promise<Buffer>>;

/**
 * Finished images by (template version, variant, code, format): repeats cost no render, and simultaneous requests
 * for one image share one render. Bounded by bytes.
 */
export function createRenderedImageCache({
  maxBytes = 32 * 1024 * 1024,
}: {
  maxBytes?: number;
} = {}): RenderedImageCache {
  return new LRUCache<string, Buffer, () => Promise<Buffer>>({
    maxSize: maxBytes,
    sizeCalculation: (body) => Math.max(1, body.length),
    fetchMethod: (_key, _stale, { context: render }) => render(),
  });
}

export type RenderOutcome =
  | { ok: true; body: Buffer; code: string; etag: string; filename: string; template: Template; variant: Variant }
  | { ok: false; reason: 'invalid' | 'unavailable'; code: string; message: string };

/** ETag keyed by template version + variant + code + format, so an edited template is never served stale. */
export function renderEtag({
  template,
  variant,
  code,
  format,
}: {
  template: Template;
  variant: Variant;
  code: string;
  format: ImageFormat;
}) {
  const digest = createHash('sha256')
    .update(`${template.slug}\n${variant}\n${code}\n${format}`)
    .digest('base64url')
    .slice(0, 16);
  return `"v${template.version}-${digest}"`;
}

/**
 * The image for an admitted code: rendered once per (template version, variant, code, format), from the template image
 * decoded once per version. Callers have already validated the code.
 */
export async function renderTemplateImage<TImage>(
  deps: Pick<RendersDeps<TImage>, 'templateImages' | 'renderer' | 'renderedImages'>,
  { template, variant, code, format }: { template: Template; variant: Variant; code: string; format: ImageFormat },
): Promise<Buffer> {
  const spec = template[variant];
  if (!spec) throw new Error(`template ${template.slug} has no ${variant} variant`);
  const body = await deps.renderedImages.fetch(renderEtag({ template, variant, code, format }), {
    context: async () => {
      const image = await deps.templateImages.get(spec.imageKey);
      return deps.renderer.render({ template: image, style: spec, code, format, opaque: spec.opaque });
    },
  });
  if (!body) throw new Error('the render produced no image');
  return body;
}

type UsageErrorType = Parameters<UsageRepository['record']>[0]['errorType'];

type Admission =
  | {
      ok: true;
      code: string;
      template: Template;
      spec: TemplateVariant;
      record: (success: boolean, errorType?: UsageErrorType) => Promise<void>;
    }
  | { ok: false; reason: 'invalid' | 'unavailable'; code: string; message: string };

/**
 * VAL-4, shared by everything that produces an image: normalise the code (empty → error), find the template variant
 * (missing → error), validate the coupon (a "no" is a returned value). Failures are recorded here; success is
 * recorded by the caller once the image exists.
 */
async function admit(
  deps: Pick<RendersDeps<unknown>, 'templatesRepository' | 'couponValidator' | 'usageRepository'>,
  { slug, variant, rawCode, source }: { slug: string; variant: Variant; rawCode: string; source: UsageSource },
): Promise<Admission> {
  const code = normalizeCouponCode(rawCode);
  if (code === '')
    throw createInvalidError(
      'coupon.empty',
      'The code is empty after removing unsupported characters (use A-Z, 0-9, - and _)',
    );
  const record = (success: boolean, errorType: UsageErrorType = null) =>
    deps.usageRepository.record({ source, success, errorType, templateSlug: slug, variant, code });
  const template = await deps.templatesRepository.findBySlug(slug);
  const spec = template?.[variant];
  if (!template || !spec) {
    await record(false, 'template_not_found');
    throw createNotFoundError(
      'template.not_found',
      template ? `Template "${slug}" has no ${variant} variant` : `No template "${slug}"`,
    );
  }
  const check = describeCoupon(code, await deps.couponValidator.check(code), deps.couponValidator.enabled);
  if (check.valid) return { ok: true, code, template, spec, record };
  const reason = check.reason === 'unavailable' ? 'unavailable' : 'invalid';
  await record(false, reason === 'unavailable' ? 'validation_unavailable' : 'invalid_coupon');
  return { ok: false, reason, code, message: check.message };
}

/**
 * API-1: admit the request, then render (or reuse) the image. A missing template or an empty code is an error; a
 * coupon "no" is a returned outcome. Every outcome is recorded.
 */
export async function renderPromo<TImage>(
  deps: RendersDeps<TImage>,
  {
    slug,
    variant,
    rawCode,
    format,
    source,
  }: { slug: string; variant: Variant; rawCode: string; format: ImageFormat; source: UsageSource },
): Promise<RenderOutcome> {
  const admission = await admit(deps, { slug, variant, rawCode, source });
  if (!admission.ok) return admission;
  const { code, template, record } = admission;
  const etag = renderEtag({ template, variant, code, format });
  let body: Buffer;
  try {
    body = await renderTemplateImage(deps, { template, variant, code, format });
  } catch (error) {
    await record(false, 'render_failed');
    deps.logger.error({ err: error, slug, variant }, 'render failed');
    throw error;
  }
  await record(true);
  return {
    ok: true,
    body,
    code,
    etag,
    template,
    variant,
    filename: `${code}-${variant}.${format === 'png' ? 'png' : 'jpg'}`,
  };
}

/**
 * WEB-4: the browser draws the image itself, but only after the server has admitted the code; the download or share
 * is then recorded (source `web`).
 */
export async function admitWebExport(
  deps: Pick<RendersDeps<unknown>, 'templatesRepository' | 'couponValidator' | 'usageRepository'>,
  { slug, variant, rawCode }: { slug: string; variant: Variant; rawCode: string },
): Promise<
  | { ok: true; code: string; filename: string }
  | { ok: false; reason: 'invalid' | 'unavailable'; code: string; message: string }
> {
  const admission = await admit(deps, { slug, variant, rawCode, source: 'web' });
  if (!admission.ok) return admission;
  await admission.record(true);
  return { ok: true, code: admission.code, filename: `${admission.code}-${variant}.png` };
}
