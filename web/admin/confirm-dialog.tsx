import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A confirmation placed in the page flow right after the control that opened it (not a modal in the middle of the
 * screen): it names what will happen, takes focus on its safe button, closes on Escape and gives focus back.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  cancelLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = root.current;
    dialog?.scrollIntoView({ block: 'nearest' });
    cancel.current?.focus({ preventScroll: true });
    return () => {
      // Back to the control that opened it, unless the user has moved on (or that control is gone with a deleted row).
      const active = document.activeElement;
      if (opener?.isConnected && (active === document.body || active === null || dialog?.contains(active)))
        opener.focus({ preventScroll: true });
    };
  }, []);
  return (
    <div
      ref={root}
      class="confirm"
      role="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={children ? `${id}-body` : undefined}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id={`${id}-title`} class="confirm-title">
        {title}
      </p>
      {children && (
        <div id={`${id}-body`} class="confirm-body">
          {children}
        </div>
      )}
      <div class="confirm-actions">
        <button type="button" class="primary" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
