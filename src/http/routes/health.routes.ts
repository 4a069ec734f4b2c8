import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpDeps } from '../http.deps.js';
import { Alive, Readiness } from '../schemas/health.schemas.js';

async function probe(check: () => Promise<void>, timeoutMs = 3000): Promise<'ok' | 'down'> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(reject, timeoutMs).unref())]);
    return 'ok';
  } catch {
    return 'down';
  }
}

/** OPS-1: /healthz says the process is up; /readyz that it can reach its database and its storage. */
export function healthRoutes(deps: Pick<HttpDeps, 'health'>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      { schema: { summary: 'The process is up', tags: ['operations'], response: { 200: Alive } } },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          summary: 'The database and the storage answer',
          tags: ['operations'],
          response: { 200: Readiness, 503: Readiness },
        },
      },
      async (_request, reply) => {
        const [database, storage] = await Promise.all([
          probe(() => deps.health.database.ping()),
          probe(() => deps.health.storage.ping()),
        ]);
        const ready = database === 'ok' && storage === 'ok';
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', database, storage });
      },
    );
  };
}
