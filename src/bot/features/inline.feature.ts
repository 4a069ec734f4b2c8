import { Composer, type Context } from 'grammy';
import { answerInlineQuery, recordChosenInlineResult } from '../../modules/telegram/inline.usecases.js';
import type { TelegramDeps } from '../../modules/telegram/telegram.types.js';

/** Inline mode in any chat: `@bot CODE [name]` answers photos; the chosen one is recorded (inline feedback). */
export function inlineFeature(deps: TelegramDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('inline_query', async (ctx) => {
    const { id, from, query, offset, chat_type } = ctx.inlineQuery;
    await answerInlineQuery(deps, { userId: from.id, chatType: chat_type ?? null }, { queryId: id, query, offset });
  });
  composer.on('chosen_inline_result', async (ctx) => {
    const { result_id, from, query } = ctx.chosenInlineResult;
    await recordChosenInlineResult(deps, { userId: from.id, chatType: null }, { resultId: result_id, query });
  });
  return composer;
}
