import type { InspectedImage } from '../../adapters/images/image.types.js';
import type { ObjectStorage } from '../../adapters/storage/storage.types.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { BotUsersRepository } from '../bot-users/bot-users.repository.js';
import type { OutgoingFile } from '../telegram/telegram-gateway.types.js';
import type { TemplatesRepository } from '../templates/templates.repository.js';
import type { BroadcastsRepository } from './broadcasts.repository.js';

/** What broadcasts need from the Bot API; failures are TelegramCallErrors (with `retryAfterSeconds` on a 429). */
export interface BroadcastGateway {
  sendText(input: { chatId: number; html: string; signal?: AbortSignal }): Promise<void>;
  sendPhoto(input: {
    chatId: number;
    photo: OutgoingFile;
    captionHtml: string;
    signal?: AbortSignal;
  }): Promise<{ fileId: string }>;
}

/** The admin's side: compose, count, test, create, cancel, read. */
export interface BroadcastsDeps {
  broadcastsRepository: BroadcastsRepository;
  templatesRepository: Pick<TemplatesRepository, 'findBySlug'>;
  storage: ObjectStorage;
  /** Checks an upload by its content against the broadcast image limits. */
  inspectImage(input: { buffer: Buffer; field: string }): Promise<InspectedImage>;
  /** null when no bot token is configured: nothing can be sent. */
  gateway: BroadcastGateway | null;
  /** Wakes the worker (a job); a lost wake-up is caught by the worker's once-a-minute check. */
  wake(): Promise<void>;
  /** BROADCAST_RATE, for the ETA. */
  rate: number;
  logger: Logger;
}

/** The worker's side: one sender at a time, paced. */
export interface BroadcastSenderDeps {
  broadcastsRepository: BroadcastsRepository;
  botUsersRepository: Pick<BotUsersRepository, 'setBlocked'>;
  storage: Pick<ObjectStorage, 'get'>;
  gateway: BroadcastGateway;
  /** Sends per second (BROADCAST_RATE); never more in any second, retries included. */
  rate: number;
  /** Telegram calls in flight at once; by default what keeps 25 a second at 20/s (`maxInFlightFor`). */
  maxInFlight?: number;
  clock: Clock;
  logger: Logger;
}
