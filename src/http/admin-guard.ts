import type { FastifyReply, FastifyRequest } from 'fastify';
import { isValidSession } from '../modules/admin-auth/admin-auth.usecases.js';
import { AppError } from '../shared/app-error.js';
import type { HttpDeps } from './http.deps.js';

export const SESSION_COOKIE = 'ps_admin';

/** CSRF defence (ADM-1): a state-changing admin request must come from our own origin. */
export function assertSameOrigin(request: FastifyRequest, publicUrl: string): void {
  const origin = request.headers.origin;
  const allowed = [new URL(publicUrl).origin, `${request.protocol}://${request.headers.host}`];
  if (!origin || !allowed.includes(origin)) {
    throw new AppError({
      kind: 'forbidden',
      code: 'auth.bad_origin',
      message: 'This request must come from the PromoStack admin page',
    });
  }
}

/** onRequest hook for every admin route: a valid session cookie, and the same origin for anything but reads. */
export function requireAdmin(deps: Pick<HttpDeps, 'adminAuth' | 'publicUrl'>) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!(await isValidSession(deps.adminAuth, request.cookies[SESSION_COOKIE]))) {
      throw new AppError({ kind: 'unauthenticated', code: 'auth.required', message: 'Log in to the admin first' });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') assertSameOrigin(request, deps.publicUrl);
  };
}
