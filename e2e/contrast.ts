/// <reference lib="dom" />
import type { Page } from 'playwright-core';

export interface ContrastProblem {
  what: string;
  ratio: number;
  needs: number;
}

/**
 * WCAG 2.2 contrast from Chromium's computed styles: text of filled buttons and of labels/hints against their
 * background (4.5:1), edges of controls and panels against what surrounds them (3:1). Runs in the page.
 */
export function contrastProblems(page: Page, selectors: { text: string; edges: string }): Promise<ContrastProblem[]> {
  return page.evaluate(({ text, edges }) => {
    const rgba = (css: string) => {
      const parts = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return { r: parts[0]!, g: parts[1]!, b: parts[2]!, a: parts[3] ?? 1 };
    };
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) =>
      0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const ratio = (x: string, y: string) => {
      const [l1, l2] = [luminance(rgba(x)), luminance(rgba(y))].sort((p, q) => q - p) as [number, number];
      return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
    };
    /** The first opaque background at or above `el` (the page's own background at the top). */
    const backgroundOf = (el: Element | null): string => {
      for (let node = el; node; node = node.parentElement) {
        const bg = getComputedStyle(node).backgroundColor;
        if (rgba(bg).a > 0) return bg;
      }
      return getComputedStyle(document.documentElement).backgroundColor;
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replaceAll(' ', '.')}` : ''} “${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}”`;
    const problems: { what: string; ratio: number; needs: number }[] = [];
    for (const el of document.querySelectorAll(text)) {
      if (!visible(el) || !(el.textContent ?? '').trim() || (el as HTMLButtonElement).disabled) continue;
      const value = ratio(getComputedStyle(el).color, backgroundOf(el));
      if (value < 4.5) problems.push({ what: `text of ${name(el)}`, ratio: value, needs: 4.5 });
    }
    for (const el of document.querySelectorAll(edges)) {
      if (!visible(el)) continue;
      const style = getComputedStyle(el);
      const width = Number.parseFloat(style.borderTopWidth);
      const value = width > 0 ? ratio(style.borderTopColor, backgroundOf(el.parentElement)) : 1;
      if (value < 3) problems.push({ what: `edge of ${name(el)}`, ratio: value, needs: 3 });
    }
    return problems;
  }, selectors);
}
