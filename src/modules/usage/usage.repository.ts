import type { Db } from '../../adapters/db/db.js';
import { usageEventsTable } from './usage.table.js';

export type UsageSource = 'telegram' | 'web' | 'api';
export type UsageErrorType =
  | 'invalid_coupon'
  | 'validation_unavailable'
  | 'template_not_found'
  | 'render_failed'
  | 'send_failed';

export interface UsageEvent {
  source: UsageSource;
  success: boolean;
  errorType?: UsageErrorType | null;
  templateSlug?: string | null;
  variant?: string | null;
  code?: string | null;
  chatType?: string | null;
  chatId?: number | null;
  userId?: number | null;
}

export interface UsageRepository {
  record(event: UsageEvent): Promise<void>;
}

export function createUsageRepository({ db }: { db: Db }): UsageRepository {
  return {
    async record(event) {
      await db.insert(usageEventsTable).values(event);
    },
  };
}
