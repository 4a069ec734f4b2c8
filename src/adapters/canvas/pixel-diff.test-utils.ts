/** RND-1 tolerance: at most this fraction of pixels may differ by more than 8/255 on any channel. */
export const PARITY_MAX_DIFFERENT_FRACTION = 0.005;
export const PARITY_CHANNEL_TOLERANCE = 8;

/** Fraction of pixels whose RGBA channels differ by more than `tolerance` between two same-sized RGBA buffers. */
export function differentPixelFraction(a: Uint8Array, b: Uint8Array, tolerance = PARITY_CHANNEL_TOLERANCE): number {
  if (a.length !== b.length || a.length % 4 !== 0)
    throw new Error(`pixel buffers differ in size: ${a.length} vs ${b.length}`);
  let different = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (
      Math.abs(a[i]! - b[i]!) > tolerance ||
      Math.abs(a[i + 1]! - b[i + 1]!) > tolerance ||
      Math.abs(a[i + 2]! - b[i + 2]!) > tolerance ||
      Math.abs(a[i + 3]! - b[i + 3]!) > tolerance
    ) {
      different++;
    }
  }
  return different / (a.length / 4);
}
