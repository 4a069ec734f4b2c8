import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from './shared/project-root.js';

/**
 * Global setup of the process project: compiles the server once (`tsc -p tsconfig.build.json`, what `npm start`
 * runs) when src/ is newer than the build, so every spawned server starts from JavaScript instead of transforming
 * TypeScript through tsx in each child and each of its render threads (measured: 61 → 48 CPU-seconds for main.test
 * and worker.process.test on the 2-core machine).
 */
export function setup(): void {
  const root = findProjectRoot();
  const built = join(root, 'dist/src/main.js');
  const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((path) => join(root, path));
  if (existsSync(built) && statSync(built).mtimeMs > Math.max(...inputs.map(newestMtime))) return;
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
  });
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}
