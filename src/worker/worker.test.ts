import { sql } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/db/db.test-utils.js';
import { createMemoryStorage } from '../adapters/storage/memory-storage.js';
import { type FakeTelegram, startFakeTelegram } from '../adapters/telegram/telegram.fake-server.js';
import { createTestAdapters } from '../http/http.test-utils.js';
import {
  broadcastGatewayFor,
  type RunningWorker,
  startTestWorker,
  useBroadcastTestDatabase,
} from '../modules/broadcasts/broadcasts.test-utils.js';
import { testPng } from '../modules/templates/templates.test-utils.js';
import { createTemplate, getTemplate } from '../modules/templates/templates.usecases.js';
import { createServices } from '../services.js';

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
});
