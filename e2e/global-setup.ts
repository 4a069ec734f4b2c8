import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findProjectRoot } from '../src/shared/project-root.js';

/**
 * Builds the pages once before any test file runs. Building inside each browser suite raced: Vite empties dist/web
 * first, so one suite's build deleted the assets another suite's page was loading.
 */
export default function buildWebOnce(): void {
  const root = findProjectRoot();
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root,
  });
}
