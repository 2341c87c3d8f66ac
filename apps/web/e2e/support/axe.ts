import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules (axe's tags), the level the console is held to. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Runs axe-core on the page as it is now and returns every serious or critical violation, one
 * line each (rule, impact, the elements and axe's summary), so a failing test says what to fix.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((node) => `${v.id} (${v.impact}) at ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`),
    );
}

export type ThemeName = 'light' | 'dark';

/** Makes every page of the context start in `theme` (the console's stored choice, see shell/theme.ts). */
export function themeInitScript(theme: ThemeName): string {
  return `window.localStorage.setItem('grantkeeper.theme', ${JSON.stringify(theme)});`;
}
