import { admitImageRequest, screenCode } from '../admission/admission.usecases.js';
import { findTemplateByRef } from '../templates/template-lookup.models.js';
import type { Template, Variant } from '../templates/templates.models.js';
import { botMessages } from './bot-messages.models.js';
import {
  INLINE_CACHE_SECONDS,
  INLINE_HELP_PAYLOAD,
  type InlineEntry,
  inlineCodeOf,
  inlineEntries,
  inlinePhotoUrls,
  inlineResultId,
  pageOf,
  parseInlineQuery,
  parseInlineResultId,
} from './inline.models.js';
import { inlinePhotoKey } from './inline-photo-cache.usecases.js';
import type { TelegramDeps } from './telegram.types.js';
import type { InlinePhoto } from './telegram-gateway.types.js';

/** Who typed an inline query, and in what kind of chat (Telegram says so when it knows). */
export interface InlineAsker {
  userId: number;
  chatType: string | null;
}

const actorOfAsker = ({ userId, chatType }: InlineAsker) => ({ userId, chatId: null, chatType });

/**
 * `@bot SAVE20 [name]` in any chat: the code is screened once by the admission path (a refusal is recorded, source
 * telegram, action inline), then one photo result per Telegram-enabled template and variant, paged by 50. A "no"
 * answers no results and a button that opens the private chat, where `/start {CODE}` says why.
 */
export async function answerInlineQuery(
  deps: TelegramDeps,
  asker: InlineAsker,
  { queryId, query, offset }: { queryId: string; query: string; offset: string },
): Promise<void> {
  const hint = (text: string, startParameter = INLINE_HELP_PAYLOAD, cacheSeconds = INLINE_CACHE_SECONDS) =>
    deps.gateway.answerInline({
      queryId,
      results: [],
      nextOffset: '',
      cacheSeconds,
      personal: false,
      button: { text, startParameter },
    });
  const { rawCode, filter } = parseInlineQuery(query);
  if (!rawCode) return hint(botMessages.inline.hint(), INLINE_HELP_PAYLOAD, 300);
  if (!(await deps.inlineQueryLimit.take(`user:${asker.userId}`)))
    return deps.gateway.answerInline({
      queryId,
      results: [],
      nextOffset: '',
      cacheSeconds: 0,
      personal: true,
      button: { text: botMessages.inline.slowDown(), startParameter: INLINE_HELP_PAYLOAD },
    });

  const screened = await screenCode(deps, {
    source: 'telegram',
    action: 'inline',
    actor: actorOfAsker(asker),
    rawCode,
  });
  if (!screened.ok) {
    const { refusal } = screened;
    if (refusal.kind === 'empty') return hint(botMessages.inline.emptyCode());
    // Outages are never cached (VAL-3): the next keystroke asks again.
    if (refusal.kind === 'unavailable') return hint(botMessages.inline.unavailable(), refusal.code, 0);
    return hint(botMessages.inline.invalid(refusal.code), refusal.code);
  }
  const { code } = screened;
  const entries = inlineEntries(await deps.templatesRepository.findAll(), filter);
  if (entries.length === 0) return hint(botMessages.inline.noMatch());
  const { page, nextOffset } = pageOf(entries, offset);
  await deps.gateway.answerInline({
    queryId,
    results: await inlinePhotos(deps, page, code),
    nextOffset,
    cacheSeconds: INLINE_CACHE_SECONDS,
    personal: false,
  });
}

/** Cached Telegram photos where the bot has sent that image before (BOT-5's cache); otherwise the render API's URL. */
async function inlinePhotos(deps: TelegramDeps, entries: InlineEntry[], code: string): Promise<InlinePhoto[]> {
  const logo = entries.some(({ template, variant }) => template[variant]?.showLogo) ? await deps.brandLogo() : null;
  const keyOf = ({ template, variant }: InlineEntry) =>
    inlinePhotoKey({ template, variant, code, logoKey: logo?.key ?? null });
  const fileIds = await deps.telegramRepository.getFileIds(entries.map(keyOf));
  return entries.map((entry) => {
    const { template, variant } = entry;
    const spec = template[variant]!;
    const common = {
      id: inlineResultId(entry),
      title: variant === 'story' ? `${template.name} (portrait)` : template.name,
      caption: botMessages.caption(template.name, code),
    };
    const fileId = fileIds.get(keyOf(entry));
    if (fileId) return { ...common, fileId };
    const sig = deps.inlinePhotoLinks.sign({ slug: template.slug, variant, code });
    const urls = inlinePhotoUrls({ publicUrl: deps.publicUrl, slug: template.slug, variant, code, sig });
    return { ...common, ...urls, width: spec.width, height: spec.height };
  });
}

/**
 * Inline feedback (`/setinlinefeedback`): the user sent one of the results. That is the image made, so it is recorded
 * through the admission path with the template and variant (the code is re-checked from the validator's cache). A
 * result Telegram fetched by URL then gets a file_id: the worker uploads it to the cache chat (when there is one).
 */
export async function recordChosenInlineResult(
  deps: TelegramDeps,
  asker: InlineAsker,
  { resultId, query }: { resultId: string; query: string },
): Promise<void> {
  const chosen = parseInlineResultId(resultId);
  if (!chosen) {
    deps.logger.warn({ resultId }, 'chosen inline result with an unknown id');
    return;
  }
  const code = inlineCodeOf(query);
  const templates = await deps.templatesRepository.findAll();
  const slug = findTemplateByRef(templates, chosen.ref)?.slug ?? '';
  const admission = await admitImageRequest(
    deps,
    {
      source: 'telegram',
      action: 'inline',
      actor: actorOfAsker(asker),
      template: { by: 'slug', slug, variants: [chosen.variant] },
      rawCode: code,
    },
    async () => ({ value: null }),
  );
  if (admission.admitted && deps.requestInlinePhotoCache)
    await requestFileId(deps, deps.requestInlinePhotoCache, { ...admission, variant: chosen.variant });
}

/** Queues the upload when that photo has no file_id yet; the user's result is recorded whatever happens here. */
async function requestFileId(
  deps: TelegramDeps,
  request: NonNullable<TelegramDeps['requestInlinePhotoCache']>,
  { template, variant, code }: { template: Template; variant: Variant; code: string },
): Promise<void> {
  try {
    const logo = template[variant]?.showLogo ? await deps.brandLogo() : null;
    const key = inlinePhotoKey({ template, variant, code, logoKey: logo?.key ?? null });
    if (await deps.telegramRepository.getFileId(key)) return;
    await request({ key, slug: template.slug, variant, code });
  } catch (error) {
    deps.logger.warn({ err: error, slug: template.slug, variant }, 'could not queue the inline photo upload');
  }
}
