import type { Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import pRetry from 'p-retry';
import type { Logger } from '../shared/logger.js';
import { ALLOWED_UPDATES, BOT_COMMAND_MENU } from './bot.js';
import { startPolling, type UpdateReceiver } from './update-receiver.js';

const retry = <T>(run: () => Promise<T>) => pRetry(run, { retries: 4, minTimeout: 500, maxTimeout: 5000 });

/** The bot's identity (getMe), retried briefly: Telegram may be slow while the app boots. */
export function fetchBotInfo(api: Api): Promise<UserFromGetMe> {
  return retry(() => api.getMe());
}

/**
 * BOT-1 at start: in webhook mode `setWebhook` (with the secret and the update kinds we handle) — every instance may
 * do this, it is idempotent — or long polling in development; the command menu in both.
 */
export async function startBotDelivery({
  api,
  mode,
  publicUrl,
  webhookSecret,
  receiver,
  logger,
}: {
  api: Api;
  mode: 'webhook' | 'polling';
  publicUrl: string;
  webhookSecret: string | undefined;
  receiver: UpdateReceiver;
  logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  await retry(() => api.setMyCommands(BOT_COMMAND_MENU));
  if (mode === 'polling') {
    logger.info('Telegram bot: long polling');
    return startPolling({ api, receiver, logger });
  }
  const url = `${publicUrl}/api/telegram-webhook`;
  await retry(() =>
    api.setWebhook(url, { secret_token: webhookSecret, allowed_updates: [...ALLOWED_UPDATES], max_connections: 40 }),
  );
  logger.info({ url }, 'Telegram bot: webhook set');
  return { stop: async () => undefined };
}
