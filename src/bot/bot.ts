import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { BotDeps } from '../modules/telegram/bot-delivery.usecases.js';
import { channelCommandFeature } from './features/channel-command.feature.js';
import { guidedFlowFeature } from './features/guided-flow.feature.js';
import { membershipFeature } from './features/membership.feature.js';

export const ALLOWED_UPDATES = ['message', 'channel_post', 'callback_query', 'my_chat_member'] as const;

export const BOT_COMMAND_MENU = [
  { command: 'start', description: 'Make a promo image with your coupon code' },
  { command: 'generate', description: 'Another image with your last code' },
  { command: 'help', description: 'How to use the bot, also in channels' },
  { command: 'cancel', description: 'Stop the current step' },
];

/**
 * The bot's update routing (grammY). Updates arrive through the receiver (webhook route or polling loop); replies go
 * out through the gateway in `deps`, so this Bot's own Api is never called.
 */
export function createBot(deps: BotDeps, { token, botInfo }: { token: string; botInfo: UserFromGetMe }): Bot {
  const bot = new Bot(token, { botInfo });
  bot.use(membershipFeature(deps));
  bot.use(channelCommandFeature(deps));
  bot.use(guidedFlowFeature(deps));
  return bot;
}
