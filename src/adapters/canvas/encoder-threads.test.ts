import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { VariantStyle } from '../../renderer/render.types.js';
import { findProjectRoot } from '../../shared/project-root.js';
import { createServerRenderer } from './server-renderer.js';

/** Every thread of this process: its name and nice value (Linux /proc). */
function threads(): { name: string; nice: number }[] {
  return readdirSync('/proc/self/task').flatMap((task) => {
    try {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      // Fields after the parenthesised name; the nice value is the 19th field of the whole line.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim();
      return [{ name, nice: Number(fields[16]) }];
    } catch {
      return [];
    }
  });
}

describe.runIf(process.platform === 'linux')('render thread priority', () => {
  it('draws and encodes at a lower priority than the main thread, which keeps its own', async () => {
    const png = await sharp({ create: { width: 640, height: 640, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const renderer = createServerRenderer({
      fontPath: join(findProjectRoot(), 'assets/fonts/inter-bold-latin.woff2'),
      load: async () => png,
      threads: 1,
    });
    try {
      const style: VariantStyle = {
        box: { leftPct: 10, topPct: 78, widthPct: 80, heightPct: 12 },
        hAlign: 'center',
        vAlign: 'middle',
        maxFontPx: 120,
        fontColor: '#FFFFFF',
        outline: null,
      };
      for (const format of ['png', 'jpeg'] as const)
        await renderer.render({
          template: { key: 't', width: 640, height: 640 },
          logo: null,
          style,
          logoFit: 'cover',
          code: 'NICE10',
          format,
          opaque: true,
        });
      const main = threads()[0]!;
      const encoders = threads().filter((thread) => thread.name.startsWith('libvips'));
      expect(encoders.length).toBeGreaterThan(0);
      for (const encoder of encoders) expect(encoder.nice).toBe(main.nice + 10);
      expect(main.nice).toBe(0);
    } finally {
      await renderer.close();
    }
  });
});
