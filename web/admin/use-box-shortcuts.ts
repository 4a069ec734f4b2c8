import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import { redoStep, undoStep } from './box-history.js';
import type { Variant } from './variant-draft.js';
import type { DraftUpdate } from './variant-editor.js';

const TYPING = /^(?:text|search|number|url|email|tel|password)$/;

/** Text fields keep their own undo: Ctrl+Z there undoes typing, not the box. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && TYPING.test(target.type);
}

/**
 * Ctrl/Cmd+Z undoes a box edit, Ctrl/Cmd+Shift+Z or Ctrl+Y redoes it — in the variant that has focus, else in the
 * one edited last.
 */
export function useBoxShortcuts({
  update,
  lastEdited,
}: {
  update: (variant: Variant) => DraftUpdate;
  lastEdited: RefObject<Variant | null>;
}): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      const redo = (key === 'z' && event.shiftKey) || (key === 'y' && event.ctrlKey && !event.shiftKey);
      if (!redo && !(key === 'z' && !event.shiftKey)) return;
      const within = (event.target as HTMLElement | null)?.closest?.<HTMLElement>('[data-variant]')?.dataset.variant;
      const variant = (within as Variant | undefined) ?? lastEdited.current;
      if (!variant) return;
      event.preventDefault();
      update(variant)((draft) => ({ ...draft, boxes: redo ? redoStep(draft.boxes) : undoStep(draft.boxes) }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
