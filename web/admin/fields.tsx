import { useEffect, useId, useState } from 'preact/hooks';
import { parseHexColour } from './colour.js';

/** Form fields that check what is typed as it is typed: the error sits under the field and the last good value stays. */

export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  return (
    <span id={id} class="field-error" aria-live="polite">
      {message ?? ''}
    </span>
  );
}

/**
 * Marks a field in error. A problem found as typed blocks saving; one the server reported (`data-server-error`) is
 * sent again for the server to judge after the user changed something else.
 */
export function invalidProps(errorId: string, live: string | null, server: string | undefined) {
  if (live) return { 'aria-invalid': 'true' as const, 'aria-describedby': errorId };
  if (server) return { 'aria-invalid': 'true' as const, 'data-server-error': '', 'aria-describedby': errorId };
  return { 'aria-describedby': errorId };
}

/** A colour as a picker plus its hex text; an unfinished hex (`#FF00`) is shown as an error, never as black. */
export function ColourField({
  label,
  describe,
  value,
  error,
  field,
  onValue,
}: {
  label: string;
  /** The label with its variant, as errors say it: "Square: text colour". */
  describe: string;
  value: string;
  error?: string | undefined;
  field: string;
  onValue: (colour: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => {
    if (parseHexColour(text) !== value) setText(value);
  }, [value]);
  const live = parseHexColour(text) === null ? `${describe} must be #RRGGBB` : null;
  const message = live ?? error;
  return (
    <div class="colour-field">
      <div class="colour-inputs">
        <label>
          {label}
          <input
            data-field={field}
            value={text}
            maxLength={7}
            spellcheck={false}
            autoComplete="off"
            {...invalidProps(`${id}-error`, live, error)}
            onInput={(e) => {
              const next = (e.currentTarget as HTMLInputElement).value;
              setText(next);
              const colour = parseHexColour(next);
              if (colour) onValue(colour);
            }}
          />
        </label>
        <input
          type="color"
          data-field={field}
          aria-label={`${label} picker`}
          value={value.toLowerCase()}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value.toUpperCase())}
        />
      </div>
      <FieldError id={`${id}-error`} message={message} />
    </div>
  );
}

/** A number with bounds; out-of-range or unfinished text is reported under the field and not applied. */
export function NumberField({
  label,
  describe,
  value,
  min,
  max,
  step = 0.1,
  integer = false,
  error,
  field,
  onValue,
  onBlur,
}: {
  label: string;
  describe: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  error?: string | undefined;
  field: string;
  onValue: (value: number) => void;
  onBlur?: () => void;
}) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const parse = (raw: string) => {
    const n = /^\s*-?\d+(?:\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n)) ? n : null;
  };
  useEffect(() => {
    if (parse(text) !== value) setText(String(value));
  }, [value]);
  const range = `${min}–${Math.round(max * 10) / 10}`;
  const live = parse(text) === null ? `${describe} must be ${integer ? 'a whole number, ' : ''}${range}` : null;
  const message = live ?? error;
  return (
    <div class="number-field">
      <label>
        {label}
        <input
          type="number"
          inputMode="decimal"
          data-field={field}
          min={min}
          max={max}
          step={step}
          value={text}
          {...invalidProps(`${id}-error`, live, error)}
          onInput={(e) => {
            const raw = (e.currentTarget as HTMLInputElement).value;
            setText(raw);
            const n = parse(raw);
            if (n !== null) onValue(n);
          }}
          onBlur={onBlur}
        />
      </label>
      <FieldError id={`${id}-error`} message={message} />
    </div>
  );
}
