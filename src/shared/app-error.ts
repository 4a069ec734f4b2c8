/** Transport-neutral error kinds; HTTP and the bot each map them to a status or a message in one place. */
export type ErrorKind =
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'too_large'
  | 'limit'
  | 'upstream'
  | 'internal';

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor({
    kind,
    code,
    message,
    details,
    cause,
  }: { kind: ErrorKind; code: string; message: string; details?: Record<string, unknown>; cause?: unknown }) {
    super(message, { cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export function createInvalidError(code: string, message: string, details?: Record<string, unknown>): AppError {
  return new AppError({ kind: 'invalid', code, message, details });
}

export function createNotFoundError(code: string, message: string): AppError {
  return new AppError({ kind: 'not_found', code, message });
}

export function createConflictError(code: string, message: string, details?: Record<string, unknown>): AppError {
  return new AppError({ kind: 'conflict', code, message, details });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A part the app depends on (database, storage) is down: 503 with the reason, and when to try again. */
export function createUnavailableError(code: string, message: string, { cause }: { cause?: unknown } = {}): AppError {
  return new AppError({ kind: 'upstream', code, message, details: { retryAfterSeconds: 5 }, cause });
}
