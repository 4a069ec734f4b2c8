import { useId, useState } from 'preact/hooks';
import { api } from '../shared/api.js';
import { imageChoiceOf } from './broadcast-draft.js';
import { parseChatId } from './broadcast-format.js';
import { draft, fieldErrors, messageOf, placeError, setFieldError } from './broadcast-state.js';

/** Telegram's answer, for the message, image and chat it was about (a change of any of them clears it). */
type Result = { ok: boolean; text: string; of: string } | null;

/** BRD-1: the message to one chat first, so the admin sees it as users will; Telegram's answer beside the button. */
export function TestSend({ blocker }: { blocker: string | null }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Result>(null);
  const chatText = draft.chatId.value;
  const of = JSON.stringify([draft.message.value, imageChoiceOf(draft.image.value), chatText]);
  const result = answer?.of === of ? answer : null;
  const chatId = parseChatId(chatText);
  const typedBadly = chatText.trim() !== '' && chatId === null;
  const serverError = fieldErrors.value.chat_id;

  async function send() {
    if (chatId === null) return;
    setBusy(true);
    setAnswer(null);
    setFieldError('chat_id', null);
    try {
      await api.sendTestBroadcast({
        message: draft.message.value,
        chat_id: chatId,
        image: imageChoiceOf(draft.image.value),
      });
      setAnswer({ ok: true, text: `Sent to ${chatId}. Check that chat in Telegram.`, of });
    } catch (error) {
      // A refusal about the chat is Telegram's own words: they go beside this button; others beside their field.
      const placed = placeError(error);
      const field = fieldErrors.value.chat_id;
      setAnswer({ ok: false, text: field ?? (placed ? 'Not sent: see the message above.' : messageOf(error)), of });
    } finally {
      setBusy(false);
    }
  }

  const reason = blocker ?? (chatId === null ? 'Type the chat id to send the test to.' : null);
  return (
    <fieldset class="panel test-send">
      <legend>Test</legend>
      <div class="test-row">
        <label class="chat-id">
          Test chat id
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellcheck={false}
            value={chatText}
            aria-invalid={typedBadly || serverError ? 'true' : undefined}
            aria-describedby={`${id}-result ${id}-hint`}
            onInput={(e) => {
              draft.chatId.value = (e.currentTarget as HTMLInputElement).value;
              setFieldError('chat_id', null);
            }}
          />
        </label>
        <button type="button" disabled={busy || reason !== null} onClick={() => void send()}>
          {busy ? 'Sending…' : 'Send test'}
        </button>
        <p
          id={`${id}-result`}
          class="status test-result"
          role="status"
          data-state={result ? (result.ok ? 'valid' : 'error') : typedBadly ? 'error' : undefined}
        >
          {typedBadly ? 'A chat id is a whole number, like 123456789.' : (result?.text ?? '')}
        </p>
      </div>
      <p id={`${id}-hint`} class="hint">
        Your own chat id: message the bot once (Telegram lets a bot write only to people who started it), then ask
        @userinfobot, which answers with your id.
      </p>
    </fieldset>
  );
}
