/** What the colour fields accept: `#RRGGBB` (TPL-1), the `#` optional while typing, any case. Pure. */
const HEX = /^#?([0-9a-f]{6})$/i;

/** `#RRGGBB` in upper case, or null when the text is not a colour yet. */
export function parseHexColour(text: string): string | null {
  const match = HEX.exec(text.trim());
  return match ? `#${match[1]!.toUpperCase()}` : null;
}
