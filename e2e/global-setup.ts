import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isNewerThan } from '../src/shared/build-freshness.test-utils.js';
import { findProjectRoot } from '../src/shared/project-root.js';

/**
 * Builds the pages once before the browser suites start (the browser project's global setup). Building inside each
 * suite raced: Vite empties dist/web first, so one suite's build deleted the assets another suite's page was loading.
 * Skipped when the build is newer than everything it could depend on (src/ as a whole: the pages import the renderer
 * and model files from it).
 */
export default function buildWebOnce(): void {
  const root = findProjectRoot();
  const built = join(root, 'dist/web/index.html');
  const inputs = ['web', 'src', 'vite.config.ts', 'package-lock.json'].map((path) => join(root, path));
  if (isNewerThan(built, inputs)) return;
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root,
  });
}
