import type { CouponValidation } from '../coupons/coupons.models.js';
import { findTemplateByRef, matchTemplate } from '../templates/template-lookup.models.js';
import type { Template, Variant } from '../templates/templates.models.js';
import type { UsageErrorType } from '../usage/usage.models.js';

/** Which template (and variant) a front door asks for, in the terms its users speak. */
export type TemplateRequest =
  /** The render API and the web: an exact slug and the variants wanted (a web share asks for both at once). */
  | { by: 'slug'; slug: string; variants: readonly [Variant, ...Variant[]] }
  /** A bot command: the name as typed (flexible matching, BOT-2), square unless the portrait is asked for. */
  | { by: 'name'; token: string; wantsStory: boolean }
  /** A bot button: a template reference from callback data; `null` variant = the template's default. */
  | { by: 'ref'; ref: string; variant: Variant | null };

/** Every way a request can be turned down; a business "no" is a value, never an exception. */
export type Refusal =
  | { kind: 'template_unknown'; token: string; suggestions: Template[] }
  /** The template exists but is switched off for Telegram (bot requests only). */
  | { kind: 'template_off'; template: Template }
  | { kind: 'variant_missing'; template: Template; variant: Variant }
  | { kind: 'empty'; message: string }
  | { kind: 'invalid'; code: string; message: string }
  | { kind: 'unavailable'; code: string; message: string };

export type CodeRefusal = Extract<Refusal, { kind: 'empty' | 'invalid' | 'unavailable' }>;

export interface Admitted {
  code: string;
  template: Template;
  variants: readonly [Variant, ...Variant[]];
}

export type TemplateChoice = { template: Template; variants: readonly [Variant, ...Variant[]] };

/** BOT-2: square, unless the template only has a portrait or the portrait was asked for. null: asked for a missing one. */
export function chooseVariant(template: Pick<Template, 'square' | 'story'>, wantsStory: boolean): Variant | null {
  if (wantsStory) return template.story ? 'story' : null;
  return template.square ? 'square' : template.story ? 'story' : null;
}

/**
 * Resolves a template request against the templates the caller may use (`usable`: every template on the web, the
 * Telegram-enabled ones in the bot) and the whole catalogue (`all`, to tell "switched off" from "unknown").
 */
export function resolveTemplate({
  request,
  usable,
  all,
}: {
  request: TemplateRequest;
  usable: Template[];
  all: Template[];
}): TemplateChoice | Refusal {
  const off = (template: Template | null | undefined): Refusal | null =>
    template && !usable.includes(template) ? { kind: 'template_off', template } : null;
  let template: Template;
  let wanted: readonly Variant[];
  if (request.by === 'slug') {
    const found = usable.find((t) => t.slug === request.slug);
    if (!found) return off(all.find((t) => t.slug === request.slug)) ?? unknown(request.slug);
    template = found;
    wanted = request.variants;
  } else if (request.by === 'ref') {
    const found = findTemplateByRef(usable, request.ref);
    if (!found) return off(findTemplateByRef(all, request.ref)) ?? unknown('');
    template = found;
    wanted = [request.variant ?? chooseVariant(found, false) ?? 'square'];
  } else {
    const match = matchTemplate(request.token, usable);
    if (match.kind === 'unknown') {
      const anywhere = matchTemplate(request.token, all);
      return off(anywhere.kind === 'found' ? anywhere.template : null) ?? unknown(request.token, match.suggestions);
    }
    template = match.template;
    wanted = [chooseVariant(template, request.wantsStory) ?? 'story'];
  }
  const missing = wanted.find((variant) => !template[variant]);
  if (missing) return { kind: 'variant_missing', template, variant: missing };
  return { template, variants: wanted as TemplateChoice['variants'] };
}

const unknown = (token: string, suggestions: Template[] = []): Refusal => ({
  kind: 'template_unknown',
  token,
  suggestions,
});

export function isRefusal(value: TemplateChoice | Refusal): value is Refusal {
  return 'kind' in value;
}

/** A coupon check's "no" as a refusal. */
export function refusalOfCoupon(validation: CouponValidation & { valid: false }): CodeRefusal {
  if (validation.reason === 'empty') return { kind: 'empty', message: validation.message };
  return { kind: validation.reason, code: validation.code, message: validation.message };
}

/** The BOT-8 error type a refusal is recorded with. */
export function errorTypeOf(refusal: Refusal): UsageErrorType {
  if (refusal.kind === 'unavailable') return 'validation_unavailable';
  if (refusal.kind === 'empty' || refusal.kind === 'invalid') return 'invalid_coupon';
  return 'template_not_found';
}

/** The template and variant a usage row names: what was resolved, else what was asked for. */
export function usageTargetOf({ request, outcome }: { request: TemplateRequest; outcome: TemplateChoice | Refusal }): {
  templateSlug: string | null;
  variant: Variant | null;
} {
  const single = (variants: readonly Variant[]) => (variants.length === 1 ? variants[0]! : null);
  if (!isRefusal(outcome)) return { templateSlug: outcome.template.slug, variant: single(outcome.variants) };
  if (outcome.kind === 'variant_missing') return { templateSlug: outcome.template.slug, variant: outcome.variant };
  if (outcome.kind === 'template_off') return { templateSlug: outcome.template.slug, variant: null };
  if (request.by === 'slug') return { templateSlug: request.slug, variant: single(request.variants) };
  return { templateSlug: null, variant: null };
}
