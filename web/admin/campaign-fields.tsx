import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../src/shared/campaign-platforms.js';
import { FieldError } from './fields.js';

/** The campaign form's fields; each names its server key (`data-field`) and shows its problem under it. */
const errorId = (field: string) => `campaign-${field}-error`;
const invalid = (field: string, error: string | undefined) =>
  error
    ? { 'aria-invalid': 'true' as const, 'aria-describedby': errorId(field) }
    : { 'aria-describedby': errorId(field) };

export function TextField({
  field,
  label,
  value,
  max,
  error,
  multiline = false,
  onValue,
}: {
  field: string;
  label: string;
  value: string;
  max: number;
  error: string | undefined;
  multiline?: boolean;
  onValue: (value: string) => void;
}) {
  const props = {
    value,
    maxLength: max,
    'data-field': field,
    ...invalid(field, error),
    onInput: (e: Event) => onValue((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
  };
  return (
    <div class="campaign-field">
      {multiline ? (
        <label>
          {label}
          <textarea rows={5} {...props} />
        </label>
      ) : (
        <label>
          {label}
          <input {...props} />
        </label>
      )}
      <FieldError id={errorId(field)} message={error} />
    </div>
  );
}

/** A wall-clock date-time with its zone written beside it (the zone is not the device's). */
export function ZonedDateField({
  field,
  label,
  value,
  timeZone,
  error,
  onValue,
}: {
  field: string;
  label: string;
  value: string;
  timeZone: string;
  error: string | undefined;
  onValue: (value: string) => void;
}) {
  return (
    <div class="campaign-field">
      <label for={`campaign-${field}`}>{label}</label>
      <span class="zoned">
        <input
          id={`campaign-${field}`}
          type="datetime-local"
          value={value}
          data-field={field}
          {...invalid(field, error)}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        />
        <span class="zone">{timeZone}</span>
      </span>
      <FieldError id={errorId(field)} message={error} />
    </div>
  );
}

export function PlatformsField({
  value,
  error,
  onValue,
}: {
  value: readonly Platform[];
  error: string | undefined;
  onValue: (platforms: Platform[]) => void;
}) {
  return (
    <fieldset class="campaign-platforms" aria-describedby={errorId('platforms')}>
      <legend>Platforms entrants post on</legend>
      <div class="platform-choices">
        {PLATFORMS.map((platform) => (
          <label class="check" key={platform}>
            <input
              type="checkbox"
              checked={value.includes(platform)}
              data-field="platforms"
              {...invalid('platforms', error)}
              onChange={(e) => {
                const next = (e.currentTarget as HTMLInputElement).checked
                  ? [...value, platform]
                  : value.filter((p) => p !== platform);
                onValue(PLATFORMS.filter((p) => next.includes(p)));
              }}
            />{' '}
            {PLATFORM_NAMES[platform]}
          </label>
        ))}
      </div>
      <FieldError id={errorId('platforms')} message={error} />
    </fieldset>
  );
}
