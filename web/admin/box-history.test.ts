import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, MAX_STEPS, recordStep, redoStep, sealStep, startHistory, undoStep } from './box-history.js';

describe('box history', () => {
  it('undoes and redoes steps in order', () => {
    let h = startHistory(1);
    h = recordStep(h, 2);
    h = recordStep(h, 3);
    expect(canUndo(h)).toBe(true);
    h = undoStep(h);
    expect(h.present).toBe(2);
    h = undoStep(h);
    expect(h.present).toBe(1);
    expect(canUndo(h)).toBe(false);
    expect(undoStep(h)).toBe(h);
    h = redoStep(redoStep(h));
    expect(h.present).toBe(3);
    expect(canRedo(h)).toBe(false);
    expect(redoStep(h)).toBe(h);
  });

  it('forgets the redo steps when a new edit is made after an undo', () => {
    const h = recordStep(undoStep(recordStep(recordStep(startHistory('a'), 'b'), 'c')), 'd');
    expect(h.present).toBe('d');
    expect(h.past).toEqual(['a', 'b']);
    expect(canRedo(h)).toBe(false);
  });

  it('ignores an edit that changes nothing, comparing values rather than identity', () => {
    const h = startHistory({ leftPct: 5 });
    expect(recordStep(h, { leftPct: 5 })).toBe(h);
  });

  it('makes edits with the same key in a row one step, until sealed', () => {
    let h = startHistory(0);
    h = recordStep(h, 1, { key: 'left' });
    h = recordStep(h, 12, { key: 'left' });
    expect(undoStep(h).present).toBe(0);
    h = recordStep(sealStep(h), 13, { key: 'left' });
    expect(undoStep(h).present).toBe(12);
    h = recordStep(h, 14, { key: 'top' });
    expect(undoStep(h).present).toBe(13);
  });

  it(`keeps the last ${MAX_STEPS} steps`, () => {
    let h = startHistory(0);
    for (let i = 1; i <= MAX_STEPS + 20; i++) h = recordStep(h, i);
    expect(h.past).toHaveLength(MAX_STEPS);
    expect(h.past[0]).toBe(20);
  });
});
