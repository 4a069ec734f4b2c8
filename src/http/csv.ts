import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';

/**
 * A value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab / carriage return first) gets a leading
 * apostrophe, so opening the export never executes anything (OWASP's CSV injection advice).
 */
export function neutraliseFormula(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Streams rows as an RFC 4180 CSV download (csv-stringify quotes what needs quoting), one row at a time, so the
 * memory used does not grow with the export.
 */
export function sendCsv(
  reply: FastifyReply,
  { filename, columns, rows }: { filename: string; columns: string[]; rows: AsyncIterable<Record<string, unknown>> },
) {
  const csv = stringify({ header: true, columns, record_delimiter: '\r\n', cast: { string: neutraliseFormula } });
  const source = Readable.from(
    (async function* () {
      for await (const row of rows) yield Object.fromEntries(columns.map((c) => [c, neutraliseFormula(row[c])]));
    })(),
  );
  source.on('error', (error) => csv.destroy(error));
  source.pipe(csv);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(csv);
}
