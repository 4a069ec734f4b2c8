import { useEffect, useId, useState } from 'preact/hooks';
import { api } from '../shared/api.js';
import { AudiencePicker } from './broadcast-audience.js';
import { imageChoiceOf, sendBlocker, wantsImage } from './broadcast-draft.js';
import { audienceLabel, CAPTION_LIMIT, excerpt, formatCount, people, TEXT_LIMIT } from './broadcast-format.js';
import { ImagePicker, imageUrlOf, useTemplates } from './broadcast-image.js';
import { MessagePreview, usePreview } from './broadcast-preview.js';
import { draft, fieldErrors, messageOf, placeError, recipients, resetDraft, setFieldError } from './broadcast-state.js';
import { TestSend } from './broadcast-test.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { FieldError } from './fields.js';

/** BRD-1: write, preview, pick the image and the audience, test, then send after confirming. */
export function BroadcastCompose({ botOff, onCreated }: { botOff: boolean; onCreated: (id: number) => void }) {
  const id = useId();
  const templates = useTemplates();
  const message = draft.message.value;
  const image = draft.image.value;
  const withImage = wantsImage(image);
  const preview = usePreview(message, withImage);
  // While the next preview is made (300 ms after typing stops) the last one stands in for it.
  const latest = message.trim() ? preview.preview : null;
  const limit = (preview.current && latest?.limit) || (withImage ? CAPTION_LIMIT : TEXT_LIMIT);
  const length = latest?.length ?? 0;
  const tooLong = length > limit;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const count = recipients.value;
  const common = { botOff, message, preview: latest && { length, limit, fits: length > 0 && !tooLong }, image };
  const testBlocker = sendBlocker(common);
  const blocker = sendBlocker({ ...common, recipients: count });
  const messageError = fieldErrors.value.message;
  // A confirmation never outlives what it confirms: emptying the message or the audience closes it.
  useEffect(() => {
    if (blocker) setConfirming(false);
  }, [blocker]);

  async function send() {
    setBusy(true);
    setSendError(null);
    try {
      const created = await api.createBroadcast({
        message: draft.message.value,
        days: draft.days.value,
        image: imageChoiceOf(draft.image.value),
      });
      setConfirming(false);
      resetDraft();
      onCreated(created.job_id);
    } catch (error) {
      setConfirming(false);
      // A refusal about one field is shown beside it (all of them are above this button).
      setSendError(placeError(error) ? 'Not sent: see the message above.' : messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="compose" aria-label="New broadcast" onSubmit={(e) => e.preventDefault()}>
      <div class="panel message-field">
        <label for={`${id}-message`}>Message</label>
        <p id={`${id}-help`} class="hint">
          <strong>**bold**</strong>, <em>*italic*</em>, <code>`code`</code>, [text](https://link). Everything else is
          sent as typed.
        </p>
        <textarea
          id={`${id}-message`}
          rows={6}
          value={message}
          aria-invalid={tooLong || messageError ? 'true' : undefined}
          aria-describedby={`${id}-help ${id}-length ${id}-message-error`}
          onInput={(e) => {
            draft.message.value = (e.currentTarget as HTMLTextAreaElement).value;
            setFieldError('message', null);
            setSendError(null);
          }}
        />
        <p id={`${id}-length`} class="length" data-state={tooLong ? 'error' : undefined} aria-live="polite">
          {formatCount(length)} / {formatCount(limit)} characters
          {withImage ? ' (photo caption)' : ''}
          {tooLong ? ` — ${formatCount(length - limit)} too many` : ''}
        </p>
        <FieldError id={`${id}-message-error`} message={messageError} />
      </div>
      <MessagePreview
        segments={latest?.segments ?? []}
        imageUrl={imageUrlOf(image, templates)}
        imagePending={withImage}
        error={preview.error}
      />
      <ImagePicker templates={templates} />
      <AudiencePicker />
      <TestSend blocker={testBlocker} />
      <div class="panel send-area">
        <div class="action-buttons">
          <button
            type="button"
            class="primary"
            disabled={blocker !== null || busy}
            aria-haspopup="dialog"
            aria-expanded={confirming}
            aria-describedby={`${id}-send-why`}
            onClick={() => {
              setSendError(null);
              setConfirming(!confirming);
            }}
          >
            Send broadcast
          </button>
          <p id={`${id}-send-why`} class="hint send-why">
            {blocker ??
              (count === null ? '' : `To ${people(count)}: ${audienceLabel(draft.days.value).toLowerCase()}.`)}
          </p>
        </div>
        {confirming && blocker === null && count !== null && (
          <ConfirmDialog
            title={`Send to ${people(count)}?`}
            confirmLabel="Send"
            busy={busy}
            onConfirm={() => void send()}
            onCancel={() => setConfirming(false)}
          >
            <p class="confirm-excerpt">“{excerpt(message, 120)}”</p>
            <p>
              {audienceLabel(draft.days.value)}
              {withImage ? ', with the image' : ''}. Sending starts at once; you can cancel it while it runs.
            </p>
          </ConfirmDialog>
        )}
        {sendError && (
          <p class="form-error" role="alert">
            {sendError}
          </p>
        )}
      </div>
    </form>
  );
}
