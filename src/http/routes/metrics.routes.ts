import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, createNotFoundError } from '../../shared/app-error.js';
import { constantTimeEqual } from '../../shared/constant-time.js';
import type { HttpDeps } from '../http.deps.js';

/** OPS-7: Prometheus text for operators; 404 when METRICS_TOKEN is unset, 401 without `Authorization: Bearer {token}`. */
export function metricsRoutes(deps: Pick<HttpDeps, 'metrics'>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      const metrics = deps.metrics;
      // Exactly what an unknown route answers: without a token there is nothing here.
      if (!metrics) throw createNotFoundError('route.not_found', 'No route for GET /metrics');
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!given || !constantTimeEqual(given, metrics.token))
        throw new AppError({
          kind: 'unauthenticated',
          code: 'metrics.unauthorized',
          message: 'Send the metrics token',
        });
      return reply
        .header('content-type', metrics.contentType)
        .header('cache-control', 'no-store')
        .send(await metrics.render());
    });
  };
}
