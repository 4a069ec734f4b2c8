import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type MessageSegment, type Preview } from '../shared/api.js';
import { isSafeHref } from './broadcast-format.js';
import { messageOf } from './broadcast-state.js';

const DEBOUNCE_MS = 300;

/**
 * The server's preview of the message (the same conversion the sends use), asked for once typing pauses. The last
 * preview stays on screen while the next one is made; `current` says whether it is of the text as it is now.
 */
export function usePreview(message: string, withImage: boolean) {
  const [state, setState] = useState<{ preview: Preview | null; of: string; error: string | null }>({
    preview: null,
    of: '',
    error: null,
  });
  const key = `${withImage ? 1 : 0}${message}`;
  // A draft found when the section opens is previewed at once; typing waits for a pause.
  const opened = useRef(true);
  useEffect(() => {
    const delay = opened.current ? 0 : DEBOUNCE_MS;
    opened.current = false;
    let stale = false;
    if (!message.trim()) {
      setState({ preview: null, of: key, error: null });
      return;
    }
    const timer = setTimeout(() => {
      api.previewBroadcast(message, withImage).then(
        (preview) => !stale && setState({ preview, of: key, error: null }),
        (error: unknown) => !stale && setState((s) => ({ ...s, of: key, error: messageOf(error) })),
      );
    }, delay);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [key]);
  return { ...state, current: state.of === key };
}

function Segment({ segment }: { segment: MessageSegment }) {
  // Built from the server's runs as elements: the text is never parsed as HTML here.
  let node: ComponentChild = segment.text;
  if (segment.code) node = <code>{node}</code>;
  else {
    if (segment.italic) node = <em>{node}</em>;
    if (segment.bold) node = <strong>{node}</strong>;
  }
  if (isSafeHref(segment.href))
    node = (
      <a href={segment.href} target="_blank" rel="noopener noreferrer">
        {node}
      </a>
    );
  return <>{node}</>;
}

/** The message as a Telegram chat bubble: the photo on top when there is one, the formatted text as its caption. */
export function MessagePreview({
  segments,
  imageUrl,
  imagePending,
  error,
}: {
  segments: MessageSegment[];
  imageUrl: string | null;
  imagePending: boolean;
  error: string | null;
}) {
  return (
    <figure class="tg-preview" aria-labelledby="tg-preview-title">
      <figcaption id="tg-preview-title">As Telegram will show it</figcaption>
      <div class="tg-chat">
        <div class="tg-bubble" data-testid="broadcast-preview">
          {imageUrl ? (
            <img src={imageUrl} alt="Sent with the message" />
          ) : (
            imagePending && <div class="tg-photo-placeholder">Image</div>
          )}
          <p class="tg-text">
            {segments.length ? (
              segments.map((segment, i) => <Segment key={i} segment={segment} />)
            ) : (
              <span class="tg-empty">Your message appears here.</span>
            )}
          </p>
        </div>
      </div>
      {error && (
        <p class="field-error" role="alert">
          The preview could not be made: {error}
        </p>
      )}
    </figure>
  );
}
