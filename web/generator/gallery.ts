import type { PublicTemplate } from '../shared/api.js';

/** Catalogues longer than this get the search field. */
export const SEARCH_FROM = 13;

/** Lower-case without accents, so "cafe" finds "Café". */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The template gallery (WEB-1): one button per template in the catalogue's order (the server sorts names naturally),
 * and, for long catalogues, an instant search by name that hides what does not match.
 */
export function createGallery({
  list,
  searchRow,
  search,
  status,
  onPick,
}: {
  list: HTMLUListElement;
  searchRow: HTMLElement;
  search: HTMLInputElement;
  status: HTMLElement;
  onPick(slug: string): void;
}) {
  let items: { item: HTMLLIElement; name: string }[] = [];

  function filter(): void {
    const query = folded(search.value.trim());
    let shown = 0;
    for (const { item, name } of items) {
      item.hidden = query !== '' && !name.includes(query);
      if (!item.hidden) shown++;
    }
    status.textContent =
      query === '' ? '' : shown === 0 ? `No template matches "${search.value.trim()}".` : `${shown} of ${items.length}`;
  }
  search.addEventListener('input', filter);

  return {
    render(templates: PublicTemplate[]): void {
      items = templates.map((template) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.slug = template.slug;
        button.setAttribute('aria-pressed', 'false');
        const thumb = document.createElement('img');
        // Loaded by showThumbnails(), once the chosen template's preview had the connection to itself.
        thumb.dataset.src = (template.square ?? template.story)?.thumbUrl ?? '';
        thumb.alt = '';
        thumb.loading = 'lazy';
        thumb.decoding = 'async';
        thumb.fetchPriority = 'low';
        const name = document.createElement('span');
        name.textContent = template.name;
        button.append(thumb, name);
        button.addEventListener('click', () => onPick(template.slug));
        item.append(button);
        return { item, name: folded(template.name) };
      });
      list.replaceChildren(...items.map(({ item }) => item));
      searchRow.hidden = templates.length < SEARCH_FROM;
      filter();
    },
    showThumbnails(): void {
      for (const thumb of list.querySelectorAll<HTMLImageElement>('img[data-src]')) {
        thumb.src = thumb.dataset.src ?? '';
        delete thumb.dataset.src;
      }
    },
    markSelected(slug: string): void {
      for (const button of list.querySelectorAll('button'))
        button.setAttribute('aria-pressed', String(button.dataset.slug === slug));
    },
  };
}
