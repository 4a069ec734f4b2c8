import type { JobEngine } from '../adapters/jobs/job-engine.types.js';
import { runBroadcastSlice } from '../modules/broadcasts/broadcast-sender.usecases.js';
import type { BroadcastSenderDeps } from '../modules/broadcasts/broadcasts.types.js';
import {
  type InlinePhotoCache,
  type InlinePhotoCacheJob,
  parseInlinePhotoCacheJob,
} from '../modules/telegram/inline-photo-cache.usecases.js';
import type { TelegramRepository } from '../modules/telegram/telegram.repository.js';
import { backfillPreviews } from '../modules/templates/template-previews.usecases.js';
import type { TemplatesDeps } from '../modules/templates/templates.usecases.js';
import type { Logger } from '../shared/logger.js';

/** The job front door's queues. `broadcasts` holds "send what is unfinished" ticks: one waiting, one running. */
export const QUEUES = {
  broadcasts: 'broadcasts',
  housekeeping: 'housekeeping',
  templatePreviews: 'template-previews',
  telegramInbox: 'telegram-inbox',
  inlinePhotoCache: 'inline-photo-cache',
} as const;

/**
 * One upload per cache key per this many seconds, across every process: a result reported twice, or by two users at
 * once, is one job. A later job for the key finds its file_id and uploads nothing.
 */
export const INLINE_PHOTO_CACHE_SLOT_SECONDS = 300;

/** The bot's side (any process): asks the worker to give a chosen inline photo its file_id. null: already asked. */
export function sendInlinePhotoCacheJob(engine: Pick<JobEngine, 'send'>, job: InlinePhotoCacheJob) {
  return engine.send(
    QUEUES.inlinePhotoCache,
    { ...job },
    { singletonKey: job.key, singletonSeconds: INLINE_PHOTO_CACHE_SLOT_SECONDS },
  );
}

export interface WorkerTiming {
  /** How long one job sends before it hands over to the next (which may run in another process). */
  sliceSeconds: number;
  /** A slice still running after this long is taken to be lost with its process, and is run again elsewhere. */
  expireSeconds: number;
}

/**
 * BROADCAST_LEASE_SECONDS → the worker's timing: a slice sends for 40 % of the lease, its last sends may take another
 * 30 %, and a slice still running after the whole lease is taken to be lost. A lost broadcast resumes after about
 * the lease plus the engine's maintenance interval (a quarter of the lease, at most 15 s).
 */
export function workerTimingFor(leaseSeconds: number): WorkerTiming & { maintenanceSeconds: number } {
  return {
    sliceSeconds: Math.max(1, Math.floor(leaseSeconds * 0.4)),
    expireSeconds: leaseSeconds,
    maintenanceSeconds: Math.max(1, Math.min(15, Math.floor(leaseSeconds / 4))),
  };
}

export interface WorkerDeps {
  engine: JobEngine;
  /** null when no bot token is configured: broadcasts cannot be sent, and none can be created. */
  broadcasts: BroadcastSenderDeps | null;
  telegramRepository: Pick<TelegramRepository, 'forgetUpdatesBefore' | 'forgetConversationsExpiredBy'>;
  /** For the display-size previews of templates stored before previews existed. */
  templates: TemplatesDeps;
  /**
   * Telegram updates acknowledged by a process that died before handling them: handled here once their lease runs out
   * (null when the bot is off). `leaseSeconds` is how often to look.
   */
  telegramInbox: { rehandle(): Promise<number>; leaseSeconds: number } | null;
  /** TELEGRAM_CACHE_CHAT_ID set (and a bot token): chosen inline photos get their file_id here. */
  inlinePhotoCache: InlinePhotoCache | null;
  logger: Logger;
  now?: () => Date;
  timing?: WorkerTiming;
}

/**
 * OPS-6: work that outlives a request, on the job engine. Started by `npm start` beside the web server, or alone by
 * `npm run worker`; any number of workers may run on one database, and a broadcast is sent by one at a time.
 */
