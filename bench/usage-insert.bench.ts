import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createDatabase, type DatabaseHandle } from '../src/adapters/db/db.js';
import { createScratchPostgres } from '../src/adapters/db/scratch-postgres.js';
import { resolvePeriod } from '../src/modules/analytics/analytics.models.js';
import { createAnalyticsRollup } from '../src/modules/analytics/analytics-rollup.repository.js';
import { createUsageSampleRepository } from '../src/modules/analytics/usage-sample.repository.js';
import { buildUsageRow } from '../src/modules/usage/usage.models.js';
import { createUsageRepository } from '../src/modules/usage/usage.repository.js';
import { seedUsage } from '../src/scripts/seed-usage.js';
import { findProjectRoot } from '../src/shared/project-root.js';
import { percentile } from './bench-utils.js';

export interface UsageInsertResult {
  database: 'pglite' | 'postgres';
  seeded_rows: number;
  /** ms per `usageRepository.record` (one row, its own transaction), without and with the rollup triggers. */
  without: { median_ms: number; p95_ms: number };
  with: { median_ms: number; p95_ms: number };
}

const TIME_ZONE = 'Europe/London';

/** The same bot command `inserts` times, one insert each, as the admission use case records it. */
async function timeInserts(database: DatabaseHandle, inserts: number): Promise<{ median_ms: number; p95_ms: number }> {
  const usage = createUsageRepository({ db: database.db });
  const times: number[] = [];
  for (let i = 0; i < inserts + 20; i++) {
    const row = buildUsageRow({
      source: 'telegram',
      action: 'command',
      actor: { userId: 1 + (i % 500), chatId: 1 + (i % 500), chatType: 'private' },
      templateSlug: ['flash-sale', 'summer-deal', 'vip-offer'][i % 3]!,
      variant: 'square',
      code: `SAVE${i % 200}`,
    });
    const started = performance.now();
    await usage.record(row);
    if (i >= 20) times.push(performance.now() - started);
  }
  return { median_ms: percentile(times, 50), p95_ms: percentile(times, 95) };
}

/**
 * What the rollup adds to each usage insert: a scratch database with `seededRows` sample rows and the dashboard's
 * windows built, then single-row inserts with the triggers switched off (the cost before migration 0011) and on.
 */
export async function benchUsageInsert({
  kind,
  seededRows,
  inserts,
}: {
  kind: 'pglite' | 'postgres';
  seededRows: number;
  inserts: number;
}): Promise<UsageInsertResult> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const scratch = kind === 'postgres' && serverUrl ? await createScratchPostgres(serverUrl) : null;
  if (kind === 'postgres' && !scratch) throw new Error('BENCH_DATABASE_URL or TEST_DATABASE_URL is needed');
  const database = await createDatabase({
    options: scratch ? { kind: 'postgres', connectionString: scratch.url, ssl: false } : { kind: 'pglite-memory' },
    migrationsFolder: join(findProjectRoot(), 'drizzle'),
  });
  try {
    await database.migrate();
    const now = new Date();
    await seedUsage(
      { sampleRepository: createUsageSampleRepository({ db: database.db }), timeZone: TIME_ZONE, now },
      { rows: seededRows, days: 120, seed: 1, replace: true },
    );
    // The windows as the worker's job builds them (requests never do).
    const rollup = createAnalyticsRollup({ db: database.db });
    await rollup.switchZone(TIME_ZONE);
    for (const days of ['today', '7', '30', '90'] as const) {
      const range = resolvePeriod({ days, now, timeZone: TIME_ZONE });
      await rollup.buildWindow({ start: range.start, end: new Date(Date.now() + 60_000) });
    }
    await database.db.execute(sql`alter table usage_events disable trigger user`);
    const without = await timeInserts(database, inserts);
    await database.db.execute(sql`alter table usage_events enable trigger user`);
    const withRollup = await timeInserts(database, inserts);
    return { database: kind, seeded_rows: seededRows, without, with: withRollup };
  } finally {
    await database.close();
    await scratch?.drop();
  }
}
