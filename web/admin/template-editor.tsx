import { useEffect, useRef, useState } from 'preact/hooks';
import { normalizeCouponCode } from '../../src/renderer/coupon-code.js';
import { drawPromo } from '../../src/renderer/render.js';
import type { HAlign, TextBox, VAlign } from '../../src/renderer/render.types.js';
import { VARIANT_LABELS as LABELS, slugify } from '../../src/shared/template-naming.js';
import { ApiError, api, type PublicTemplate, type PublicVariant } from '../shared/api.js';
import { loadImage } from '../shared/browser-canvas.js';

type Variant = keyof typeof LABELS;

import { BoxDrawer, Nudge } from './box-drawer.js';

interface VariantDraft {
  file: File | null;
  imageUrl: string | null;
  existing: boolean;
  remove: boolean;
  box: TextBox;
  hAlign: HAlign;
  vAlign: VAlign;
  maxFontPx: number;
  fontColor: string;
  outlineOn: boolean;
  outlineColor: string;
  outlineWidthPct: number;
  showLogo: boolean;
}

function draftOf(variant: PublicVariant | undefined): VariantDraft {
  return {
    file: null,
    imageUrl: variant?.imageUrl ?? null,
    existing: Boolean(variant),
    remove: false,
    box: variant?.box ?? { leftPct: 5, topPct: 80, widthPct: 90, heightPct: 12 },
    hAlign: variant?.hAlign ?? 'center',
    vAlign: variant?.vAlign ?? 'bottom',
    maxFontPx: variant?.maxFontPx ?? 120,
    fontColor: variant?.fontColor ?? '#FFFFFF',
    outlineOn: Boolean(variant?.outline),
    outlineColor: variant?.outline?.color ?? '#000000',
    outlineWidthPct: variant?.outline?.widthPct ?? 8,
    showLogo: variant?.showLogo ?? true,
  };
}

function FieldError({ errors, name }: { errors: Record<string, string>; name: string }) {
  return errors[name] ? (
    <span class="field-error" role="alert">
      {errors[name]}
    </span>
  ) : null;
}

/** The variant's live preview: the shared renderer at the real output size (the canvas is only shown smaller). */
function Preview({ draft, code, label }: { draft: VariantDraft; code: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    if (!draft.imageUrl) return;
    void loadImage(draft.imageUrl).then((template) => {
      const target = canvas.current;
      const ctx = target?.getContext('2d');
      if (cancelled || !target || !ctx) return;
      target.width = template.width;
      target.height = template.height;
      const outline = draft.outlineOn ? { color: draft.outlineColor, widthPct: draft.outlineWidthPct } : null;
      drawPromo(ctx, {
        template,
        code: normalizeCouponCode(code) || 'SAMPLE',
        style: {
          box: draft.box,
          hAlign: draft.hAlign,
          vAlign: draft.vAlign,
          maxFontPx: draft.maxFontPx,
          fontColor: draft.fontColor,
          outline,
        },
      });
    });
    return () => {
      cancelled = true;
    };
  }, [draft, code]);
  return <canvas ref={canvas} class="preview" role="img" aria-label={label} />;
}

