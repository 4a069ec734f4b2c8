import type { FastifyError, FastifyInstance } from 'fastify';
import { type ErrorKind, isAppError } from '../shared/app-error.js';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  unauthenticated: 401,
  forbidden: 403,
  limit: 429,
  upstream: 503,
  internal: 500,
};

const MESSAGES_BY_FASTIFY_CODE: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['request.malformed_json', 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['request.malformed_json', 'The request body is empty but declared as JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['request.too_large', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['request.unsupported_media_type', 'Unsupported content type'],
};

/** The one place errors become HTTP answers: `{error: {code, message}}`, never a stack or an internal message. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      const status = STATUS_BY_KIND[error.kind];
      const details = error.details && error.kind !== 'internal' ? error.details : undefined;
      return reply.status(status).send({ error: { code: error.code, message: error.message, ...details } });
    }
    if (error.validation) {
      return reply.status(400).send({ error: { code: 'request.invalid', message: error.message } });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply
        .status(429)
        .send({ error: { code: 'rate_limited', message: error.message || 'Too many requests; try again later' } });
    }
    if (status >= 400 && status < 500) {
      const [code, message] = MESSAGES_BY_FASTIFY_CODE[error.code] ?? ['request.invalid', error.message];
      return reply.status(status).send({ error: { code, message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side' } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'route.not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` },
    }),
  );
}
