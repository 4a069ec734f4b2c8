/**
 * Undo/redo of one variant's text box: a present value with the steps before and after it. Pure, so the editor's
 * buttons and keyboard shortcuts share one tested model.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Edits with the same key in a row (typing 1, 12, 12.5 into one field) are one undo step. */
  lastKey: string | null;
}

/** Enough for a long session; the oldest steps are forgotten first. */
export const MAX_STEPS = 100;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null };
}

export function recordStep<T>(
  history: History<T>,
  next: T,
  { key = null, equals = sameJson }: { key?: string | null; equals?: (a: T, b: T) => boolean } = {},
): History<T> {
  if (equals(history.present, next)) return history;
  if (key !== null && key === history.lastKey) return { ...history, present: next, future: [] };
  return {
    past: [...history.past, history.present].slice(-MAX_STEPS),
    present: next,
    future: [],
    lastKey: key,
  };
}

export const canUndo = (history: History<unknown>) => history.past.length > 0;
export const canRedo = (history: History<unknown>) => history.future.length > 0;

export function undoStep<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    lastKey: null,
  };
}

export function redoStep<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest, lastKey: null };
}

/** Ends a run of same-key edits (the field lost focus): the next edit is a step of its own. */
export const sealStep = <T>(history: History<T>): History<T> =>
  history.lastKey === null ? history : { ...history, lastKey: null };

function sameJson<T>(a: T, b: T): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