function VariantEditor({
  variant,
  draft,
  errors,
  onChange,
  canRemove,
}: {
  variant: Variant;
  draft: VariantDraft;
  errors: Record<string, string>;
  onChange: (d: VariantDraft) => void;
  canRemove: boolean;
}) {
  const set = (patch: Partial<VariantDraft>) => onChange({ ...draft, ...patch });
  const pickFile = (file: File | undefined) => {
    if (!file) return;
    set({ file, imageUrl: URL.createObjectURL(file), remove: false });
  };
  const label = LABELS[variant];
  return (
    <fieldset class="variant">
      <legend>{label}</legend>
      <label
        class="drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          pickFile(e.dataTransfer?.files[0]);
        }}
      >
        {label} image (PNG or JPEG, drop it here or pick)
        <input
          type="file"
          accept="image/png,image/jpeg"
          onChange={(e) => pickFile((e.currentTarget as HTMLInputElement).files?.[0])}
        />
      </label>
      <FieldError errors={errors} name={`${variant}Image`} />
      {draft.imageUrl && !draft.remove ? (
        <>
          <p class="hint">
            Drag on the image to draw where the code goes; drag the box to move it, a corner to resize.
          </p>
          <BoxDrawer
            imageUrl={draft.imageUrl}
            box={draft.box}
            onChange={(box) => set({ box })}
            label={`${label} text box`}
          />
          <Nudge box={draft.box} onChange={(box) => set({ box })} />
          <p class="box-values" data-testid={`${variant}-box`}>
            Box: left {draft.box.leftPct}%, top {draft.box.topPct}%, width {draft.box.widthPct}%, height{' '}
            {draft.box.heightPct}%
          </p>
          {['LeftPct', 'TopPct', 'WidthPct', 'HeightPct'].map((f) => (
            <FieldError key={f} errors={errors} name={`${variant}${f}`} />
          ))}
          <div class="row">
            <label>
              Horizontal
              <select
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
                value={draft.vAlign}
                onChange={(e) => set({ vAlign: (e.currentTarget as HTMLSelectElement).value as VAlign })}
              >
                <option value="top">Top</option>
                <option value="middle">Middle</option>
                <option value="bottom">Bottom</option>
              </select>
            </label>
          </div>
          <label>
            Max font size: {draft.maxFontPx} px
            <input
              type="range"
              min={8}
              max={400}
              value={draft.maxFontPx}
              onInput={(e) => set({ maxFontPx: Number((e.currentTarget as HTMLInputElement).value) })}
            />
          </label>
          <div class="row">
            <label>
              Text colour
              <input
                type="color"
                value={draft.fontColor.toLowerCase()}
                onInput={(e) => set({ fontColor: (e.currentTarget as HTMLInputElement).value.toUpperCase() })}
              />
            </label>
            <label>
              Hex
              <input
                value={draft.fontColor}
                maxLength={7}
                onInput={(e) => set({ fontColor: (e.currentTarget as HTMLInputElement).value })}
              />
            </label>
          </div>
          <FieldError errors={errors} name={`${variant}FontColor`} />
          <div class="row">
            <label class="check">
              <input
                type="checkbox"
                checked={draft.outlineOn}
                onChange={(e) => set({ outlineOn: (e.currentTarget as HTMLInputElement).checked })}
              />{' '}
              Outline
            </label>
            {draft.outlineOn && (
              <>
                <label>
                  Outline colour
                  <input
                    type="color"
                    value={draft.outlineColor.toLowerCase()}
                    onInput={(e) => set({ outlineColor: (e.currentTarget as HTMLInputElement).value.toUpperCase() })}
                  />
                </label>
                <label>
                  Outline width (% of the font size)
                  <input
                    type="number"
                    min={1}
                    max={25}
                    step={0.5}
                    value={draft.outlineWidthPct}
                    onInput={(e) => set({ outlineWidthPct: Number((e.currentTarget as HTMLInputElement).value) })}
                  />
                </label>
              </>
            )}
            <label class="check">
              <input
                type="checkbox"
                checked={draft.showLogo}
                onChange={(e) => set({ showLogo: (e.currentTarget as HTMLInputElement).checked })}
              />{' '}
              Offer the logo
            </label>
          </div>
          {canRemove && (
            <button type="button" class="danger" onClick={() => set({ remove: true })}>
              Remove the {label.toLowerCase()} variant
            </button>
          )}
        </>
      ) : draft.remove ? (
        <p class="hint">
          The {label.toLowerCase()} variant will be removed.{' '}
          <button type="button" onClick={() => set({ remove: false })}>
            Keep it
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}

function formOf({
  name,
  slug,
  template,
  drafts,
}: {
  name: string;
  slug: string;
  template: PublicTemplate | null;
  drafts: Record<Variant, VariantDraft>;
}) {
  const form = new FormData();
  form.append('name', name);
  form.append('slug', slug);
  form.append('isEditing', String(Boolean(template)));
  if (template) form.append('expectedVersion', String(template.version));
  for (const variant of ['square', 'story'] as Variant[]) {
    const d = drafts[variant];
    if (d.remove) {
      if (d.existing) form.append(`${variant}Remove`, 'true');
      continue;
    }
    if (!d.file && !d.existing) continue;
    if (d.file) form.append(`${variant}Image`, d.file);
    const fields: Record<string, string> = {
      LeftPct: String(d.box.leftPct),
      TopPct: String(d.box.topPct),
      WidthPct: String(d.box.widthPct),
      HeightPct: String(d.box.heightPct),
      HAlign: d.hAlign,
      VAlign: d.vAlign,
      MaxFontPx: String(d.maxFontPx),
      FontColor: d.fontColor,
      ShowLogo: String(d.showLogo),
      Outline: d.outlineOn ? 'on' : 'none',
      OutlineColor: d.outlineColor,
      OutlineWidthPct: String(d.outlineWidthPct),
    };
    for (const [key, value] of Object.entries(fields)) form.append(`${variant}${key}`, value);
  }
  return form;
}

/** Create or edit one template (ADM-2). `template` null means create. */
export function TemplateEditor({
  template,
  onDone,
}: {
  template: PublicTemplate | null;
  onDone: (saved: boolean) => void;
}) {
  const [name, setName] = useState(template?.name ?? '');
  const [slug, setSlug] = useState(template?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(Boolean(template));
  const [drafts, setDrafts] = useState<Record<Variant, VariantDraft>>({
    square: draftOf(template?.square),
    story: draftOf(template?.story),
  });
  const [sample, setSample] = useState('SAVE20');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const change = (variant: Variant, draft: VariantDraft) => {
    setDrafts({ ...drafts, [variant]: draft });
    setDirty(true);
  };

  async function save(event: Event) {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setMessage('');
    try {
      await api.saveTemplate(formOf({ name, slug, template, drafts }));
      setDirty(false);
      onDone(true);
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(error.fields);
        setMessage(error.status === 409 ? `${error.message}.` : error.message);
      } else setMessage('Saving failed: check your connection and try again.');
    } finally {
      setSaving(false);
    }
  }

  return (
    <form class="editor" onSubmit={save} aria-label={template ? `Edit ${template.name}` : 'New template'}>
      <h2>{template ? `Edit “${template.name}”` : 'New template'}</h2>
      {message && (
        <p class="form-error" role="alert">
          {message}
        </p>
      )}
      <div class="row">
        <label>
          Name
          <input
            value={name}
            maxLength={100}
            required
            onInput={(e) => {
              const value = (e.currentTarget as HTMLInputElement).value;
              setName(value);
              if (!slugTouched) setSlug(slugify(value));
              setDirty(true);
            }}
          />
          <FieldError errors={errors} name="name" />
        </label>
        <label>
          Slug {template ? '(fixed)' : ''}
          <input
            value={slug}
            maxLength={64}
            disabled={Boolean(template)}
            onInput={(e) => {
              setSlug((e.currentTarget as HTMLInputElement).value);
              setSlugTouched(true);
              setDirty(true);
            }}
          />
          <FieldError errors={errors} name="slug" />
        </label>
        <label>
          Sample code
          <input
            value={sample}
            maxLength={40}
            onInput={(e) => setSample((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
      </div>
      <div class="variants">
        {(['square', 'story'] as Variant[]).map((variant) => (
          <div key={variant} class="variant-column">
            <VariantEditor
              variant={variant}
              draft={drafts[variant]}
              errors={errors}
              onChange={(d) => change(variant, d)}
              canRemove={drafts[variant].existing}
            />
            {drafts[variant].imageUrl && !drafts[variant].remove && (
              <Preview draft={drafts[variant]} code={sample} label={`${LABELS[variant]} preview`} />
            )}
          </div>
        ))}
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save template'}
        </button>
        {confirmLeave ? (
          <span role="alert">
            Discard your changes?{' '}
            <button type="button" class="danger" onClick={() => onDone(false)}>
              Discard
            </button>{' '}
            <button type="button" onClick={() => setConfirmLeave(false)}>
              Keep editing
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => (dirty ? setConfirmLeave(true) : onDone(false))}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
