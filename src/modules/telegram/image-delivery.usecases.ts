import type { Fulfilment } from '../admission/admission.usecases.js';
import { markUnreachable } from '../bot-users/bot-users.usecases.js';
import type { Template, Variant } from '../templates/templates.models.js';
import { fileButton, fitsTelegramPhoto, generatorLink, referralLink } from './bot.models.js';
import { botMessages } from './bot-messages.models.js';
import { say } from './bot-replies.usecases.js';
import { type FileKind, fileCacheKey } from './telegram.repository.js';
import type { BotContext, TelegramDeps } from './telegram.types.js';
import { type OutgoingFile, TelegramCallError } from './telegram-gateway.types.js';

export type Delivery = 'sent' | 'blocked' | 'failed';

/**
 * BOT-5: sends the promo image of an admitted code — a JPEG photo with a "Send as file" button, or the pixel-exact PNG
 * as a document. A file Telegram already has is re-sent by file_id (no render, no upload). The admission use case
 * records the outcome this returns.
 */
export async function deliverImage(
  deps: TelegramDeps,
  context: BotContext,
  {
    template,
    variant,
    code,
    kind: requested,
    replyTo,
  }: { template: Template; variant: Variant; code: string; kind: FileKind; replyTo?: number },
): Promise<Fulfilment<Delivery>> {
  const { chat } = context;
  const spec = template[variant];
  // A template too large or too narrow for a Telegram photo goes out as the PNG document straight away.
  const kind = requested === 'photo' && spec && !fitsTelegramPhoto(spec) ? 'document' : requested;
  const logo = spec?.showLogo ? await deps.brandLogo() : null;
  const key = fileCacheKey({
    slug: template.slug,
    version: template.version,
    variant,
    code,
    kind,
    logo: logo?.key ?? null,
  });
  const caption = botMessages.caption(template.name, code);
  const send = (file: OutgoingFile) =>
    kind === 'photo'
      ? deps.gateway.sendPhoto({
          chatId: chat.id,
          photo: file,
          caption,
          replyTo,
          keyboard: fileButton({ variant, code, slug: template.slug }),
        })
      : deps.gateway.sendDocument({ chatId: chat.id, document: file, caption, replyTo });

  try {
    const cached = await deps.telegramRepository.getFileId(key);
    let sent = cached ? await send({ fileId: cached }).catch(unlessBadFile) : null;
    if (!sent) {
      const format = kind === 'photo' ? 'jpeg' : 'png';
      let body: Buffer;
      try {
        body = await deps.renderImage({ template, variant, code, format, logo });
      } catch (error) {
        deps.logger.error({ err: error, slug: template.slug, variant }, 'bot render failed');
        await say(deps, chat, botMessages.renderFailed(), { replyTo });
        return { value: 'failed', failure: 'render_failed' };
      }
      sent = await send({ upload: body, filename: `${code}-${variant}.${format === 'png' ? 'png' : 'jpg'}` });
      await deps.telegramRepository.setFileId({ key, fileId: sent.fileId });
    }
  } catch (error) {
    if (!(error instanceof TelegramCallError)) throw error;
    deps.logger.warn(
      {
        method: error.method,
        kind: error.kind,
        errorCode: error.errorCode,
        description: error.description,
        chatId: chat.id,
      },
      'Telegram did not take the image',
    );
    if (error.blocked) await markUnreachable(deps, chat);
    return { value: error.blocked ? 'blocked' : 'failed', failure: 'send_failed' };
  }
  if (chat.type === 'private' && kind === 'photo') {
    const web = generatorLink({ publicUrl: deps.publicUrl, slug: template.slug, code });
    await say(deps, chat, botMessages.referral(referralLink(deps.referralUrlTemplate, code), web));
  }
  return { value: 'sent' };
}

/** A cached file_id Telegram no longer knows is not a failure: the caller renders and uploads instead. */
function unlessBadFile(error: unknown): null {
  if (error instanceof TelegramCallError && error.badFile) return null;
  throw error;
}
