/**
 * The one usage stream (BOT-8, read by analytics): one row per user action that asked for an image, written by the
 * admission use case when the outcome is known. Pure: the shapes and the rules that tie them together.
 */
export const USAGE_SOURCES = ['web', 'telegram', 'api'] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];

/**
 * What the user did: a web download or share, one image of a web batch ("Many codes"), a render API call, a bot
 * command, a bot button, an inline query answered in any chat.
 */
export const USAGE_ACTIONS = ['download', 'share', 'batch', 'render', 'command', 'button', 'inline'] as const;
export type UsageAction = (typeof USAGE_ACTIONS)[number];

/** Which actions each source can perform; anything else is a programming error, refused when the row is built. */
export const ACTIONS_BY_SOURCE: Record<UsageSource, readonly UsageAction[]> = {
  web: ['download', 'share', 'batch'],
  api: ['render'],
  telegram: ['command', 'button', 'inline'],
};

/**
 * `invalid`: the code was refused (empty or not active); `unavailable`: nobody could tell (FunderPro down);
 * `failed`: the code was fine or never reached, but no image came out (unknown template, render or send failure).
 */
export const USAGE_OUTCOMES = ['success', 'invalid', 'unavailable', 'failed'] as const;
export type UsageOutcome = (typeof USAGE_OUTCOMES)[number];

export type UsageErrorType =
  | 'invalid_coupon'
  | 'validation_unavailable'
  | 'template_not_found'
  | 'render_failed'
  | 'send_failed';

/** Who asked, where known: a bot user and chat; nothing for the web and the API (no accounts). */
export interface UsageActor {
  userId?: number | null;
  chatId?: number | null;
  chatType?: string | null;
}

export interface UsageRow {
  source: UsageSource;
  action: UsageAction;
  outcome: UsageOutcome;
  errorType: UsageErrorType | null;
  templateSlug: string | null;
  /** null when one action covered every variant of the template (a web share of square and portrait). */
  variant: string | null;
  code: string | null;
  userId: number | null;
  chatId: number | null;
  chatType: string | null;
}

const OUTCOME_BY_ERROR: Record<UsageErrorType, UsageOutcome> = {
  invalid_coupon: 'invalid',
  validation_unavailable: 'unavailable',
  template_not_found: 'failed',
  render_failed: 'failed',
  send_failed: 'failed',
};

/** An action the source cannot perform is a programming error: refused before anything is done or recorded. */
export function assertActionOfSource(source: UsageSource, action: UsageAction): void {
  if (!ACTIONS_BY_SOURCE[source].includes(action)) throw new Error(`usage: ${source} has no action "${action}"`);
}

/** The row for one action: the outcome follows from the error (none = success), so the two can never disagree. */
export function buildUsageRow({
  source,
  action,
  actor = {},
  templateSlug = null,
  variant = null,
  code = null,
  errorType = null,
}: {
  source: UsageSource;
  action: UsageAction;
  actor?: UsageActor;
  templateSlug?: string | null;
  variant?: string | null;
  code?: string | null;
  errorType?: UsageErrorType | null;
}): UsageRow {
  assertActionOfSource(source, action);
  return {
    source,
    action,
    outcome: errorType ? OUTCOME_BY_ERROR[errorType] : 'success',
    errorType,
    templateSlug,
    variant,
    code: code || null,
    userId: actor.userId ?? null,
    chatId: actor.chatId ?? null,
    chatType: actor.chatType ?? null,
  };
}
