import type { FastifyReply } from 'fastify';
import type { Refusal } from '../../modules/admission/admission.models.js';
import { VARIANT_LABELS } from '../../modules/templates/templates.models.js';

/**
 * An admission "no" as HTTP: 404 for a template (or variant) that isn't there, 400 for an empty code, 422 when
 * FunderPro says invalid, 503 (retry later) when it could not be asked.
 */
export function sendRefusal(reply: FastifyReply, refusal: Refusal) {
  const [status, code, message] = describeRefusal(refusal);
  if (status === 503) reply.header('retry-after', '30');
  return reply.status(status).send({ error: { code, message } });
}

/** The `{code, message}` a refusal is answered with, for answers that carry several outcomes (batches). */
export function refusalError(refusal: Refusal): { code: string; message: string } {
  const [, code, message] = describeRefusal(refusal);
  return { code, message };
}

function describeRefusal(refusal: Refusal): [number, string, string] {
  switch (refusal.kind) {
    case 'template_unknown':
      return [404, 'template.not_found', `No template "${refusal.token}"`];
    case 'template_off':
      return [404, 'template.not_found', `No template "${refusal.template.slug}"`];
    case 'variant_missing':
      return [
        404,
        'template.not_found',
        `Template "${refusal.template.slug}" has no ${VARIANT_LABELS[refusal.variant].toLowerCase()} variant`,
      ];
    case 'empty':
      return [400, 'coupon.empty', 'The code is empty after removing unsupported characters (use A-Z, 0-9, - and _)'];
    case 'invalid':
      return [422, 'coupon.invalid', refusal.message];
    case 'unavailable':
      return [503, 'coupon.unavailable', refusal.message];
  }
}
