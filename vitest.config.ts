import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Pure tests: no database, network, server or child process (renderer, models, config, clock, image and canvas code).
 * A pure test elsewhere lands in `integration`, which runs it just as well, after the database snapshot is ready.
 */
const UNIT = [
  'src/renderer/**/*.test.ts',
  'src/**/*.models.test.ts',
  'src/config/**/*.test.ts',
  'src/shared/**/*.test.ts',
  'src/adapters/canvas/**/*.test.ts',
  'src/adapters/images/**/*.test.ts',
  'src/adapters/secrets/**/*.test.ts',
  'src/bot/update-receiver.test.ts',
  // The pages' pure logic (the admin's error wording, box geometry, undo history…).
  'web/**/*.test.ts',
];
/** Tests that start the real server as a child process. */
const PROCESS = ['src/main.test.ts', 'src/**/*.process.test.ts'];
/** Compiles the server the process tests spawn, once, when src/ is newer than the build. */
const SERVER_BUILD = 'src/main.global-setup.test-utils.ts';
/** Builds the migrated PGlite snapshot once, before the workers of the projects that create databases start. */
const DATABASE_SETUP = 'src/adapters/db/pglite-snapshot.test-utils.ts';

/** What a file is expected to take when this checkout has no timing for it yet (a fresh CI machine). */
const FIRST_RUN_ESTIMATE_MS: Record<string, number> = {
  process: 20_000,
  browser: 15_000,
  integration: 5_000,
  unit: 500,
};

/**
 * Starts the longest files first, across projects (by the last run's timings, else by project and size): Vitest's
 * default orders projects by name first, which left the slow process and browser files as the tail of the run.
 * `--sequence.shuffle` still shuffles the files, with its seed.
 */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { sequence, root } = this.ctx.config;
    if (sequence.shuffle) return shuffle(files, sequence.seed);
    const key = (spec: TestSpecification) => `${spec.project.name}:${relative(root, spec.moduleId)}`;
    const expectedMs = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(key(spec))?.duration ?? FIRST_RUN_ESTIMATE_MS[spec.project.name] ?? 0;
    const size = (spec: TestSpecification) => this.ctx.cache.getFileStats(key(spec))?.size ?? 0;
    return [...files].sort((a, b) => expectedMs(b) - expectedMs(a) || size(b) - size(a));
  }
}

function shuffle<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

export default defineConfig({
  test: {
    // Native addons (canvas, sharp) are happiest in child processes rather than worker threads.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // VIPS_CONCURRENCY: libvips starts one thread per core for every image operation; with a worker per core, those
    // threads only fight each other (measured: ~10 % less CPU and wall time for the whole run with 1). Output is the same.
    env: { NODE_ENV: 'test', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', VIPS_CONCURRENCY: '1' },
    // Vitest's default is one worker per core minus one: a single worker on a 2-core CI machine, idle while tests wait
    // on timers, loopback servers, child processes and Chromium. One per core measured fastest there; 3 was no faster
    // and slowed the process suite most (its server child processes compete for the same cores).
    maxWorkers: Math.max(2, availableParallelism()),
    // \`isolate: false\` (unit, integration, browser): a worker re-uses its loaded modules for the next file instead of
    // importing everything again per file. Every file builds and closes its own app, databases and stand-ins, and no
    // test mocks modules or the environment, so nothing else carries over. Measured on the 2-core machine: integration
    // 227 → 124 CPU-seconds, unit 19 → 9.5. The process project keeps isolation (its files spawn the server).
    sequence: { sequencer: LongestFirstSequencer },
    // Keeps transformed modules in node_modules/.experimental-vitest-cache between runs (the default from Vitest 5;
    // `vitest --clearCache` empties it): about 10 % less CPU on a warm run.
    experimental: { fsModuleCache: true },
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      {
        extends: true,
        // Everything else under src/: databases, storage, HTTP inject, bot stand-ins, loopback servers.
        test: {
          name: 'integration',
          include: ['src/**/*.test.ts'],
          isolate: false,
          exclude: [...UNIT, ...PROCESS],
          globalSetup: [DATABASE_SETUP],
        },
      },
      { extends: true, test: { name: 'process', include: PROCESS, globalSetup: [SERVER_BUILD] } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
          isolate: false,
          globalSetup: ['e2e/global-setup.ts', DATABASE_SETUP],
          testTimeout: 60_000,
          // What a page shows after a worker, a render or an upload: 1 s (Vitest's default) failed on a loaded CI
          // machine while the page was still on its way ("Queued" before "Sending").
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
