import { useEffect, useId, useState } from 'preact/hooks';
import { api } from '../shared/api.js';
import { AUDIENCE_CHOICES, recipientsLine } from './broadcast-format.js';
import { audienceVersion, draft, fieldErrors, messageOf, recipients, setFieldError } from './broadcast-state.js';
import { FieldError } from './fields.js';

/** Who receives it (private users active in the last N days, or everyone; blocked users never), counted live. */
export function AudiencePicker() {
  const id = useId();
  const days = draft.days.value;
  const [countError, setCountError] = useState<string | null>(null);
  const version = audienceVersion.value;
  useEffect(() => {
    let stale = false;
    recipients.value = null;
    setCountError(null);
    api.broadcastAudience(days).then(
      (answer) => {
        if (!stale) recipients.value = answer.recipients;
      },
      (error: unknown) => !stale && setCountError(`The recipients could not be counted: ${messageOf(error)}`),
    );
    return () => {
      stale = true;
    };
  }, [days, version]);
  const count = recipients.value;
  return (
    <fieldset class="panel audience">
      <legend id={`${id}-legend`}>Audience</legend>
      <div
        class="choices"
        role="radiogroup"
        aria-labelledby={`${id}-legend`}
        aria-describedby={`${id}-count ${id}-error`}
      >
        {AUDIENCE_CHOICES.map((choice) => (
          <label class="check" key={choice.days}>
            <input
              type="radio"
              name={`${id}-days`}
              value={choice.days}
              checked={days === choice.days}
              onChange={() => {
                setFieldError('days', null);
                draft.days.value = choice.days;
              }}
            />
            {choice.label}
          </label>
        ))}
      </div>
      <p id={`${id}-count`} class="recipients" aria-live="polite" data-empty={count === 0 ? 'true' : undefined}>
        {countError ?? (count === null ? 'Counting…' : recipientsLine(days, count))}
      </p>
      <p class="hint">Private chats only; people who blocked the bot are never sent to.</p>
      <FieldError id={`${id}-error`} message={fieldErrors.value.days} />
    </fieldset>
  );
}
