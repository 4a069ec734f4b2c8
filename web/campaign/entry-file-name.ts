/** CMP-3: `{title}_entry.png`, without the characters file systems refuse (titles never hold control characters). Pure. */
export function entryFileName(title: string): string {
  const base = title
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .trim();
  return `${base || 'campaign'}_entry.png`;
}
