import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import { findProjectRoot } from './shared/project-root.js';

const root = findProjectRoot();
/** The compiled server `npm start` runs, built by the process project's global setup (main.global-setup.test-utils.ts). */
export const MAIN_ENTRY = join(root, 'dist/src/main.js');

export async function waitForServing(run: { output: () => string }) {
  for (let i = 0; i < 600 && !run.output().includes('PromoStack is serving'); i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(run.output()).toContain('PromoStack is serving');
}

export function startMain(
  env: Record<string, string>,
  args: string[] = [],
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [MAIN_ENTRY, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
