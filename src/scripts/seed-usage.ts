import { sampleBotUsers, sampleUsageRows } from '../modules/analytics/usage-sample.models.js';
import type { UsageSampleRepository } from '../modules/analytics/usage-sample.repository.js';

export interface SeedUsageDeps {
  sampleRepository: UsageSampleRepository;
  /** ANALYTICS_TZ: the daily rhythm follows its clock. */
  timeZone: string;
  now: Date;
}

export interface SeedUsageOptions {
  rows: number;
  days: number;
  seed: number;
  /** Bot users behind the telegram rows (default: one per 25 rows, at least 100). */
  users?: number;
  /** Delete the existing usage rows first. */
  replace: boolean;
}

/** `--rows 1000000 --days 120 --seed 1 --users N --replace`; the first bad flag throws with its name. */
export function parseSeedUsageArgs(argv: readonly string[]): SeedUsageOptions {
  const options: SeedUsageOptions = { rows: 100_000, days: 120, seed: 1, replace: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--replace') {
      options.replace = true;
      continue;
    }
    const key = ({ '--rows': 'rows', '--days': 'days', '--seed': 'seed', '--users': 'users' } as const)[flag ?? ''];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isInteger(value) || value < 1 || value > 100_000_000)
      throw new Error(`seed:usage: bad or unknown flag ${flag} (use --rows N --days N --seed N --users N --replace)`);
    options[key] = value;
    i++;
  }
  return options;
}

/** Inserts the sample (bot users, then usage rows a batch per statement); returns the rows written. */
export async function seedUsage(
  { sampleRepository, timeZone, now }: SeedUsageDeps,
  options: SeedUsageOptions,
  onProgress: (rows: number) => void = () => undefined,
): Promise<number> {
  const users = options.users ?? Math.max(100, Math.round(options.rows / 25));
  if (options.replace) await sampleRepository.clearUsage();
  await sampleRepository.insertBotUsers(sampleBotUsers({ count: users, now, days: options.days, seed: options.seed }));
  let written = 0;
  for (const batch of sampleUsageRows({ ...options, users, now, timeZone })) {
    await sampleRepository.insertUsage(batch);
    written += batch.length;
    onProgress(written);
  }
  await sampleRepository.analyze();
  return written;
}

/** The script front door (`npm run seed:usage -- --rows 1000000`, wired by main.ts). Returns the exit code. */
export async function runSeedUsage(
  deps: SeedUsageDeps,
  argv: readonly string[],
  print: (line: string) => void = console.log,
): Promise<number> {
  let options: SeedUsageOptions;
  try {
    options = parseSeedUsageArgs(argv);
  } catch (error) {
    print(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const started = performance.now();
  let lastReport = 0;
  const written = await seedUsage(deps, options, (rows) => {
    if (rows - lastReport >= 100_000) {
      lastReport = rows;
      print(`  ${rows.toLocaleString('en')} rows…`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  print(
    `Inserted ${written.toLocaleString('en')} usage rows over ${options.days} days (${deps.timeZone}) in ${seconds.toFixed(1)} s`,
  );
  return 0;
}
