import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import { TelegramCallError } from '../telegram/telegram-gateway.types.js';
import { createSendGate } from './broadcast-pacer.js';
import { decideAfterFailure, type SendFailure } from './broadcasts.models.js';
import type { PendingDelivery } from './broadcasts.repository.js';
import type { BroadcastSenderDeps } from './broadcasts.types.js';

/** How often a running sender looks for a cancel. */
const CANCEL_CHECK_MS = 250;
/** On shutdown, sends in flight get this long to be answered before they are cut off. */
const SHUTDOWN_GRACE_MS = 2500;
const INTERRUPTED = 'Interrupted while sending (the worker was stopping): it may have arrived; not sent again';

export interface SliceResult {
  /** Work is left (this broadcast's, or another's): the caller queues the next slice. */
  more: boolean;
}

/**
 * BRD-2/3: sends the oldest unfinished broadcast for up to `budgetMs`, paced at `rate` a second (`createPacer`; retries
 * included), then stops cleanly: nothing new starts, sends in flight are answered (or cut off on shutdown). Each
 * recipient is claimed just before its send and settled just after, so progress is committed per delivery and
 * whoever resumes — this process or another — never sends a settled recipient again. Only one slice runs at a time
 * across all processes (the job engine's queue sees to it).
 */
export async function runBroadcastSlice(
  deps: BroadcastSenderDeps,
  {
    budgetMs,
    inFlightLimitMs,
    signal,
  }: {
    budgetMs: number;
    /** After the budget, how long sends still out are waited for before they are cut off (Telegram stalling). */
    inFlightLimitMs: number;
    signal: AbortSignal;
  },
): Promise<SliceResult> {
  const { broadcastsRepository: repository, clock, logger } = deps;
  const broadcast = await repository.nextUnfinished();
  if (!broadcast) return { more: false };
  const { id } = broadcast;
  const claim = randomUUID();
  await repository.markRunning(id);
  logger.info({ broadcastId: id }, 'broadcast slice started');
  const abandoned = await repository.settleAbandoned(id, claim);
  if (abandoned > 0)
    logger.warn({ broadcastId: id, abandoned }, 'broadcast resumed: sends left in flight are not repeated');

  const gate = createSendGate({ rate: deps.rate, clock, maxInFlight: deps.maxInFlight });
  // Twice the sends in flight: the next recipients' claims overlap the sends out.
  const concurrency = 2 * gate.maxInFlight;
  let photoFileId = broadcast.photoFileId;
  let photoBytes: Buffer | null = null;
  // Until Telegram has the photo, one send at a time: the first upload's file_id serves every other recipient.
  // The queue bounds the deliveries under way (claim, send, settle); the gate bounds and paces the Telegram calls.
  const queue = new PQueue({ concurrency: broadcast.image && !photoFileId ? 1 : concurrency });
  const { promise: stopped, dispose: forgetStop } = aborted(signal);
  const inFlight = new AbortController();
  // Each delivery under way listens on it (and stops listening when it settles): up to `concurrency` at once, more than
  // Node's default of 10 that it would otherwise warn about as a leak.
  setMaxListeners(concurrency + 1, inFlight.signal);
  const queued = new Set<number>();
  let stopping = false;
  // For the slice's log line: sends made, and the time spent recording them (claim + settle).
  const stats = { sends: 0, recordingMs: 0 };
  const recording = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = clock.now();
    try {
      return await work();
    } finally {
      stats.recordingMs += clock.now() - started;
    }
  };

  async function send(chatId: number, signal: AbortSignal): Promise<void> {
    const { html, image } = broadcast!;
    if (!image) return deps.gateway.sendText({ chatId, html, signal });
    if (photoFileId) {
      await deps.gateway.sendPhoto({
        chatId,
        photo: { fileId: photoFileId },
        captionHtml: html,
        signal,
      });
      return;
    }
    photoBytes ??= (await deps.storage.get(image.key))?.body ?? null;
    if (!photoBytes) throw new Error(`the broadcast image ${image.key} is missing from storage`);
    const filename = `broadcast-${id}.${image.key.endsWith('.png') ? 'png' : 'jpg'}`;
    const sent = await deps.gateway.sendPhoto({
      chatId,
      photo: { upload: photoBytes, filename },
      captionHtml: html,
      signal,
    });
    photoFileId = sent.fileId;
    await repository.setPhotoFileId(id, sent.fileId);
    queue.concurrency = concurrency;
  }

  async function deliver({ chatId, attempts }: PendingDelivery): Promise<void> {
    if (stopping || !(await recording(() => repository.claim({ id, chatId, claim })))) return;
    // One signal per send, tied to the slice's: the HTTP client's listeners go with it, not onto the shared one.
    const own = new AbortController();
    const cutOff = () => own.abort();
    inFlight.signal.addEventListener('abort', cutOff, { once: true });
    try {
      // On shutdown nobody waits for a turn to send: the recipient goes back as it was.
      const result = await gate.run(
        () => {
          stats.sends++;
          return send(chatId, own.signal);
        },
        { stopped, cancelled: () => stopping || signal.aborted },
      );
      if (!result.sent) {
        // Claimed but not sent when the slice ended: back to the queue as it was, for the next slice.
        await recording(() =>
          repository.settle({ id, chatId, claim, outcome: { status: 'pending', attempts, error: null, retryInMs: 0 } }),
        );
        return;
      }
      await recording(() => repository.settle({ id, chatId, claim, outcome: { status: 'sent' } }));
    } catch (error) {
      await recording(() => settleFailure(chatId, attempts + 1, error));
    } finally {
      inFlight.signal.removeEventListener('abort', cutOff);
    }
  }

  async function settleFailure(chatId: number, attempts: number, error: unknown): Promise<void> {
    if (inFlight.signal.aborted) {
      await repository.settle({ id, chatId, claim, outcome: { status: 'failed', attempts, error: INTERRUPTED } });
      return;
    }
    const failure = toFailure(error);
    const decision = decideAfterFailure(failure, attempts);
    const { description } = failure;
    if (decision.outcome === 'wait')
      await repository.settle({
        id,
        chatId,
        claim,
        // A rate limit is not a try.
        outcome: { status: 'pending', attempts: attempts - 1, error: description, retryInMs: decision.afterMs },
      });
    else if (decision.outcome === 'retry')
      await repository.settle({
        id,
        chatId,
        claim,
        outcome: { status: 'pending', attempts, error: description, retryInMs: decision.afterMs },
      });
    else if (decision.outcome === 'blocked') {
      await repository.settle({ id, chatId, claim, outcome: { status: 'blocked', attempts, error: description } });
      await deps.botUsersRepository.setBlocked({ chatId, blocked: true });
    } else {
      logger.warn({ broadcastId: id, chatId, error: description }, 'broadcast message failed after its last try');
      await repository.settle({ id, chatId, claim, outcome: { status: 'failed', attempts, error: description } });
    }
  }

  const started = clock.now();
  let lastCancelCheck = Number.NEGATIVE_INFINITY;
  const pause = (ms: number) => Promise.race([clock.sleep(ms), stopped]);
  try {
    while (!signal.aborted && clock.now() - started < budgetMs) {
      if (clock.now() - lastCancelCheck >= CANCEL_CHECK_MS) {
        lastCancelCheck = clock.now();
        // Cancelled (or finished by an admin's cancel racing the last sends): on to the next broadcast, if any.
        if ((await repository.status(id)) !== 'running') return { more: (await repository.nextUnfinished()) !== null };
      }
      // Keep about a second of sends queued: enough to hold the pace, little to drop when stopping.
      if (queue.size >= deps.rate) {
        await Promise.race([queue.onSizeLessThan(deps.rate), pause(CANCEL_CHECK_MS)]);
        continue;
      }
      const due = (await repository.due(id, 2 * deps.rate + queued.size)).filter((row) => !queued.has(row.chatId));
      if (due.length === 0) {
        if (queued.size > 0) {
          await Promise.race([queue.onIdle(), pause(100)]);
          continue;
        }
        const waitMs = await repository.msUntilNextDue(id);
        if (waitMs === null) {
          await repository.finish(id, { status: 'completed' });
          logger.info({ broadcastId: id }, 'broadcast completed');
          return { more: (await repository.nextUnfinished()) !== null };
        }
        await pause(Math.min(Math.max(waitMs, 20), CANCEL_CHECK_MS));
        continue;
      }
      for (const row of due) {
        queued.add(row.chatId);
        void queue.add(() => deliver(row).finally(() => queued.delete(row.chatId)));
      }
    }
  } finally {
    stopping = true;
    queue.clear();
    await settleInFlight(queue, inFlight, clock, signal.aborted ? SHUTDOWN_GRACE_MS : inFlightLimitMs);
    forgetStop();
    logger.info(
      {
        broadcastId: id,
        sends: stats.sends,
        seconds: Math.round(clock.now() - started) / 1000,
        recordingMsPerSend: stats.sends ? Math.round((stats.recordingMs / stats.sends) * 100) / 100 : null,
      },
      'broadcast slice',
    );
  }
  return { more: true };
}

