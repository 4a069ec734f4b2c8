import { type Api, type Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import pLimit from 'p-limit';
import type { TelegramRepository } from '../modules/telegram/telegram.repository.js';
import type { Logger } from '../shared/logger.js';
import { ALLOWED_UPDATES } from './bot.js';
import { describeUnreadableUpdate } from './telegram-update.schema.js';

export interface UpdateReceiver {
  /**
   * BOT-1: claims the update_id in the database (false: another delivery or process already has it), then handles it
   * in the background so the webhook can answer at once.
   */
  receive(update: Update): Promise<boolean>;
  /** Waits for every accepted update to be handled (shutdown, tests). */
  drain(): Promise<void>;
}

/**
 * Claims update_ids with at most one INSERT in flight: ids that arrive meanwhile wait and go together in the next one.
 * A burst of webhook calls then costs a few statements instead of one each, so acknowledgements stay fast.
 */
export function createClaimBatcher<T>(
  claimMany: (items: { id: number; payload: T }[]) => Promise<number[]>,
): (id: number, payload: T) => Promise<boolean> {
  let waiting: { id: number; payload: T; resolve: (claimed: boolean) => void; reject: (error: unknown) => void }[] = [];
  let flushing = false;
  const flush = async () => {
    flushing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const claimed = new Set(await claimMany(batch.map(({ id, payload }) => ({ id, payload }))));
        // The same id twice in one batch: the first caller has it.
        for (const item of batch) item.resolve(claimed.delete(item.id));
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    flushing = false;
  };
  return (id, payload) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ id, payload, resolve, reject });
      if (!flushing) void flush();
    });
}

export function createUpdateReceiver({
  bot,
  telegramRepository,
  logger,
  concurrency = 8,
  quietMs = 50,
  maxDeferMs = 2000,
  leaseSeconds = DEFAULT_UPDATE_LEASE_SECONDS,
}: {
  bot: Pick<Bot, 'handleUpdate'>;
  telegramRepository: Pick<TelegramRepository, 'claimUpdates' | 'markUpdatesHandled'>;
  logger: Logger;
  /** How long a claimed update may take before another process handles it instead (its own one died). */
  leaseSeconds?: number;
  concurrency?: number;
  /** Handling waits until no update has arrived for this long (or maxDeferMs have passed): answers go first. */
  quietMs?: number;
  maxDeferMs?: number;
}): UpdateReceiver {
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<void>>();
  const claim = createClaimBatcher<Update>((items) =>
    telegramRepository.claimUpdates(
      items.map(({ id, payload }) => ({ updateId: id, payload })),
      leaseSeconds,
    ),
  );
  const handled = (updateId: number, status: 'done' | 'failed' = 'done') =>
    telegramRepository
      .markUpdatesHandled([updateId], status)
      .catch((error: unknown) =>
        logger.warn({ err: error, updateId }, 'could not mark an update handled; a worker may handle it again'),
      );
  let claiming = 0;
  let lastArrival = 0;
  const chains = new Map<string, Promise<void>>();

  // Rendering and sending share the event loop with the webhook; while a burst of updates is arriving, Telegram's
  // connections wait for our answers, so handling is held back (bounded) until the arrivals pause.
  const afterArrivalsPause = async () => {
    const deadline = performance.now() + maxDeferMs;
    while ((claiming > 0 || performance.now() - lastArrival < quietMs) && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, quietMs));
  };

  return {
    async receive(update) {
      claiming += 1;
      lastArrival = performance.now();
      let claimed: boolean;
      try {
        claimed = await claim(update.update_id, update);
      } finally {
        claiming -= 1;
      }
      if (!claimed) return false;
      // Checked after the claim, so a redelivery of an update we could not read is not looked at twice.
      const unreadable = describeUnreadableUpdate(update);
      if (unreadable) {
        logger.warn(
          { updateId: update.update_id, problem: unreadable },
          'skipped an update in a shape the bot cannot read',
        );
        await handled(update.update_id, 'failed');
        return true;
      }
      // One chat's updates are handled in the order they arrived (a code must not overtake the /start before it).
      const chat = chatKeyOf(update);
      const previous = chains.get(chat) ?? Promise.resolve();
      const task: Promise<void> = previous
        .then(() =>
          limit(async () => {
            await afterArrivalsPause();
            await bot.handleUpdate(update);
          }),
        )
        .then(() => handled(update.update_id))
        // The bot's error boundary handles failures; this only sees one in the boundary itself. A BotError carries
        // grammY's context (and the token in it): only the error inside is logged.
        .catch((error: unknown) =>
          logger.error(
            { err: error instanceof BotError ? error.error : error, updateId: update.update_id },
            'bot update failed',
          ),
        )
        .finally(() => {
          inFlight.delete(task);
          if (chains.get(chat) === task) chains.delete(chat);
        });
      chains.set(chat, task);
      inFlight.add(task);
      return true;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** A claimed update not handled within this is handled again by a worker (its process died after the ack). */
export const DEFAULT_UPDATE_LEASE_SECONDS = 120;

/**
 * OPS-6: the worker's side of the inbox. Updates another process acknowledged but never finished (it died) are taken
 * over once their lease runs out and handled here; one that has already been tried `maxAttempts` times is given up
 * (logged), so a poisonous update cannot loop forever. Returns how many were handled.
 */
export async function rehandleStaleUpdates({
  bot,
  telegramRepository,
  logger,
  leaseSeconds = DEFAULT_UPDATE_LEASE_SECONDS,
  maxAttempts = 3,
  limit = 50,
}: {
  bot: Pick<Bot, 'handleUpdate'>;
  telegramRepository: Pick<TelegramRepository, 'takeOverStaleUpdates' | 'markUpdatesHandled'>;
  logger: Logger;
  leaseSeconds?: number;
  maxAttempts?: number;
  limit?: number;
}): Promise<number> {
  const stale = await telegramRepository.takeOverStaleUpdates({ limit, leaseSeconds });
  let handledCount = 0;
  for (const { updateId, payload, attempts } of stale) {
    if (attempts > maxAttempts || payload === null || typeof payload !== 'object') {
      logger.error({ updateId, attempts }, 'gave up on a Telegram update after its handling failed repeatedly');
      await telegramRepository.markUpdatesHandled([updateId], 'failed');
      continue;
    }
    logger.warn({ updateId, attempts }, 'handling a Telegram update its first process did not finish');
    try {
      await bot.handleUpdate(payload as Update);
      handledCount += 1;
    } catch (error) {
      logger.error({ err: error instanceof BotError ? error.error : error, updateId }, 'bot update failed');
    }
    await telegramRepository.markUpdatesHandled([updateId]);
  }
  return handledCount;
}

function chatKeyOf(update: Update): string {
  const chat =
    update.message?.chat ??
    update.channel_post?.chat ??
    update.callback_query?.message?.chat ??
    update.my_chat_member?.chat;
  return chat ? `chat:${chat.id}` : `update:${update.update_id}`;
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
