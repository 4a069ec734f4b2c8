import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps.js';

async function probe(check: () => Promise<void>, timeoutMs = 3000): Promise<'ok' | 'down'> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(reject, timeoutMs).unref())]);
    return 'ok';
  } catch {
    return 'down';
  }
}

/** OPS-1: /healthz says the process is up; /readyz that it can reach its database and its storage. */
export function healthRoutes(deps: Pick<AppDeps, 'database' | 'storage'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.get('/readyz', async (_request, reply) => {
      const [database, storage] = await Promise.all([
        probe(() => deps.database.ping()),
        probe(() => deps.storage.ping()),
      ]);
      const ready = database === 'ok' && storage === 'ok';
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', database, storage });
    });
  };
}
