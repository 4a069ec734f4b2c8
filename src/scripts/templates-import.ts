import type { TemplatesDeps } from '../modules/templates/templates.usecases.js';
import { importTemplatesFromStorage } from '../modules/templates/templates-import.usecases.js';

/**
 * TPL-3, the script front door (`npm run templates:import`, wired by main.ts): rebuilds the template catalogue from
 * the meta.json files in storage and prints what happened. Returns the exit code: 0, or 2 when something was skipped.
 */
export async function runTemplatesImport(
  deps: TemplatesDeps,
  print: (line: string) => void = console.log,
): Promise<number> {
  const report = await importTemplatesFromStorage(deps);
  print(
    `Imported ${report.imported.length} template(s) from ${deps.storage.description}: ${report.imported.join(', ') || '—'}`,
  );
  for (const skip of report.skipped) print(`Skipped ${skip.slug}: ${skip.reason}`);
  for (const warning of report.warnings) print(`Warning: ${warning}`);
  return report.skipped.length > 0 ? 2 : 0;
}
