import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { LogoFit, VariantStyle } from '../../renderer/render.types.js';
import type { Refusal } from '../admission/admission.models.js';
import { type AdmissionDeps, admitImageRequest } from '../admission/admission.usecases.js';
import type { BrandLogo } from '../templates/brand-logo.usecases.js';
import { logoFitOf, type Template, type TemplateVariant, type Variant } from '../templates/templates.models.js';

export type ImageFormat = 'png' | 'jpeg';

/** An image the renderer draws: its content-addressed storage key and natural size. */
export interface RenderImage {
  key: string;
  width: number;
  height: number;
}

/** The shared renderer on the server (adapters/canvas): it loads and decodes the images itself, off this thread. */
export interface PromoRenderer {
  render(input: {
    template: RenderImage;
    logo: RenderImage | null;
    logoFit: LogoFit;
    style: VariantStyle;
    code: string;
    format: ImageFormat;
    opaque: boolean;
    /** A thumbnail: scaled down to this width after drawing. */
    maxWidth?: number;
  }): Promise<Buffer>;
}

/** The render API admits requests itself, so its deps include the admission path's. */
export interface RendersDeps extends AdmissionDeps {
  renderer: PromoRenderer;
  renderedImages: RenderedImageCache;
  /** The admin's default logo, read per request so every instance draws the current one. */
  brandLogo(): Promise<BrandLogo | null>;
}

/** RND-4 on the server: the brand logo where the variant shows a logo, else none. */
export async function logoFor(
  deps: Pick<RendersDeps, 'brandLogo'>,
  spec: Pick<TemplateVariant, 'showLogo'> | null | undefined,
): Promise<BrandLogo | null> {
  return spec?.showLogo ? deps.brandLogo() : null;
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

/**
 * ETag keyed by template version + variant + code + format (+ the logo drawn), so an edited template or a new brand
 * logo is never served stale.
 */
export function renderEtag({
  template,
  variant,
  code,
  format,
  logo,
  maxWidth,
}: {
  template: Template;
  variant: Variant;
  code: string;
  format: ImageFormat;
  logo: BrandLogo | null;
  maxWidth?: number;
}) {
  const digest = createHash('sha256')
    .update(
      `${template.slug}\n${variant}\n${code}\n${format}${logo ? `\n${logo.key}` : ''}${maxWidth ? `\nw${maxWidth}` : ''}`,
    )
    .digest('base64url')
    .slice(0, 16);
  return `"v${template.version}-${digest}"`;
}

/**
 * The image for an admitted code: rendered once per (template version, variant, code, format, logo), from images
 * decoded once per version. `logo` is what `logoFor` answered for this variant. Callers have already validated the code.
 */
export async function renderTemplateImage(
  deps: Pick<RendersDeps, 'renderer' | 'renderedImages'>,
  {
    template,
    variant,
    code,
    format,
    logo,
    maxWidth,
  }: {
    template: Template;
    variant: Variant;
    code: string;
    format: ImageFormat;
    logo: BrandLogo | null;
    maxWidth?: number;
  },
): Promise<Buffer> {
  const spec = template[variant];
  if (!spec) throw new Error(`template ${template.slug} has no ${variant} variant`);
  const body = await deps.renderedImages.fetch(renderEtag({ template, variant, code, format, logo, maxWidth }), {
    context: () => {
      const { box, hAlign, vAlign, maxFontPx, fontColor, outline } = spec;
      return deps.renderer.render({
        template: { key: spec.imageKey, width: spec.width, height: spec.height },
        logo,
        logoFit: logoFitOf(spec),
        style: { box, hAlign, vAlign, maxFontPx, fontColor, outline },
        code,
        format,
        opaque: spec.opaque,
        maxWidth,
      });
    },
  });
  if (!body) throw new Error('the render produced no image');
  return body;
}

export type RenderOutcome =
  | { ok: true; body: Buffer; code: string; etag: string; filename: string; template: Template; variant: Variant }
  | { ok: false; refusal: Refusal };

export const filenameOf = ({ code, variant, format }: { code: string; variant: Variant; format: ImageFormat }) =>
  `${code}-${variant}.${format === 'png' ? 'png' : 'jpg'}`;

/** API-1: the admission path (VAL-4, one usage row), then the image, rendered once per template version and code. */
export async function renderPromo(
  deps: RendersDeps,
  { slug, variant, rawCode, format }: { slug: string; variant: Variant; rawCode: string; format: ImageFormat },
): Promise<RenderOutcome> {
  const result = await admitImageRequest(
    deps,
    { source: 'api', action: 'render', template: { by: 'slug', slug, variants: [variant] }, rawCode },
    async ({ template, code }) => {
      try {
        const logo = await logoFor(deps, template[variant]);
        return { value: { logo, body: await renderTemplateImage(deps, { template, variant, code, format, logo }) } };
      } catch (error) {
        deps.logger.error({ err: error, slug, variant }, 'render failed');
        throw error;
      }
    },
  );
  if (!result.admitted) return { ok: false, refusal: result.refusal };
  const { template, code } = result;
  const { body, logo } = result.value;
  const etag = renderEtag({ template, variant, code, format, logo });
  return { ok: true, body, code, etag, template, variant, filename: filenameOf({ code, variant, format }) };
}

/**
 * WEB-4: the browser draws the image itself, but only after the server has admitted the code for the variants it is
 * about to hand out; the download or share is one action, one usage row (source `web`), whatever the variant count.
 */
export async function admitWebExport(
  deps: AdmissionDeps,
  {
    slug,
    variants,
    rawCode,
    action,
  }: { slug: string; variants: readonly [Variant, ...Variant[]]; rawCode: string; action: 'download' | 'share' },
): Promise<{ ok: true; code: string; filenames: Partial<Record<Variant, string>> } | { ok: false; refusal: Refusal }> {
  const result = await admitImageRequest(
    deps,
    { source: 'web', action, template: { by: 'slug', slug, variants }, rawCode },
    async () => ({ value: null }),
  );
  if (!result.admitted) return { ok: false, refusal: result.refusal };
  const filenames = Object.fromEntries(
    result.variants.map((variant) => [variant, filenameOf({ code: result.code, variant, format: 'png' })]),
  );
  return { ok: true, code: result.code, filenames };
}
