import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { registerErrorHandler } from './error-handler.js';
import { adminAuthRoutes } from './routes/admin-auth.routes.js';
import { adminTemplatesRoutes } from './routes/admin-templates.routes.js';
import { couponsRoutes } from './routes/coupons.routes.js';
import { healthRoutes } from './routes/health.routes.js';
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
  rateLimits?: { validatePerMinute: number; renderPerMinute: number };
  /** Reverse proxies in front of the app whose X-Forwarded-For is trusted for client IPs (rate limits). */
  trustProxyHops?: number;
}

const CONTENT_ADDRESSED = /-[0-9a-f]{12}(?:-thumb)?\.(?:png|jpg|webp)$/;

/** Builds the whole HTTP app without listening; main.ts listens, tests use inject or a port. */
export async function buildHttpApp(deps: AppDeps, options: HttpOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: 100 * 1024,
    requestIdHeader: 'x-request-id',
    // Trust exactly the configured number of proxy hops (the nearest ones), nothing a client could add itself.
    trustProxy: (_address: string, hop: number) => hop < (options.trustProxyHops ?? 0),
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
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
  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(multipart);

  const limits = options.rateLimits ?? { validatePerMinute: 30, renderPerMinute: 120 };
  await app.register(healthRoutes(deps));
  await app.register(templatesRoutes(deps));
  await app.register(couponsRoutes(deps, { perMinute: limits.validatePerMinute }));
  await app.register(renderRoutes(deps, { perMinute: limits.renderPerMinute }));
  await app.register(usageRoutes(deps, { perMinute: limits.renderPerMinute }));
  await app.register(adminAuthRoutes(deps));
  await app.register(adminTemplatesRoutes(deps));
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
