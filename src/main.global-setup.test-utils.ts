import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isNewerThan } from './shared/build-freshness.test-utils.js';
import { findProjectRoot } from './shared/project-root.js';

/**
 * Global setup of the process project: compiles the server once (`tsc -p tsconfig.build.json`, what `npm start`
 * runs) when src/ is newer than the build, so every spawned server starts from JavaScript instead of transforming
 * TypeScript through tsx in each child and each of its render threads (measured: 61 → 48 CPU-seconds for main.test
 * and worker.process.test on the 2-core machine).
 */
export function setup(): void {
  const root = findProjectRoot();
  const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((path) => join(root, path));
  if (isNewerThan(join(root, 'dist/src/main.js'), inputs)) return;
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
  });
}
