import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { logIn, logOut, logOutEverywhere, SESSION_HOURS } from '../../modules/admin-auth/admin-auth.usecases.js';
import { assertSameOrigin, requireAdmin, SESSION_COOKIE } from '../admin-guard.js';
import type { HttpDeps } from '../http.deps.js';
import { AuthState, LoggedIn, LoginBody } from '../schemas/admin.schemas.js';
import { answers } from '../schemas/common.schemas.js';

/** ADM-1: login, logout, log out everywhere, check-auth. */
export function adminAuthRoutes(deps: Pick<HttpDeps, 'adminAuth' | 'publicUrl'>): FastifyPluginAsyncTypebox {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.publicUrl.startsWith('https:'),
  };
  const tags = ['admin'];
  return async (app) => {
    app.post(
      '/api/login',
      { schema: { summary: 'Log in to the admin', tags, body: LoginBody, response: answers({ 200: LoggedIn }) } },
      async (request, reply) => {
        assertSameOrigin(request, deps.publicUrl);
        const session = await logIn(deps.adminAuth, { ip: request.ip, password: request.body.password });
        reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_HOURS * 3600 });
        return { authenticated: true as const, expiresAt: session.expiresAt.toISOString() };
      },
    );

    app.post(
      '/api/logout',
      {
        schema: { summary: 'Log out (this session ends on every server)', tags, response: answers({ 200: AuthState }) },
      },
      async (request, reply) => {
        assertSameOrigin(request, deps.publicUrl);
        await logOut(deps.adminAuth, request.cookies[SESSION_COOKIE]);
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { authenticated: false };
      },
    );

    app.post(
      '/api/logout-everywhere',
      {
        onRequest: requireAdmin(deps),
        schema: { summary: 'End every admin session', tags, response: answers({ 200: AuthState }) },
      },
      async (_request, reply) => {
        await logOutEverywhere(deps.adminAuth);
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { authenticated: false };
      },
    );

    app.get(
      '/api/check-auth',
      {
        onRequest: requireAdmin(deps),
        schema: { summary: 'Is this browser logged in?', tags, response: answers({ 200: AuthState }) },
      },
      async () => ({ authenticated: true }),
    );
  };
}
