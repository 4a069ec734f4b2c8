import { sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { queryRows } from '../adapters/db/db.js';
import { describeEachDatabase } from '../adapters/db/db.test-utils.js';
import { createMemoryStorage } from '../adapters/storage/memory-storage.js';
import { type FakeTelegram, startFakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import { createTestAdapters } from '../http/http.test-utils.js';
import { createAnalyticsRepository } from '../modules/analytics/analytics.repository.js';
import { type AnalyticsDeps, getBotStats } from '../modules/analytics/analytics.usecases.js';
import { createAnalyticsAudienceRepository } from '../modules/analytics/analytics-audience.repository.js';
import { createAnalyticsCodesRepository } from '../modules/analytics/analytics-codes.repository.js';
import { rawUsageRows } from '../modules/analytics/analytics-rollup.repository.js';
import { bringAnalyticsWindowsUpToDate } from '../modules/analytics/analytics-windows.usecases.js';
import {
  broadcastGatewayFor,
  type RunningWorker,
  startTestWorker,
  useBroadcastTestDatabase,
} from '../modules/broadcasts/broadcasts.test-utils.js';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate, getTemplate } from '../modules/templates/templates.usecases.js';
import { usageEventsTable } from '../modules/usage/usage.table.js';
import { createServices } from '../services.js';
import { silentLogger } from '../shared/logger.js';
import { QUEUES, sendAnalyticsWindowsJob } from './worker.js';

describeEachDatabase('the worker', (kind) => {
  const databases = useBroadcastTestDatabase(kind);
  let telegram: FakeTelegram | undefined;
  let running: RunningWorker | undefined;
  afterEach(async () => {
    await running?.stop();
    await telegram?.close();
  });

  it('makes the previews that templates stored before previews existed lack, once after it starts', async () => {
    const storage = createMemoryStorage();
    const templates = createServices(createTestAdapters({ database: databases.database, storage })).templates;
    const template = await createTemplate(templates, {
      name: 'Old Promo',
      variants: { square: { image: await testPng() } },
    });
    for (const { key } of template.square!.previews!) await storage.delete(key);
    await databases.database.db.execute(sql`update templates set square = square - 'previews'`);

    telegram = await startFakeTelegram();
    running = await startTestWorker({
      database: databases.database,
      gateway: broadcastGatewayFor(telegram),
      storage,
      rate: 20,
    });
    await expect
      .poll(async () => (await getTemplate(templates, { slug: 'old-promo' })).square!.previews?.length, {
        timeout: 15_000,
      })
      .toBe(2);
  });

  it('answers an admin whose window is missing from the rows, queues one build, and reads the window once it ran', async () => {
    const { database } = databases;
    const { db } = database;
    const now = new Date();
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 60 * 60 * 1000);
    await db.insert(usageEventsTable).values(
      [1, 30, 50, 100, 120].map((h, i) => ({
        createdAt: hoursAgo(h),
        source: 'telegram' as const,
        action: 'command' as const,
        outcome: i === 2 ? ('invalid' as const) : ('success' as const),
        errorType: i === 2 ? 'invalid_coupon' : null,
        templateSlug: 'summer',
        code: 'SAVE10',
        userId: 1 + (i % 2),
        chatId: 1 + (i % 2),
      })),
    );
    // A worker that defines the queues but leaves the windows to others: the job waits.
    telegram = await startFakeTelegram();
    running = await startTestWorker({
      database,
      gateway: broadcastGatewayFor(telegram),
      rate: 20,
    });
    const depths = () => running!.engine.queueDepths();
    const services = createServices({
      ...createTestAdapters({ database }),
      requestAnalyticsWindows: () => sendAnalyticsWindowsJob(running!.engine),
    });
    const deps: AnalyticsDeps = { ...services.analytics, timeZone: 'UTC', now: () => new Date() };
    const fromRows: AnalyticsDeps = {
      analyticsRepository: createAnalyticsRepository({ db, rollup: rawUsageRows }),
      analyticsCodesRepository: createAnalyticsCodesRepository({ db, rollup: rawUsageRows }),
      analyticsAudienceRepository: createAnalyticsAudienceRepository({ db, rollup: rawUsageRows }),
      timeZone: 'UTC',
      now: () => new Date(),
    };
    const expected = await getBotStats(fromRows, { days: '7' });
    // Four generations (the invalid code is counted apart), two bot users.
    expect(expected.total_uses).toBe(4);
    expect(expected.unique_users).toBe(2);

    expect(await getBotStats(deps, { days: '7' })).toEqual(expected);
    expect(await getBotStats(deps, { days: '7' })).toEqual(expected);
    expect((await depths())[QUEUES.analyticsWindows]).toBe(1);
    expect(await queryRows(db, sql`select win from usage_windows`)).toEqual([]);

    await running.stop();
    const job = {
      timeZone: 'UTC',
      bringUpToDate: () =>
        bringAnalyticsWindowsUpToDate({
          analyticsWindows: services.analyticsWindows,
          timeZone: 'UTC',
          now: () => new Date(),
          logger: silentLogger,
        }),
    };
    running = await startTestWorker({
      database,
      gateway: broadcastGatewayFor(telegram),
      rate: 20,
      analyticsWindows: job,
    });
    // The week's window starts at the first day shown (UTC midnight), once the job has run.
    const weekStart = new Date(`${expected.usage_data[0]!.date}T00:00:00Z`).getTime();
    await expect
      .poll(
        async () => {
          const rows = await queryRows<{ start_at: string | Date }>(
            db,
            sql`select start_at from usage_windows where win = 7`,
          );
          return rows.map((r) => new Date(r.start_at).getTime());
        },
        { timeout: 15_000 },
      )
      .toEqual([weekStart]);
    await expect.poll(async () => (await depths())[QUEUES.analyticsWindows], { timeout: 15_000 }).toBe(0);
    // Answered from the window now: the same numbers, and nothing more to ask for.
    expect(await getBotStats(deps, { days: '7' })).toEqual(expected);
    expect((await depths())[QUEUES.analyticsWindows]).toBe(0);
  });
});