/**
 * Waits for the sends in flight. They get a short grace on shutdown, and a bounded one otherwise (well inside the job's
 * expiry, so no other sender can start while these are out); then they are cut off and settled as interrupted.
 */
async function settleInFlight(
  queue: PQueue,
  inFlight: AbortController,
  clock: BroadcastSenderDeps['clock'],
  graceMs: number,
): Promise<void> {
  if (queue.pending === 0) return;
  await Promise.race([queue.onIdle(), clock.sleep(graceMs)]);
  if (queue.pending > 0) inFlight.abort();
  await queue.onIdle();
}

/**
 * Resolves when `signal` aborts. The signal outlives the slice (it is the worker's), so the slice removes its listener
 * when it ends (`dispose`): one left behind per slice would pile up for the worker's lifetime.
 */
function aborted(signal: AbortSignal): { promise: Promise<void>; dispose(): void } {
  let dispose = () => {};
  const promise = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    dispose = () => signal.removeEventListener('abort', onAbort);
  });
  return { promise, dispose };
}

function toFailure(error: unknown): SendFailure {
  if (error instanceof TelegramCallError)
    return {
      kind: error.kind,
      errorCode: error.errorCode,
      description: error.description,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  return {
    kind: 'network',
    errorCode: null,
    description: error instanceof Error ? error.message : String(error),
    retryAfterSeconds: null,
  };
}
