import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pino from 'pino';
import { createDatabase } from '../adapters/db/db.js';
import { createStorage } from '../adapters/storage/create-storage.js';
import { createAppDeps } from '../app-deps.js';
import { ConfigError, parseConfig } from '../config/config.js';
import { createAcceptAllValidator } from '../modules/coupons/coupons.usecases.js';
import { importTemplatesFromStorage } from '../modules/templates/templates-import.usecases.js';
import { findProjectRoot } from '../shared/project-root.js';

// The import never authenticates anyone; throwaway values keep the admin part of the deps honest rather than optional.
const unusedAdmin = { sessionSecret: randomBytes(32).toString('hex'), adminPassword: randomBytes(32).toString('hex') };

/** TPL-3: `npm run templates:import` rebuilds the template catalogue from the meta.json files in storage. */
try {
  const config = parseConfig({ env: process.env });
  const logger = pino({ level: config.logLevel });
  const database = await createDatabase({
    options: config.database,
    migrationsFolder: join(findProjectRoot(), 'drizzle'),
  });
  await database.migrate();
  const deps = createAppDeps({
    database,
    storage: createStorage(config.storage),
    couponValidator: createAcceptAllValidator(),
    logger,
    admin: unusedAdmin,
  });
  const report = await importTemplatesFromStorage(deps.templates);
  console.log(
    `Imported ${report.imported.length} template(s) from ${deps.storage.description}: ${report.imported.join(', ') || '—'}`,
  );
  for (const skip of report.skipped) console.log(`Skipped ${skip.slug}: ${skip.reason}`);
  for (const warning of report.warnings) console.log(`Warning: ${warning}`);
  await database.close();
  process.exitCode = report.skipped.length > 0 ? 2 : 0;
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `Import failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exitCode = 1;
}
