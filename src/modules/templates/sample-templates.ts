import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateInput } from './templates.usecases.js';

interface SampleFile {
  templates: {
    name: string;
    slug: string;
    variants: Record<string, { file: string; settings: Record<string, unknown> }>;
  }[];
}

/** Reads the bundled sample artwork (assets/sample-templates) as template inputs for the first start. */
export async function loadSampleTemplates(dir: string): Promise<TemplateInput[]> {
  const manifest = JSON.parse(await readFile(join(dir, 'samples.json'), 'utf8')) as SampleFile;
  return Promise.all(
    manifest.templates.map(async (sample) => {
      const variants: TemplateInput['variants'] = {};
      for (const variant of ['square', 'story'] as const) {
        const spec = sample.variants[variant];
        if (spec) variants[variant] = { image: await readFile(join(dir, spec.file)), settings: spec.settings };
      }
      return { name: sample.name, slug: sample.slug, variants };
    }),
  );
}
