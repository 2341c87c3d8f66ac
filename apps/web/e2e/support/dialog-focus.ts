import type { Page } from 'playwright-core';

/** Where focus went while a dialog opened, and where it is once the dialog has opened. */
export interface FocusWhileOpening {
  /** True when focus was moved while the opening transition still ran (the case under test). */
  movedWhileOpening: boolean;
  /** The id of the focused element once the transition has ended. */
  focusedAfter: string;
}

/**
 * Opens a PrimeVue dialog with `open()` and moves focus to `#fieldId` the moment that field is in
 * the page, as a quick person does (clicking or tabbing on while the dialog still fades in), then
 * waits until the opening transition has ended (Vue drops `p-dialog-enter-active` right before
 * the dialog's own after-open focus).
 */
export async function moveFocusWhileOpening(page: Page, open: () => Promise<void>, fieldId: string): Promise<FocusWhileOpening> {
  await page.evaluate((id) => {
    const seen = window as unknown as { gkMovedWhileOpening?: boolean };
    delete seen.gkMovedWhileOpening;
    const observer = new MutationObserver(() => {
      const field = document.getElementById(id);
      if (!field) return;
      observer.disconnect();
      // After the mount's own focus (the focus trap's), in the same task.
      queueMicrotask(() => {
        field.focus();
        seen.gkMovedWhileOpening = document.activeElement === field && document.querySelector('.p-dialog-enter-active') !== null;
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }, fieldId);
  await open();
  await page.waitForFunction(() => (window as unknown as { gkMovedWhileOpening?: boolean }).gkMovedWhileOpening !== undefined);
  await page.waitForFunction(() => document.querySelector('.p-dialog-enter-active') === null);
  return page.evaluate(() => ({
    movedWhileOpening: (window as unknown as { gkMovedWhileOpening: boolean }).gkMovedWhileOpening,
    focusedAfter: document.activeElement?.id ?? '',
  }));
}
