import { createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/app-error.js';
import { constantTimeEqual } from '../../shared/constant-time.js';
import type { AdminAuthRepository } from './admin-auth.repository.js';

export const SESSION_HOURS = 12;
const FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;

export interface AdminAuthDeps {
  adminAuthRepository: AdminAuthRepository;
  /** SESSION_SECRET: signs cookies; never the password. */
  sessionSecret: string;
  adminPassword: string;
  now: () => Date;
}

interface SessionClaims {
  /** Random: what "Log out" revokes. */
  sessionId: string;
  issuedAt: number;
  expiresAt: number;
  sessionEpoch: number;
}

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest();

export function signSession(secret: string, claims: SessionClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

function readSession(secret: string, token: string): SessionClaims | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  if (!constantTimeEqual(signature, mac(secret, payload).toString('base64url'))) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<SessionClaims>;
    const valid =
      [claims.issuedAt, claims.expiresAt, claims.sessionEpoch].every((n) => Number.isInteger(n)) &&
      typeof claims.sessionId === 'string' &&
      /^[\w-]{16,64}$/.test(claims.sessionId);
    return valid ? (claims as SessionClaims) : null;
  } catch {
    return null;
  }
}

const tooManyAttempts = () =>
  new AppError({
    kind: 'limit',
    code: 'auth.too_many_attempts',
    message: 'Too many failed logins from here; try again in 15 minutes',
    details: { retryAfterSeconds: FAILURE_WINDOW_MS / 1000 },
  });

/**
 * ADM-1: constant-time password check, at most 5 failures per IP per 15 minutes (counted across processes; a success
 * does not reset the count, and while limited even the right password is refused). Returns the cookie value.
 */
export async function logIn(deps: AdminAuthDeps, { ip, password }: { ip: string; password: string }) {
  const now = deps.now();
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  if ((await deps.adminAuthRepository.countFailuresSince({ ip, since })) >= MAX_FAILURES) throw tooManyAttempts();
  if (!constantTimeEqual(password, deps.adminPassword)) {
    await deps.adminAuthRepository.recordFailure({ ip, at: now });
    await deps.adminAuthRepository.pruneFailures(new Date(now.getTime() - 24 * 3600_000));
    throw new AppError({ kind: 'unauthenticated', code: 'auth.wrong_password', message: 'Wrong password' });
  }
  const issuedAt = now.getTime();
  const expiresAt = issuedAt + SESSION_HOURS * 3600_000;
  const sessionEpoch = await deps.adminAuthRepository.currentEpoch();
  const sessionId = randomBytes(18).toString('base64url');
  return {
    token: signSession(deps.sessionSecret, { sessionId, issuedAt, expiresAt, sessionEpoch }),
    expiresAt: new Date(expiresAt),
  };
}

/** The session of a cookie that is ours and unexpired (not yet checked against revocations). */
function liveClaims(deps: AdminAuthDeps, token: string | undefined): SessionClaims | null {
  if (!token || token.length > 1000) return null;
  const claims = readSession(deps.sessionSecret, token);
  if (!claims) return null;
  const now = deps.now().getTime();
  return claims.expiresAt <= now || claims.issuedAt > now + 60_000 ? null : claims;
}

/** True when the cookie is ours, unexpired, from the current epoch and not logged out. */
export async function isValidSession(deps: AdminAuthDeps, token: string | undefined): Promise<boolean> {
  const claims = liveClaims(deps, token);
  if (!claims) return false;
  if (claims.sessionEpoch !== (await deps.adminAuthRepository.currentEpoch())) return false;
  return !(await deps.adminAuthRepository.isRevoked(claims.sessionId));
}

/** ADM-1 "Log out": the cookie stops working everywhere, not only in this browser. */
export async function logOut(deps: AdminAuthDeps, token: string | undefined): Promise<void> {
  const claims = liveClaims(deps, token);
  if (!claims) return;
  await deps.adminAuthRepository.revokeSession({
    sessionId: claims.sessionId,
    expiresAt: new Date(claims.expiresAt),
    now: deps.now(),
  });
}

export async function logOutEverywhere(deps: AdminAuthDeps): Promise<void> {
  await deps.adminAuthRepository.bumpEpoch();
}
