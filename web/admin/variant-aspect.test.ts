import { describe, expect, it } from 'vitest';
import { aspectWarning } from './variant-aspect.js';

describe('variant aspect ratio', () => {
  it('says an 800 × 450 square is not square, with its size and the expected ratio', () => {
    expect(aspectWarning({ variant: 'square', width: 800, height: 450 })).toBe(
      'This image is 800 × 450 px, not square (1:1). You can still save it, but the Square variant is meant for 1:1 images.',
    );
  });

  it.each([
    ['square', 1080, 1080],
    ['square', 1080, 1100],
    ['square', 1100, 1080],
    ['story', 1080, 1920],
    ['story', 450, 800],
    ['story', 1080, 1950],
  ] as const)('accepts %s %i × %i (within 2 %)', (variant, width, height) => {
    expect(aspectWarning({ variant, width, height })).toBeNull();
  });

  it.each([
    ['square', 1080, 1110],
    ['square', 450, 800],
    ['story', 1080, 1080],
    ['story', 600, 800],
    ['story', 1920, 1080],
  ] as const)('warns for %s %i × %i', (variant, width, height) => {
    expect(aspectWarning({ variant, width, height })).toMatch(variant === 'story' ? /portrait \(9:16\)/ : /\(1:1\)/);
  });

  it('says nothing before the image has a size', () => {
    expect(aspectWarning({ variant: 'square', width: 0, height: 0 })).toBeNull();
  });
});
