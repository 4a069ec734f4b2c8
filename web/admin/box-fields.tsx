import type { TextBox } from '../../src/renderer/render.types.js';
import { MIN_SIDE_PCT, normaliseBox } from './box-geometry.js';
import { NumberField } from './fields.js';

const NUDGE_STEP = 0.5;
const NUDGES: [string, string, Partial<TextBox>][] = [
  ['Move left', '←', { leftPct: -NUDGE_STEP }],
  ['Move up', '↑', { topPct: -NUDGE_STEP }],
  ['Move down', '↓', { topPct: NUDGE_STEP }],
  ['Move right', '→', { leftPct: NUDGE_STEP }],
  ['Narrower', 'W−', { widthPct: -NUDGE_STEP }],
  ['Wider', 'W+', { widthPct: NUDGE_STEP }],
  ['Shorter', 'H−', { heightPct: -NUDGE_STEP }],
  ['Taller', 'H+', { heightPct: NUDGE_STEP }],
];

/** Nudge buttons: move or resize the box by 0.5 % per press, for precise placement without a pointer. */
export function Nudge({ box, onChange }: { box: TextBox; onChange: (box: TextBox) => void }) {
  const nudge = (change: Partial<TextBox>) =>
    onChange(
      normaliseBox({
        leftPct: box.leftPct + (change.leftPct ?? 0),
        topPct: box.topPct + (change.topPct ?? 0),
        widthPct: box.widthPct + (change.widthPct ?? 0),
        heightPct: box.heightPct + (change.heightPct ?? 0),
      }),
    );
  return (
    <fieldset class="nudge">
      <legend class="visually-hidden">Nudge the text box</legend>
      {NUDGES.map(([name, text, change]) => (
        <button key={name} type="button" aria-label={name} onClick={() => nudge(change)}>
          {text}
        </button>
      ))}
    </fieldset>
  );
}

const SIDES = [
  ['leftPct', 'Left', 'LeftPct', 'left'],
  ['topPct', 'Top', 'TopPct', 'top'],
  ['widthPct', 'Width', 'WidthPct', 'width'],
  ['heightPct', 'Height', 'HeightPct', 'height'],
] as const;

/** The box as four numbers in % of the image (the original editor had them); each keeps the box inside the image. */
export function BoxNumbers({
  box,
  variantLabel,
  variant,
  errors,
  onChange,
  onDone,
}: {
  box: TextBox;
  variantLabel: string;
  variant: string;
  errors: Record<string, string>;
  onChange: (box: TextBox, field: string) => void;
  onDone: () => void;
}) {
  const maxOf = (key: keyof TextBox) =>
    key === 'leftPct'
      ? 100 - box.widthPct
      : key === 'topPct'
        ? 100 - box.heightPct
        : key === 'widthPct'
          ? 100 - box.leftPct
          : 100 - box.topPct;
  return (
    <fieldset class="box-numbers">
      <legend>Text box (% of the image)</legend>
      {SIDES.map(([key, label, suffix, word]) => (
        <NumberField
          key={key}
          label={label}
          describe={`${variantLabel}: text box ${word}`}
          field={`${variant}${suffix}`}
          value={box[key]}
          min={key === 'widthPct' || key === 'heightPct' ? MIN_SIDE_PCT : 0}
          max={maxOf(key)}
          error={errors[`${variant}${suffix}`]}
          onValue={(value) => onChange(normaliseBox({ ...box, [key]: value }), key)}
          onBlur={onDone}
        />
      ))}
    </fieldset>
  );
}
