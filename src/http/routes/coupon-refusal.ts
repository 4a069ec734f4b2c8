import type { FastifyReply } from 'fastify';

/** A coupon "no" as HTTP: 422 when FunderPro says invalid, 503 (retry later) when it could not be asked. */
export function sendCouponRefusal(
  reply: FastifyReply,
  refusal: { reason: 'invalid' | 'unavailable'; message: string },
) {
  const status = refusal.reason === 'invalid' ? 422 : 503;
  if (status === 503) reply.header('retry-after', '30');
  return reply.status(status).send({ error: { code: `coupon.${refusal.reason}`, message: refusal.message } });
}
