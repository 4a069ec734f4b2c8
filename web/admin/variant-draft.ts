import type { HAlign, LogoFit, TextBox, VAlign, VariantStyle } from '../../src/renderer/render.types.js';
import type { VARIANT_LABELS } from '../../src/shared/template-naming.js';
import type { PublicTemplate, PublicVariant } from '../shared/api.js';
import { type History, startHistory } from './box-history.js';

export type Variant = keyof typeof VARIANT_LABELS;
export const VARIANTS: readonly Variant[] = ['square', 'story'];

/** One variant as the editor holds it until Save: the box with its undo history, the style, the picked file. */
export interface VariantDraft {
  file: File | null;
  imageUrl: string | null;
  existing: boolean;
  remove: boolean;
  boxes: History<TextBox>;
  hAlign: HAlign;
  vAlign: VAlign;
  maxFontPx: number;
  fontColor: string;
  outlineOn: boolean;
  outlineColor: string;
  outlineWidthPct: number;
  showLogo: boolean;
  logoFit: LogoFit;
}

export function draftOf(variant: PublicVariant | undefined): VariantDraft {
  return {
    file: null,
    imageUrl: variant?.imageUrl ?? null,
    existing: Boolean(variant),
    remove: false,
    boxes: startHistory(variant?.box ?? { leftPct: 5, topPct: 80, widthPct: 90, heightPct: 12 }),
    hAlign: variant?.hAlign ?? 'center',
    vAlign: variant?.vAlign ?? 'bottom',
    maxFontPx: variant?.maxFontPx ?? 120,
    fontColor: variant?.fontColor ?? '#FFFFFF',
    outlineOn: Boolean(variant?.outline),
    outlineColor: variant?.outline?.color ?? '#000000',
    outlineWidthPct: variant?.outline?.widthPct ?? 8,
    showLogo: variant?.showLogo ?? true,
    logoFit: variant?.logoFit ?? 'cover',
  };
}

export const isShown = (draft: VariantDraft) => Boolean(draft.imageUrl) && !draft.remove;

/** What the renderer draws for this draft (the live preview uses the very renderer the server does). */
export function styleOf(draft: VariantDraft, box: TextBox = draft.boxes.present): VariantStyle {
  return {
    box,
    hAlign: draft.hAlign,
    vAlign: draft.vAlign,
    maxFontPx: draft.maxFontPx,
    fontColor: draft.fontColor,
    outline: draft.outlineOn ? { color: draft.outlineColor, widthPct: draft.outlineWidthPct } : null,
  };
}

/** The upload form with the original's field names (ADM-2) plus ours. */
export function formOf({
  name,
  slug,
  template,
  drafts,
}: {
  name: string;
  slug: string;
  template: PublicTemplate | null;
  drafts: Record<Variant, VariantDraft>;
}): FormData {
  const form = new FormData();
  form.append('name', name);
  form.append('slug', slug);
  form.append('isEditing', String(Boolean(template)));
  if (template) form.append('expectedVersion', String(template.version));
  for (const variant of VARIANTS) {
    const d = drafts[variant];
    if (d.remove) {
      if (d.existing) form.append(`${variant}Remove`, 'true');
      continue;
    }
    if (!d.file && !d.existing) continue;
    if (d.file) form.append(`${variant}Image`, d.file);
    const box = d.boxes.present;
    const fields: Record<string, string> = {
      LeftPct: String(box.leftPct),
      TopPct: String(box.topPct),
      WidthPct: String(box.widthPct),
      HeightPct: String(box.heightPct),
      HAlign: d.hAlign,
      VAlign: d.vAlign,
      MaxFontPx: String(d.maxFontPx),
      FontColor: d.fontColor,
      ShowLogo: String(d.showLogo),
      LogoFit: d.logoFit,
      Outline: d.outlineOn ? 'on' : 'none',
      OutlineColor: d.outlineColor,
      OutlineWidthPct: String(d.outlineWidthPct),
    };
    for (const [key, value] of Object.entries(fields)) form.append(`${variant}${key}`, value);
  }
  return form;
}
