import type { HAlign, LogoFit, VAlign } from '../../src/renderer/render.types.js';
import { VARIANT_LABELS } from '../../src/shared/template-naming.js';
import { ColourField, NumberField } from './fields.js';
import type { Variant, VariantDraft } from './variant-draft.js';

/** How the code looks: alignment, max font size, colours, outline, and whether the web offers the logo. */
export function StyleFields({
  variant,
  draft,
  errors,
  set,
}: {
  variant: Variant;
  draft: VariantDraft;
  errors: Record<string, string>;
  set: (patch: Partial<VariantDraft>) => void;
}) {
  const label = VARIANT_LABELS[variant];
  return (
    <>
      <div class="row">
        <label>
          Horizontal
          <select
            data-field={`${variant}HAlign`}
            value={draft.hAlign}
            onChange={(e) => set({ hAlign: (e.currentTarget as HTMLSelectElement).value as HAlign })}
          >
            <option value="left">Left</option>
            <option value="center">Center</option>
            <option value="right">Right</option>
          </select>
        </label>
        <label>
          Vertical
          <select
            data-field={`${variant}VAlign`}
            value={draft.vAlign}
            onChange={(e) => set({ vAlign: (e.currentTarget as HTMLSelectElement).value as VAlign })}
          >
            <option value="top">Top</option>
            <option value="middle">Middle</option>
            <option value="bottom">Bottom</option>
          </select>
        </label>
      </div>
      <div class="font-size">
        <NumberField
          label="Max font size (px)"
          describe={`${label}: max font size`}
          field={`${variant}MaxFontPx`}
          value={draft.maxFontPx}
          min={8}
          max={400}
          step={1}
          integer
          error={errors[`${variant}MaxFontPx`]}
          onValue={(maxFontPx) => set({ maxFontPx })}
        />
        <input
          type="range"
          aria-label="Max font size slider"
          min={8}
          max={400}
          value={draft.maxFontPx}
          onInput={(e) => set({ maxFontPx: Number((e.currentTarget as HTMLInputElement).value) })}
        />
      </div>
      <ColourField
        label="Text colour"
        describe={`${label}: text colour`}
        field={`${variant}FontColor`}
        value={draft.fontColor}
        error={errors[`${variant}FontColor`]}
        onValue={(fontColor) => set({ fontColor })}
      />
      <div class="row">
        <label class="check">
          <input
            type="checkbox"
            checked={draft.outlineOn}
            onChange={(e) => set({ outlineOn: (e.currentTarget as HTMLInputElement).checked })}
          />{' '}
          Outline
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={draft.showLogo}
            onChange={(e) => set({ showLogo: (e.currentTarget as HTMLInputElement).checked })}
          />{' '}
          Offer the logo
        </label>
        {draft.showLogo && (
          <label>
            Logo fit{' '}
            <select
              aria-label={`${label}: logo fit`}
              value={draft.logoFit}
              onChange={(e) => set({ logoFit: (e.currentTarget as HTMLSelectElement).value as LogoFit })}
            >
              <option value="cover">Crop to the circle</option>
              <option value="contain">Whole logo on white (wordmarks)</option>
            </select>
          </label>
        )}
      </div>
      {draft.outlineOn && (
        <div class="row">
          <ColourField
            label="Outline colour"
            describe={`${label}: outline colour`}
            field={`${variant}OutlineColor`}
            value={draft.outlineColor}
            error={errors[`${variant}OutlineColor`]}
            onValue={(outlineColor) => set({ outlineColor })}
          />
          <NumberField
            label="Outline width (% of the font size)"
            describe={`${label}: outline width`}
            field={`${variant}OutlineWidthPct`}
            value={draft.outlineWidthPct}
            min={1}
            max={25}
            step={0.5}
            error={errors[`${variant}OutlineWidthPct`]}
            onValue={(outlineWidthPct) => set({ outlineWidthPct })}
          />
        </div>
      )}
    </>
  );
}
