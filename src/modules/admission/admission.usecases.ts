import type { Logger } from '../../shared/logger.js';
import { type CouponValidator, normalizeCouponCode } from '../coupons/coupons.models.js';
import { validateCoupon } from '../coupons/coupons.usecases.js';
import type { Template } from '../templates/templates.models.js';
import type { TemplatesRepository } from '../templates/templates.repository.js';
import {
  assertActionOfSource,
  buildUsageRow,
  type UsageAction,
  type UsageActor,
  type UsageErrorType,
  type UsageSource,
} from '../usage/usage.models.js';
import type { UsageRepository } from '../usage/usage.repository.js';
import {
  type Admitted,
  type CodeRefusal,
  errorTypeOf,
  isRefusal,
  type Refusal,
  refusalOfCoupon,
  resolveTemplate,
  type TemplateRequest,
  usageTargetOf,
} from './admission.models.js';

export interface AdmissionDeps {
  templatesRepository: Pick<TemplatesRepository, 'findAll' | 'findBySlug'>;
  couponValidator: CouponValidator;
  usageRepository: UsageRepository;
  logger: Logger;
}

export interface AdmissionRequest {
  source: UsageSource;
  action: UsageAction;
  actor?: UsageActor;
  template: TemplateRequest;
  rawCode: string;
}

/** What the front door's work produced; a failure is recorded as such (the image never reached the user). */
export type Fulfilment<T> = { value: T; failure?: 'render_failed' | 'send_failed' };

export type AdmissionResult<T> = { admitted: false; refusal: Refusal } | ({ admitted: true; value: T } & Admitted);

/**
 * VAL-4, the one admission path of every front door that makes an image (render API, web download and share, bot
 * command, bot button): resolve the template (unknown, switched off for the bot, or without the variant is a "no"),
 * normalise the code (empty is a "no"), validate it with FunderPro (invalid or unverifiable is a "no"), then let the
 * front door produce the image. Exactly one usage row is written per call, with the outcome, even when `produce`
 * throws.
 */
export async function admitImageRequest<T>(
  deps: AdmissionDeps,
  request: AdmissionRequest,
  produce: (admitted: Admitted) => Promise<Fulfilment<T>>,
): Promise<AdmissionResult<T>> {
  assertActionOfSource(request.source, request.action);
  const choice = await findTemplate(deps, request);
  const target = usageTargetOf({ request: request.template, outcome: choice });
  const refuse = async (refusal: Refusal) => {
    await record(deps, request, { ...target, code: codeOf(request.rawCode), errorType: errorTypeOf(refusal) });
    return { admitted: false as const, refusal };
  };
  if (isRefusal(choice)) return refuse(choice);
  const decision = await checkCode(deps, request.rawCode);
  if (decision.kind !== 'valid') return refuse(decision);
  const { code } = decision;
  const admitted: Admitted = { code, ...choice };
  let fulfilment: Fulfilment<T>;
  try {
    fulfilment = await produce(admitted);
  } catch (error) {
    await record(deps, request, { ...target, code, errorType: 'render_failed' });
    throw error;
  }
  await record(deps, request, { ...target, code, errorType: fulfilment.failure ?? null });
  return { admitted: true, ...admitted, value: fulfilment.value };
}

/**
 * The same rules with nothing recorded, for the one image whose use is recorded elsewhere: the photo Telegram fetches
 * for an inline result (the bot records the result when the user sends it).
 */
export async function checkImageRequest(
  deps: AdmissionDeps,
  request: Omit<AdmissionRequest, 'actor'>,
): Promise<{ admitted: false; refusal: Refusal } | ({ admitted: true } & Admitted)> {
  const choice = await findTemplate(deps, request);
  if (isRefusal(choice)) return { admitted: false, refusal: choice };
  const decision = await checkCode(deps, request.rawCode);
  if (decision.kind !== 'valid') return { admitted: false, refusal: decision };
  return { admitted: true, code: decision.code, ...choice };
}

/**
 * The guided flow's code step (and `/generate`), before any template is chosen: the same normalisation and
 * validation. A refusal ends the user's attempt and is recorded; an accepted code is recorded when its image is made.
 */
export async function screenCode(
  deps: AdmissionDeps,
  request: Omit<AdmissionRequest, 'template'>,
): Promise<{ ok: true; code: string } | { ok: false; refusal: CodeRefusal }> {
  assertActionOfSource(request.source, request.action);
  const decision = await checkCode(deps, request.rawCode);
  if (decision.kind === 'valid') return { ok: true, code: decision.code };
  const code = codeOf(request.rawCode);
  await record(deps, request, { templateSlug: null, variant: null, code, errorType: errorTypeOf(decision) });
  return { ok: false, refusal: decision };
}

async function findTemplate(
  deps: AdmissionDeps,
  { source, template: request }: Pick<AdmissionRequest, 'source' | 'template'>,
) {
  const forBot = (templates: Template[]) =>
    source === 'telegram' ? templates.filter((t) => t.telegramEnabled) : templates;
  // An exact slug needs one row; names and references are matched against the catalogue (read on every request, so
  // a template switched off in the admin disappears from the bot at once).
  const all =
    request.by === 'slug'
      ? await deps.templatesRepository.findBySlug(request.slug).then((t) => (t ? [t] : []))
      : await deps.templatesRepository.findAll();
  return resolveTemplate({ request, usable: forBot(all), all });
}

async function checkCode(deps: AdmissionDeps, rawCode: string): Promise<{ kind: 'valid'; code: string } | CodeRefusal> {
  const validation = await validateCoupon(deps, { rawCode });
  return validation.valid ? { kind: 'valid', code: validation.code } : refusalOfCoupon(validation);
}

/** The code a row names even when the request was refused before validation: normalised, or none. */
const codeOf = (rawCode: string): string | null => normalizeCouponCode(rawCode) || null;

/** A lost usage row must not cost the user their image: the failure is logged, never raised. */
async function record(
  deps: AdmissionDeps,
  { source, action, actor }: Omit<AdmissionRequest, 'template' | 'rawCode'>,
  row: { templateSlug: string | null; variant: string | null; code: string | null; errorType: UsageErrorType | null },
): Promise<void> {
  try {
    await deps.usageRepository.record(buildUsageRow({ source, action, actor, ...row }));
  } catch (error) {
    deps.logger.error({ err: error, source, action }, 'recording a usage row failed');
  }
}
