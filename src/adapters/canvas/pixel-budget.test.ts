import { describe, expect, it } from 'vitest';
import { createPixelBudget, type PixelBudget } from './pixel-budget.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Asks for `pixels` and notes `name` in `started` when the render may begin. */
function ask(budget: PixelBudget, pixels: number, name: string, started: string[]) {
  return budget.acquire(pixels).then((release) => {
    started.push(name);
    return release;
  });
}

describe('the render pixel budget', () => {
  it('lets renders in while their pixels fit, and the next one in when one finishes', async () => {
    const budget = createPixelBudget({ pixels: 100, renders: 4 });
    const started: string[] = [];
    const a = await ask(budget, 60, 'a', started);
    const b = ask(budget, 60, 'b', started);
    await tick();
    expect(started).toEqual(['a']);
    a();
    (await b)();
    expect(started).toEqual(['a', 'b']);
    expect(budget.inFlight).toEqual({ pixels: 0, renders: 0 });
  });

  it('lets a small render past a large one that is waiting for room', async () => {
    const budget = createPixelBudget({ pixels: 100, renders: 4 });
    const started: string[] = [];
    const first = await ask(budget, 80, 'large 1', started);
    const second = ask(budget, 80, 'large 2', started);
    const small = ask(budget, 10, 'small', started);
    await tick();
    expect(started).toEqual(['large 1', 'small']);
    (await small)();
    first();
    (await second)();
    expect(started).toEqual(['large 1', 'small', 'large 2']);
  });

  it('runs a render larger than the whole budget on its own rather than never', async () => {
    const budget = createPixelBudget({ pixels: 100, renders: 4 });
    const started: string[] = [];
    const huge = await ask(budget, 400, 'huge', started);
    const next = ask(budget, 1, 'small', started);
    await tick();
    expect(started).toEqual(['huge']);
    huge();
    (await next)();
    expect(started).toEqual(['huge', 'small']);
  });

  it('holds back renders beyond the count limit however small, so a large waiter gets its turn', async () => {
    const budget = createPixelBudget({ pixels: 100, renders: 2 });
    const started: string[] = [];
    const first = await ask(budget, 1, '1', started);
    await ask(budget, 1, '2', started);
    const third = ask(budget, 1, '3', started);
    await tick();
    expect(started).toEqual(['1', '2']);
    first();
    (await third)();
    expect(started).toEqual(['1', '2', '3']);
  });

  it('releases once however often release is called', async () => {
    const budget = createPixelBudget({ pixels: 100, renders: 4 });
    const release = await budget.acquire(50);
    release();
    release();
    expect(budget.inFlight).toEqual({ pixels: 0, renders: 0 });
  });
});
