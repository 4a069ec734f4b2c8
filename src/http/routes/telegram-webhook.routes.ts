import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Update } from 'grammy/types';
import type { AppDeps } from '../../app-deps.js';
import { AppError, createNotFoundError } from '../../shared/app-error.js';
import { constantTimeEqual } from '../../shared/constant-time.js';

/** Only the id is required here; the handlers read the rest through grammY's filters, which tolerate any shape. */
const UpdateBody = Type.Object({ update_id: Type.Integer({ minimum: 0 }) }, { additionalProperties: true });

/**
 * BOT-1: Telegram's webhook. The secret header is checked (constant time) before the body is read; the update_id is
 * claimed in the database, so a redelivery or another process's copy is dropped; the answer does not wait for the
 * image.
 */
export function telegramWebhookRoutes(deps: Pick<AppDeps, 'telegram'>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', async (request) => {
      const secret = deps.telegram?.webhookSecret;
      if (!secret) throw createNotFoundError('telegram.off', 'The Telegram webhook is not enabled on this server');
      const given = request.headers['x-telegram-bot-api-secret-token'];
      if (typeof given !== 'string' || !constantTimeEqual(given, secret))
        throw new AppError({
          kind: 'unauthenticated',
          code: 'telegram.bad_secret',
          message: 'Wrong or missing secret token',
        });
    });
    app.post('/api/telegram-webhook', { schema: { body: UpdateBody } }, async (request) => {
      // Safe: a Telegram-signed body (secret checked above) with a validated update_id; grammY reads it defensively.
      const accepted = await deps.telegram!.receiver.receive(request.body as Update);
      return { ok: true, duplicate: !accepted };
    });
  };
}
