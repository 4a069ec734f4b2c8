/**
 * How templates are named, shared by the server and the pages (the admin derives the slug live as the server will):
 * pure, no I/O.
 */
export const MAX_SLUG_LENGTH = 64;

/** Users see the story variant as "Portrait". */
export const VARIANT_LABELS = { square: 'Square', story: 'Portrait' } as const;

/** e.g. "Flash Sale 20%!" → "flash-sale-20" */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}
