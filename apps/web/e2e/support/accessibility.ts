import type { Page } from 'playwright-core';

/**
 * Every visible form control and button on the page has an accessible name (a label, aria-label,
 * aria-labelledby, or text). Returns a description of each control that has none.
 */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = Array.from(
      document.querySelectorAll<HTMLElement>('input:not([type=hidden]), textarea, select, button, [role=combobox], a[href]'),
    );
    const visible = (el: HTMLElement): boolean => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    // Accessible name order (accname): aria-labelledby, then aria-label, then <label>, then content.
    // A combobox's own aria-label is often its placeholder or value, not a name: it needs a label.
    const nameOf = (el: HTMLElement): string => {
      const labelledBy = el.getAttribute('aria-labelledby');
      if (labelledBy) {
        const text = labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
        if (text.trim()) return text;
      }
      const label = el.getAttribute('aria-label');
      const isCombobox = el.getAttribute('role') === 'combobox';
      if (label?.trim() && !(isCombobox && label.trim() === el.textContent?.trim())) return label;
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length > 0)
        return Array.from(labels)
          .map((l) => l.textContent ?? '')
          .join(' ');
      if (el.tagName === 'BUTTON' || el.tagName === 'A') return el.textContent ?? '';
      return el.getAttribute('title') ?? '';
    };
    return controls
      .filter((el) => visible(el) && !nameOf(el).trim())
      .map((el) => `${el.tagName.toLowerCase()}#${el.id || ''}.${el.className}`);
  });
}
