import { VARIANT_LABELS } from '../../src/shared/template-naming.js';
import { ApiError } from '../shared/api.js';

/**
 * Save errors in the words of the form. The server names the upload form's fields (`squareFontColor: must be a
 * colour like #FFAA00`); the editor shows "Square: text colour must be #RRGGBB" beside that field. Pure.
 */
const VARIANT_FIELDS: Record<string, string> = {
  Image: 'image',
  LeftPct: 'text box left',
  TopPct: 'text box top',
  WidthPct: 'text box width',
  HeightPct: 'text box height',
  HAlign: 'horizontal alignment',
  VAlign: 'vertical alignment',
  MaxFontPx: 'max font size',
  FontColor: 'text colour',
  Outline: 'outline',
  OutlineColor: 'outline colour',
  OutlineWidthPct: 'outline width',
  ShowLogo: '“Offer the logo”',
  LogoFit: 'logo fit',
};
const TOP_FIELDS: Record<string, string> = { name: 'Name', slug: 'Slug' };

/** The form's label for a server field key, or null for a key the form has no field for (`expectedVersion`). */
export function fieldLabel(key: string): string | null {
  if (TOP_FIELDS[key]) return TOP_FIELDS[key];
  for (const [variant, label] of Object.entries(VARIANT_LABELS)) {
    if (!key.startsWith(variant)) continue;
    const field = VARIANT_FIELDS[key.slice(variant.length)];
    if (!field) return null;
    return field === 'image' ? `${label} image` : `${label}: ${field}`;
  }
  return null;
}

/** One server problem as a sentence that starts with the field's label. */
export function describeFieldError(key: string, problem: string): string {
  const label = fieldLabel(key) ?? key;
  let rest = problem.trim();
  if (rest.startsWith(`${key}: `)) rest = rest.slice(key.length + 2);
  if (TOP_FIELDS[key] && rest.toLowerCase().startsWith(`${key} `)) rest = rest.slice(key.length + 1);
  if (/^must be a colou?r\b/i.test(rest)) rest = 'must be #RRGGBB';
  rest = rest.replace(/^an image is required$/, 'is required').replace(/^the text box (must|should) /, '$1 ');
  return /^(must|is|may|needs|cannot|should) /.test(rest) ? `${label} ${rest}` : `${label}: ${rest}`;
}

export interface SaveErrors {
  /** Field key (as the server names it) → the sentence shown beside that field. */
  fields: Record<string, string>;
  /** Shown at the Save button: conflicts, problems without a field, or why nothing was sent. */
  form: string;
}

/** What a failed save shows, and where. `shownFields` are the keys the form currently has a field for. */
export function saveErrorsOf(error: unknown, shownFields: ReadonlySet<string>): SaveErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: 'Saving failed: check your connection and try again.' };
  const problems: Record<string, string> = { ...error.fields };
  const single = (error.body as { error?: { field?: unknown } } | null)?.error?.field;
  if (typeof single === 'string' && !problems[single]) problems[single] = error.message;
  if (error.status === 409) return { fields: {}, form: conflictMessage(error) };

  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [key, problem] of Object.entries(problems)) {
    const sentence = describeFieldError(key, problem);
    if (shownFields.has(key)) fields[key] = sentence;
    else elsewhere.push(sentence);
  }
  const count = Object.keys(fields).length;
  if (count === 0 && elsewhere.length === 0) return { fields, form: `Not saved: ${sentenceOf(error.message)}` };
  const marked = count > 0 ? `${count === 1 ? 'the field' : `${count} fields`} marked in red` : '';
  const parts = [marked, ...elsewhere].filter(Boolean);
  return { fields, form: `Not saved. Check ${parts.join('; ')}${parts.at(-1)?.endsWith('.') ? '' : '.'}` };
}

function conflictMessage(error: ApiError): string {
  if (error.code === 'template.slug_taken')
    return `Not saved: ${sentenceOf(error.message)} Choose another slug, or edit that template instead.`;
  return `Not saved: ${sentenceOf(error.message)}`;
}

const sentenceOf = (message: string) => (/[.!?]$/.test(message) ? message : `${message}.`);
