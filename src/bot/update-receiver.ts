import type { Api, Bot } from 'grammy';
import type { Update } from 'grammy/types';
import pLimit from 'p-limit';
import type { TelegramRepository } from '../modules/telegram/telegram.repository.js';
import type { Logger } from '../shared/logger.js';
import { ALLOWED_UPDATES } from './bot.js';

export interface UpdateReceiver {
  /**
   * BOT-1: claims the update_id in the database (false: another delivery or process already has it), then handles it
   * in the background so the webhook can answer at once.
   */
  receive(update: Update): Promise<boolean>;
  /** Waits for every accepted update to be handled (shutdown, tests). */
  drain(): Promise<void>;
}

export function createUpdateReceiver({
  bot,
  telegramRepository,
  logger,
  concurrency = 16,
}: {
  bot: Pick<Bot, 'handleUpdate'>;
  telegramRepository: Pick<TelegramRepository, 'claimUpdate'>;
  logger: Logger;
  concurrency?: number;
}): UpdateReceiver {
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<void>>();
  return {
    async receive(update) {
      if (!(await telegramRepository.claimUpdate(update.update_id))) return false;
      const task: Promise<void> = limit(() => bot.handleUpdate(update))
        .catch((error: unknown) => logger.error({ err: error, updateId: update.update_id }, 'bot update failed'))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      return true;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * Development mode: long polling with the same receiver (and so the same dedup and handlers) as the webhook. Removes
 * any webhook first, as Telegram allows only one of the two.
 */
export function startPolling({
  api,
  receiver,
  logger,
  timeoutSeconds = 30,
}: {
  api: Api;
  receiver: UpdateReceiver;
  logger: Logger;
  timeoutSeconds?: number;
}): { stop(): Promise<void> } {
  const controller = new AbortController();
  const loop = (async () => {
    await api.deleteWebhook().catch((error: unknown) => logger.warn({ err: error }, 'deleteWebhook failed'));
    let offset = 0;
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const updates = await api.getUpdates(
          { offset, timeout: timeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
          // grammY types its signal with the abort-controller shim; Node's own AbortSignal is what it uses at runtime.
          controller.signal as unknown as Parameters<Api['getUpdates']>[1],
        );
        failures = 0;
        for (const update of updates) {
          await receiver.receive(update);
          offset = update.update_id + 1;
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        failures += 1;
        logger.warn({ err: error }, 'Telegram polling failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** failures)));
      }
    }
  })();
  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
