// Builds the server (and the pages) when the sources are newer than the build, then runs dist/src/main.js with the
// command given: none serves (`npm start`), `templates:import` runs the import (`npm run templates:import`).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');

// glibc keeps one malloc arena per thread; with libvips' encoder threads that fragments into ~80 MB of extra RSS
// under load. The variable only takes effect at exec, so the launcher re-executes itself once with it set.
if (process.env.MALLOC_ARENA_MAX === undefined && process.platform === 'linux') {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  buildIfStale();
  await import(pathToFileURL(join(root, 'dist/src/main.js')).href);
}

function newestMtime(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(output, sources) {
  return (
    !existsSync(output) || statSync(output).mtimeMs < Math.max(...sources.map((dir) => newestMtime(join(root, dir))))
  );
}

function buildIfStale() {
  const run = (script, args) =>
    execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  if (isStale(join(root, 'dist/src/main.js'), ['src'])) {
    console.log('Building the server…');
    run('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  }
  // The pages share the renderer in src/, so either folder changing means a rebuild.
  if (isStale(join(root, 'dist/web/index.html'), ['web', 'src/renderer'])) {
    console.log('Building the web pages…');
    run('node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn']);
  }
}
