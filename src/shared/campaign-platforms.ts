/** CMP-1: the platforms a campaign can take posts from, and how people know them. Pure: the pages use it too. */
export const PLATFORMS = ['instagram', 'x', 'facebook', 'tiktok', 'linkedin'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Names as the platforms write them; X is still "Twitter" to many people, so both are said. */
export const PLATFORM_NAMES: Record<Platform, string> = {
  instagram: 'Instagram',
  x: 'Twitter / X',
  facebook: 'Facebook',
  tiktok: 'TikTok',
  linkedin: 'LinkedIn',
};

/** The label of a platform id the page received (an unknown one is shown as sent, capitalised). */
export function platformName(id: string): string {
  return (PLATFORM_NAMES as Record<string, string>)[id] ?? id.charAt(0).toUpperCase() + id.slice(1);
}
