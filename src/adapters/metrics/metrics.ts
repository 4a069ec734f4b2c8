import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CouponValidator } from '../../modules/coupons/coupons.models.js';
import type { PromoRenderer } from '../../modules/renders/renders.usecases.js';

/**
 * OPS-7: what operators scrape from `GET /metrics` (Prometheus text, prom-client). The parts being measured are
 * wrapped at the composition root (the renderer, the coupon validator, the bot's update handler), so no use case knows
 * about metrics; the job queues and a running broadcast are read when scraped.
 */
export function createMetrics({
  queueDepths,
  broadcastProgress,
}: {
  /** Jobs waiting (created or retry) per job-engine queue. */
  queueDepths: () => Promise<Record<string, number>>;
  /** The broadcast being sent, if any. */
  broadcastProgress: () => Promise<{
    id: number;
    sent: number;
    blocked: number;
    failed: number;
    remaining: number;
  } | null>;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'promostack_' });

  const renders = new Histogram({
    name: 'promostack_render_duration_seconds',
    help: 'Time to draw and encode one promo image (cache misses only), by format',
    labelNames: ['format', 'outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const validations = new Counter({
    name: 'promostack_coupon_validations_total',
    help: 'Coupon checks by outcome (valid, invalid, unavailable), cached answers included',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const validationTime = new Histogram({
    name: 'promostack_coupon_validation_duration_seconds',
    help: 'Time to answer a coupon check (FunderPro latency when not cached)',
    labelNames: ['outcome'],
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const webhookAcks = new Histogram({
    name: 'promostack_telegram_webhook_ack_seconds',
    help: 'Time to acknowledge a Telegram webhook call, by HTTP status',
    labelNames: ['status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const updateHandling = new Histogram({
    name: 'promostack_telegram_update_handling_seconds',
    help: 'Time the bot took to handle an update after its acknowledgement',
    labelNames: ['outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'promostack_job_queue_depth',
    help: 'Jobs waiting in each job-engine queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [queue, depth] of Object.entries(await queueDepths())) this.set({ queue }, depth);
    },
  });
  new Gauge({
    name: 'promostack_broadcast_recipients',
    help: 'Recipients of the broadcast being sent, by state',
    labelNames: ['broadcast_id', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const progress = await broadcastProgress();
      if (!progress) return;
      const { id, ...states } = progress;
      for (const [state, n] of Object.entries(states)) this.set({ broadcast_id: String(id), state }, n);
    },
  });

  const seconds = (started: number) => (performance.now() - started) / 1000;

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    /** The renderer, timed. */
    timedRenderer(renderer: PromoRenderer): PromoRenderer {
      return {
        async render(input) {
          const started = performance.now();
          try {
            const body = await renderer.render(input);
            renders.observe({ format: input.format, outcome: 'ok' }, seconds(started));
            return body;
          } catch (error) {
            renders.observe({ format: input.format, outcome: 'failed' }, seconds(started));
            throw error;
          }
        },
      };
    },
    /** The coupon validator, counted and timed by outcome. */
    countedValidator(validator: CouponValidator): CouponValidator {
      return {
        enabled: validator.enabled,
        async check(code) {
          const started = performance.now();
          const outcome = await validator.check(code);
          validations.inc({ outcome });
          validationTime.observe({ outcome }, seconds(started));
          return outcome;
        },
      };
    },
    observeWebhookAck(status: number, ms: number): void {
      webhookAcks.observe({ status: String(status) }, ms / 1000);
    },
    /** The bot's update handler, timed (its error boundary answers failures; a throw still counts as failed). */
    timedHandler<T>(handle: (update: T) => Promise<void>): (update: T) => Promise<void> {
      return async (update) => {
        const started = performance.now();
        try {
          await handle(update);
          updateHandling.observe({ outcome: 'handled' }, seconds(started));
        } catch (error) {
          updateHandling.observe({ outcome: 'failed' }, seconds(started));
          throw error;
        }
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
