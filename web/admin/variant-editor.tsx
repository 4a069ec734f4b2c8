import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { SizedImage } from '../../src/renderer/canvas.types.js';
import type { TextBox } from '../../src/renderer/render.types.js';
import { VARIANT_LABELS } from '../../src/shared/template-naming.js';
import { type BrowserImage, loadImage } from '../shared/browser-canvas.js';
import { BoxDrawer } from './box-drawer.js';
import { BoxNumbers, Nudge } from './box-fields.js';
import { canRedo, canUndo, recordStep, redoStep, sealStep, undoStep } from './box-history.js';
import { FieldError, invalidProps } from './fields.js';
import { StyleFields } from './style-fields.js';
import { aspectWarning } from './variant-aspect.js';
import { isShown, styleOf, type Variant, type VariantDraft } from './variant-draft.js';

export type DraftUpdate = (change: (draft: VariantDraft) => VariantDraft) => void;

function useImage(url: string | null): SizedImage<BrowserImage> | null {
  const [image, setImage] = useState<SizedImage<BrowserImage> | null>(null);
  useEffect(() => {
    let cancelled = false;
    setImage(null);
    if (url)
      void loadImage(url).then(
        (loaded) => !cancelled && setImage(loaded),
        () => undefined,
      );
    return () => {
      cancelled = true;
    };
  }, [url]);
  return image;
}

/** One variant's part of the editor: image, drawing area with the live result, box numbers, style. */
export function VariantEditor({
  variant,
  draft,
  errors,
  code,
  update,
  canRemove,
}: {
  variant: Variant;
  draft: VariantDraft;
  errors: Record<string, string>;
  code: string;
  update: DraftUpdate;
  canRemove: boolean;
}) {
  const id = useId();
  const label = VARIANT_LABELS[variant];
  const image = useImage(isShown(draft) ? draft.imageUrl : null);
  const [drawMode, setDrawMode] = useState(false);
  const set = (patch: Partial<VariantDraft>) => update((d) => ({ ...d, ...patch }));
  const editBox = (box: TextBox, key: string | null = null) =>
    update((d) => ({ ...d, boxes: recordStep(d.boxes, box, { key }) }));
  const style = useMemo(() => styleOf(draft), [draft]);
  const warning = image ? aspectWarning({ variant, width: image.width, height: image.height }) : null;
  const pickFile = (file: File | undefined) =>
    file && set({ file, imageUrl: URL.createObjectURL(file), remove: false });
  const box = draft.boxes.present;

  return (
    <fieldset class="variant" data-variant={variant}>
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
          data-field={`${variant}Image`}
          {...invalidProps(`${id}-image-error`, null, errors[`${variant}Image`])}
          aria-describedby={`${id}-image-error ${id}-aspect`}
          onChange={(e) => pickFile((e.currentTarget as HTMLInputElement).files?.[0])}
        />
      </label>
      <FieldError id={`${id}-image-error`} message={errors[`${variant}Image`]} />
      <p id={`${id}-aspect`} class="warning" role="status">
        {isShown(draft) ? (warning ?? '') : ''}
      </p>
      {isShown(draft) ? (
        <>
          <div class="box-tools">
            <button type="button" aria-pressed={drawMode} onClick={() => setDrawMode(!drawMode)}>
              Draw box
            </button>
            <button
              type="button"
              disabled={!canUndo(draft.boxes)}
              onClick={() => update((d) => ({ ...d, boxes: undoStep(d.boxes) }))}
            >
              Undo
            </button>
            <button
              type="button"
              disabled={!canRedo(draft.boxes)}
              onClick={() => update((d) => ({ ...d, boxes: redoStep(d.boxes) }))}
            >
              Redo
            </button>
          </div>
          <p class="hint">
            {drawMode
              ? 'Drag on the image to draw the box where the code goes.'
              : 'Drag the round handles to move or resize the box; with a mouse, drag on the image to draw a new one. On a touch screen press “Draw box” first.'}
          </p>
          <BoxDrawer
            image={image}
            style={style}
            code={code}
            drawMode={drawMode}
            previewLabel={`${label} preview`}
            onCommit={(next, how) => {
              editBox(next);
              if (how === 'draw') setDrawMode(false);
            }}
          />
          <Nudge box={box} onChange={(next) => editBox(next)} />
          <BoxNumbers
            box={box}
            variant={variant}
            variantLabel={label}
            errors={errors}
            onChange={(next, field) => editBox(next, field)}
            onDone={() => update((d) => ({ ...d, boxes: sealStep(d.boxes) }))}
          />
          <StyleFields variant={variant} draft={draft} errors={errors} set={set} />
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
