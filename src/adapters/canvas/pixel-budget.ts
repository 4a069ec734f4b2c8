/**
 * RND-7: renders admitted by the pixels they hold, not only by count. A render starts when its pixels fit beside those
 * in flight and fewer than `renders` are in flight; waiters are looked at in arrival order and any that fits starts,
 * so small renders keep moving while a large one waits for room. A render larger than the whole budget runs alone
 * (it is never refused). A large waiter cannot starve: at most `renders` small ones are in flight at once, and the
 * budget is sized so that the largest allowed template fits beside them.
 */
export interface PixelBudget {
  /** Resolves when `pixels` fit; call the returned release exactly once when the render is done. */
  acquire(pixels: number): Promise<() => void>;
  readonly inFlight: { pixels: number; renders: number };
}

export function createPixelBudget({
  pixels: limit,
  renders: maxRenders,
}: {
  pixels: number;
  renders: number;
}): PixelBudget {
  let pixelsInFlight = 0;
  let rendersInFlight = 0;
  const waiting: { pixels: number; start: () => void }[] = [];

  const fits = (pixels: number) =>
    rendersInFlight === 0 || (rendersInFlight < maxRenders && pixelsInFlight + pixels <= limit);
  const take = (pixels: number) => {
    pixelsInFlight += pixels;
    rendersInFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      pixelsInFlight -= pixels;
      rendersInFlight--;
      for (let i = 0; i < waiting.length; ) {
        const next = waiting[i]!;
        if (!fits(next.pixels)) {
          i++;
          continue;
        }
        waiting.splice(i, 1);
        next.start();
      }
    };
  };

  return {
    acquire(pixels) {
      if (fits(pixels)) return Promise.resolve(take(pixels));
      return new Promise((resolve) => waiting.push({ pixels, start: () => resolve(take(pixels)) }));
    },
    get inFlight() {
      return { pixels: pixelsInFlight, renders: rendersInFlight };
    },
  };
}
