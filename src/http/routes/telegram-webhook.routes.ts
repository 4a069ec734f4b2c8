import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Update } from 'grammy/types';
import { AppError, createNotFoundError } from '../../shared/app-error.js';
import { constantTimeEqual } from '../../shared/constant-time.js';
import type { HttpDeps } from '../http.deps.js';
import { answers } from '../schemas/common.schemas.js';
import { WebhookAnswer, WebhookUpdate } from '../schemas/telegram.schemas.js';

/**
 * BOT-1: Telegram's webhook. The secret header is checked (constant time) before the body is read; the update_id is
 * claimed in the database, so a redelivery or another process's copy is dropped; the answer does not wait for the
 * image.
 */
export function telegramWebhookRoutes(deps: Pick<HttpDeps, 'telegramWebhook'>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', async (request) => {
      const secret = deps.telegramWebhook?.secret;
      if (!secret) throw createNotFoundError('telegram.off', 'The Telegram webhook is not enabled on this server');
      const given = request.headers['x-telegram-bot-api-secret-token'];
      if (typeof given !== 'string' || !constantTimeEqual(given, secret))
        throw new AppError({
          kind: 'unauthenticated',
          code: 'telegram.bad_secret',
          message: 'Wrong or missing secret token',
        });
    });
    app.post(
      '/api/telegram-webhook',
      {
        // The ack path does nothing it does not need (every webhook call pays for it while Telegram waits): the answer
        // is a few bytes (never worth compressing), Telegram sends plain JSON, and browser security headers mean
        // nothing to its servers (helmet builds them anew for every request: ~7 % of an ack's main-thread time).
        compress: false,
        decompress: false,
        helmet: false,
        schema: {
          summary: 'Telegram delivers bot updates here',
          description: 'Called by Telegram with the X-Telegram-Bot-Api-Secret-Token header set at setWebhook.',
          tags: ['telegram'],
          body: WebhookUpdate,
          response: answers({ 200: WebhookAnswer }),
        },
      },
      async (request) => {
        // The receiver checks the shape of everything it reads before the bot sees the update.
        const accepted = await deps.telegramWebhook!.receiver.receive(request.body as Update);
        return { ok: true as const, duplicate: !accepted };
      },
    );
  };
}
