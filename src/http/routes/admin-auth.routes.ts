import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.js';
import { logIn, logOutEverywhere, SESSION_HOURS } from '../../modules/admin-auth/admin-auth.usecases.js';
import { assertSameOrigin, requireAdmin, SESSION_COOKIE } from '../admin-guard.js';

/** ADM-1: login, logout, log out everywhere, check-auth. */
export function adminAuthRoutes(deps: Pick<AppDeps, 'adminAuth' | 'settings'>): FastifyPluginAsyncTypebox {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.settings.publicUrl.startsWith('https:'),
  };
  return async (app) => {
    app.post(
      '/api/login',
      { schema: { body: Type.Object({ password: Type.String({ maxLength: 1000 }) }) } },
      async (request, reply) => {
        assertSameOrigin(request, deps.settings.publicUrl);
        const session = await logIn(deps.adminAuth, { ip: request.ip, password: request.body.password });
        reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_HOURS * 3600 });
        return { authenticated: true, expiresAt: session.expiresAt.toISOString() };
      },
    );

    app.post('/api/logout', async (request, reply) => {
      assertSameOrigin(request, deps.settings.publicUrl);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { authenticated: false };
    });

    app.post('/api/logout-everywhere', { onRequest: requireAdmin(deps) }, async (_request, reply) => {
      await logOutEverywhere(deps.adminAuth);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { authenticated: false };
    });

    app.get('/api/check-auth', { onRequest: requireAdmin(deps) }, async () => ({ authenticated: true }));
  };
}
