/** The admin list's instant search (shown above a dozen templates). Pure. */
export const SEARCH_FROM = 13;

export const offersSearch = (count: number) => count >= SEARCH_FROM;

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Every word of the query appears in the name (or the slug), ignoring case and accents. */
export function matchesSearch(template: { name: string; slug: string }, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const haystack = `${fold(template.name)} ${template.slug}`;
  return words.every((word) => haystack.includes(word));
}