export function createWorker(deps: WorkerDeps) {
  const { engine, logger } = deps;
  const timing = deps.timing ?? workerTimingFor(60);
  const now = deps.now ?? (() => new Date());
  const stopping = new AbortController();

  async function sendBroadcasts(): Promise<void> {
    if (!deps.broadcasts || stopping.signal.aborted) return;
    const { more } = await runBroadcastSlice(deps.broadcasts, {
      budgetMs: timing.sliceSeconds * 1000,
      inFlightLimitMs: timing.expireSeconds * 300,
      signal: stopping.signal,
    });
    // The next slice is queued while this one still runs: the queue holds one waiting job, which any worker takes.
    if (more) await engine.send(QUEUES.broadcasts);
  }

  /** Dedup ids past Telegram's 24 h redelivery window (kept 48 h), and expired conversations. */
  async function sweep(): Promise<void> {
    await deps.telegramRepository.forgetUpdatesBefore(new Date(now().getTime() - 48 * 60 * 60 * 1000));
    await deps.telegramRepository.forgetConversationsExpiredBy(now());
  }

  /** Looks again after half a lease (and once a minute in any case), so a lost update waits at most ~1.5 leases. */
  async function rehandleTelegramUpdates(): Promise<void> {
    if (!deps.telegramInbox || stopping.signal.aborted) return;
    await deps.telegramInbox.rehandle();
    await engine.send(QUEUES.telegramInbox, {}, { startAfterSeconds: Math.ceil(deps.telegramInbox.leaseSeconds / 2) });
  }

  /** Once after each start, by one worker: a shutdown stops it between images, and the next start does the rest. */
  async function makeMissingPreviews(): Promise<void> {
    const report = await backfillPreviews(deps.templates, { signal: stopping.signal });
    if (report.made.length > 0 || report.failed.length > 0) logger.info(report, 'made the missing template previews');
  }

  /** A refusal or a vanished template completes the job (logged); a network failure or 5xx throws and is retried. */
  async function cacheInlinePhoto({ data }: { data: unknown }): Promise<void> {
    const job = parseInlinePhotoCacheJob(data);
    if (!deps.inlinePhotoCache || !job) return void logger.warn({ data }, 'inline photo cache job without a photo');
    const outcome = await deps.inlinePhotoCache.fill(job);
    logger.debug({ slug: job.slug, variant: job.variant, outcome }, 'inline photo cache job');
  }

  return {
    async start(): Promise<void> {
      await engine.defineQueue({
        name: QUEUES.broadcasts,
        policy: 'stately',
        expireInSeconds: timing.expireSeconds,
        retryLimit: 1000,
        retryDelaySeconds: 1,
      });
      await engine.defineQueue({
        name: QUEUES.housekeeping,
        policy: 'stately',
        expireInSeconds: 600,
        retryLimit: 2,
        retryDelaySeconds: 60,
      });
      await engine.defineQueue({
        name: QUEUES.templatePreviews,
        policy: 'stately',
        expireInSeconds: 900,
        retryLimit: 2,
        retryDelaySeconds: 60,
      });
      await engine.work(QUEUES.broadcasts, sendBroadcasts);
      await engine.work(QUEUES.housekeeping, sweep);
      await engine.defineQueue({
        name: QUEUES.telegramInbox,
        policy: 'stately',
        expireInSeconds: 600,
        retryLimit: 5,
        retryDelaySeconds: 5,
      });
      // Defined by every worker so the bot can queue uploads whichever process starts first; worked where configured.
      await engine.defineQueue({
        name: QUEUES.inlinePhotoCache,
        policy: 'standard',
        expireInSeconds: 300,
        retryLimit: 3,
        retryDelaySeconds: 30,
      });
      await engine.work(QUEUES.templatePreviews, makeMissingPreviews);
      if (deps.inlinePhotoCache) await engine.work(QUEUES.inlinePhotoCache, cacheInlinePhoto);
      await engine.work(QUEUES.telegramInbox, rehandleTelegramUpdates);
      // Once a minute in case a wake-up was lost; hourly housekeeping. Both run once across all workers.
      await engine.schedule(QUEUES.broadcasts, '* * * * *');
      await engine.schedule(QUEUES.housekeeping, '17 * * * *');
      if (deps.telegramInbox) await engine.schedule(QUEUES.telegramInbox, '* * * * *');
      // Anything left unfinished by a worker that stopped resumes now.
      await engine.send(QUEUES.broadcasts);
      await engine.send(QUEUES.templatePreviews);
      if (deps.telegramInbox) await engine.send(QUEUES.telegramInbox);
      logger.info(
        `worker started: broadcasts, housekeeping, template previews, Telegram inbox${deps.inlinePhotoCache ? ', inline photo cache' : ''}`,
      );
    },
    /**
     * SIGTERM: the slice in flight stops sending and its last sends are answered; the engine's own stop (by whoever
     * started it) then waits for the handler and hands its job back.
     */
    stop(): void {
      stopping.abort();
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;
