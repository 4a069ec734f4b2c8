import { VARIANT_LABELS } from '../../src/shared/template-naming.js';

/**
 * The shape each variant is made for: square 1:1, portrait (story) 9:16 — the sample templates' 1080 × 1920 and what
 * phone stories use; the SPEC names the variant but not its ratio. Pure.
 */
export const VARIANT_RATIOS = {
  square: { width: 1, height: 1, label: '1:1' },
  story: { width: 9, height: 16, label: '9:16' },
} as const;

/** How far off an image may be before the editor says so (2 %: 1080 × 1100 passes, 800 × 450 does not). */
export const ASPECT_TOLERANCE = 0.02;

/** A warning when the image's shape is off by more than 2 % from its variant's; null when it fits. */
export function aspectWarning({
  variant,
  width,
  height,
}: {
  variant: keyof typeof VARIANT_RATIOS;
  width: number;
  height: number;
}): string | null {
  if (!(width > 0 && height > 0)) return null;
  const expected = VARIANT_RATIOS[variant];
  const off = (width / height) * (expected.height / expected.width) - 1;
  if (Math.abs(off) <= ASPECT_TOLERANCE) return null;
  const label = VARIANT_LABELS[variant];
  return (
    `This image is ${width} × ${height} px, not ${label.toLowerCase()} (${expected.label}). ` +
    `You can still save it, but the ${label} variant is meant for ${expected.label} images.`
  );
}
