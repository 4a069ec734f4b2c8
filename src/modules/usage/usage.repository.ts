import type { Db } from '../../adapters/db/db.js';
import type { UsageRow } from './usage.models.js';
import { usageEventsTable } from './usage.table.js';

export interface UsageRepository {
  record(row: UsageRow): Promise<void>;
}

export function createUsageRepository({ db }: { db: Db }): UsageRepository {
  return {
    async record(row) {
      await db.insert(usageEventsTable).values(row);
    },
  };
}
