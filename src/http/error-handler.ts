import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorKind, isAppError } from '../shared/app-error.js';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  unauthenticated: 401,
  forbidden: 403,
  too_large: 413,
  limit: 429,
  upstream: 503,
  internal: 500,
};

const MESSAGES_BY_FASTIFY_CODE: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['request.malformed_json', 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['request.malformed_json', 'The request body is empty but declared as JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['request.too_large', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['request.unsupported_media_type', 'Unsupported content type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['request.invalid', 'The Content-Length does not match the body'],
  FST_ERR_BAD_URL: ['request.bad_url', 'The URL is malformed'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['request.invalid', 'Send the form as multipart/form-data'],
};

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** The one place errors become HTTP answers: `{error: {code, message}}`, never a stack or an internal message. */
export function registerErrorHandler(
  app: FastifyInstance,
  { isDatabaseOutage }: { isDatabaseOutage(error: unknown): boolean },
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      const status = STATUS_BY_KIND[error.kind];
      const { retryAfterSeconds, ...details } = error.details && error.kind !== 'internal' ? error.details : {};
      if (typeof retryAfterSeconds === 'number') reply.header('retry-after', String(retryAfterSeconds));
      return reply.status(status).send({ error: { code: error.code, message: error.message, ...details } });
    }
    if (error.validation) {
      return reply.status(400).send(errorBody('request.invalid', error.message));
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply.status(429).send(errorBody('rate_limited', error.message || 'Too many requests; try again later'));
    }
    if (status >= 400 && status < 500) {
      const [code, message] = MESSAGES_BY_FASTIFY_CODE[error.code] ?? ['request.invalid', error.message];
      return reply.status(status).send(errorBody(code, message));
    }
    if (isDatabaseOutage(error)) {
      // Not a bug: the database is down or restarting. Said plainly, with when to try again; the pool reconnects.
      request.log.warn({ reason: error.message }, 'database unavailable');
      reply.header('retry-after', '5');
      return reply
        .status(503)
        .send(
          errorBody('service.database_unavailable', 'The database is unavailable right now; try again in a moment'),
        );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal', 'Something went wrong on our side'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('route.not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/** Errors Fastify raises before routing (a malformed URL such as `/api/templates/%`), in the same shape. */
export function sendFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const [code, message] = MESSAGES_BY_FASTIFY_CODE[error.code] ?? ['request.invalid', 'The request is malformed'];
  return reply
    .status(error.statusCode && error.statusCode < 500 ? error.statusCode : 400)
    .send(errorBody(code, message));
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers over the limit, broken framing): answered
 * on the raw socket, in the same `{error}` shape, then the connection is closed.
 */
export function sendClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const [status, reason, code, message] = tooLarge
    ? [431, 'Request Header Fields Too Large', 'request.headers_too_large', 'The request headers are too large']
    : timedOut
      ? [408, 'Request Timeout', 'request.timeout', 'The request took too long to arrive']
      : [400, 'Bad Request', 'request.malformed', 'The request is malformed'];
  const body = JSON.stringify(errorBody(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
