import { createServer } from 'node:http';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerApiDocs } from './api-docs.js';
import { registerErrorHandler, sendClientError, sendFrameworkError } from './error-handler.js';
import type { HttpDeps } from './http.deps.js';
import { adminAuthRoutes } from './routes/admin-auth.routes.js';
import { adminCampaignsRoutes } from './routes/admin-campaigns.routes.js';
import { adminTemplatesRoutes } from './routes/admin-templates.routes.js';
import { analyticsRoutes } from './routes/analytics.routes.js';
import { broadcastsRoutes } from './routes/broadcasts.routes.js';
import { campaignsRoutes } from './routes/campaigns.routes.js';
import { couponsRoutes } from './routes/coupons.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { pagesRoutes } from './routes/pages.routes.js';
import { renderRoutes } from './routes/render.routes.js';
import { telegramWebhookRoutes } from './routes/telegram-webhook.routes.js';
import { templatesRoutes } from './routes/templates.routes.js';
import { usageRoutes } from './routes/usage.routes.js';

export interface HttpOptions {
  /** fastify's own logger (pino); omitted in tests. */
  logger?: FastifyBaseLogger;
  /** Root of the local storage folder, served under /files/ (fs storage only). */
  filesRoot?: string;
  /** The built front end (dist/web), served at `/`; omitted in API-only tests. */
  webRoot?: string;
  rateLimits?: {
    validatePerMinute: number;
    renderPerMinute: number;
    submitPerMinute?: number;
    /** `/api/validate-coupons` requests (up to 500 codes each) and the web's batch usage records. */
    batchPerMinute?: number;
  };
  /** Reverse proxies in front of the app whose X-Forwarded-For is trusted for client IPs (rate limits). */
  trustProxyHops?: number;
  /**
   * Slow clients cannot hold connections: headers must arrive within `headersMs`, a request whose connection goes
   * silent for `idleMs` is answered 408 (a body that stalls after its headers), and a request must arrive whole within
   * `requestMs` (a 40 MB upload needs ≈ 0.35 MB/s). Node checks the deadlines every `checkMs`.
   */
  timeouts?: { headersMs: number; idleMs: number; requestMs: number; keepAliveMs: number; checkMs: number };
}

const CONTENT_ADDRESSED = /-[0-9a-f]{12}(?:-thumb|-preview-\d+)?\.(?:png|jpg|webp)$/;
const DEFAULT_TIMEOUTS = {
  headersMs: 30_000,
  idleMs: 30_000,
  requestMs: 120_000,
  // Longer than a load balancer's idle timeout (DigitalOcean's is 60 s), so it never reuses a connection we close.
  keepAliveMs: 72_000,
  checkMs: 5_000,
};

/** Builds the whole HTTP app without listening; main.ts listens, tests use inject or a port. */
export async function buildHttpApp(deps: HttpDeps, options: HttpOptions = {}): Promise<FastifyInstance> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: 100 * 1024,
    requestIdHeader: 'x-request-id',
    // Trust exactly the configured number of proxy hops (the nearest ones), nothing a client could add itself.
    trustProxy: (_address: string, hop: number) => hop < (options.trustProxyHops ?? 0),
    return503OnClosing: true,
    // JSON bodies are taken as they are: a string is never an array of one, `true` never the number 1 (SPEC §13).
    // Unknown fields are dropped by the schemas (additionalProperties: false). Query strings are all strings here.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: true } },
    // Node's own server, with the deadlines above (Fastify cannot set how often Node checks them).
    serverFactory: (handler) => {
      const server = createServer(
        {
          headersTimeout: timeouts.headersMs,
          requestTimeout: timeouts.requestMs,
          connectionsCheckingInterval: timeouts.checkMs,
        },
        handler,
      );
      server.keepAliveTimeout = timeouts.keepAliveMs;
      return server;
    },
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: sendClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app, { isDatabaseOutage: (error) => deps.health.database.isOutage(error) });
  // While a request is in flight its connection may not sit silent for long: a body that stalls after its headers
  // gets a 408 and the connection is closed. Between requests the keep-alive timeout applies again.
  app.addHook('onRequest', async (request, reply) => {
    // (Injected test requests have no socket to watch.)
    request.raw.setTimeout?.(timeouts.idleMs, () => {
      if (reply.sent) return request.raw.socket?.destroy();
      reply
        .code(408)
        .header('connection', 'close')
        .send({ error: { code: 'request.timeout', message: 'The request stopped arriving; send it again' } });
    });
  });
  app.addHook('onResponse', async (request) => {
    request.raw.socket?.setTimeout?.(timeouts.keepAliveMs);
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Would break every asset when the app is reached over plain http (LAN, self-hosted); TLS is the proxy's job.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  // Text answers (JSON, pages, scripts, styles, CSV) go brotli or gzip, as the client accepts, with `Vary`; images and
  // fonts are compressed already and pass untouched (their types are not compressible).
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  if (deps.metrics) {
    const { observeWebhookAck } = deps.metrics;
    app.addHook('onResponse', async (request, reply) => {
      if (request.routeOptions.url === '/api/telegram-webhook') observeWebhookAck(reply.statusCode, reply.elapsedTime);
    });
  }
  await app.register(rateLimit, { global: false, store: deps.rateLimitStore });
  await app.register(cookie);
  await app.register(multipart);
  await registerApiDocs(app, { publicUrl: deps.publicUrl });

  const limits = options.rateLimits ?? { validatePerMinute: 30, renderPerMinute: 120 };
  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(templatesRoutes(deps));
  const batchesPerMinute = limits.batchPerMinute ?? 6;
  await app.register(couponsRoutes(deps, { perMinute: limits.validatePerMinute, batchesPerMinute }));
  await app.register(renderRoutes(deps, { perMinute: limits.renderPerMinute }));
  await app.register(usageRoutes(deps, { perMinute: limits.renderPerMinute }));
  await app.register(adminAuthRoutes(deps));
  await app.register(adminTemplatesRoutes(deps));
  await app.register(broadcastsRoutes(deps));
  await app.register(campaignsRoutes(deps, { submitsPerMinute: limits.submitPerMinute ?? 10 }));
  await app.register(adminCampaignsRoutes(deps));
  await app.register(analyticsRoutes(deps));
  await app.register(telegramWebhookRoutes(deps));

  if (options.filesRoot) {
    await app.register(fastifyStatic, {
      root: options.filesRoot,
      prefix: '/files/',
      decorateReply: false,
      index: false,
      dotfiles: 'deny',
      cacheControl: false,
      setHeaders: (res, path) => {
        res.header(
          'cache-control',
          CONTENT_ADDRESSED.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=60',
        );
      },
    });
  }
  if (options.webRoot) {
    await app.register(pagesRoutes(deps, { webRoot: options.webRoot }));
    await app.register(fastifyStatic, {
      root: options.webRoot,
      prefix: '/',
      decorateReply: false,
      dotfiles: 'deny',
      // `/admin` → `/admin/` (its index.html).
      redirect: true,
      cacheControl: false,
      setHeaders: (res, path) => {
        // Vite names assets by content hash; pages must be revalidated so a deploy shows at once.
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return app;
}
