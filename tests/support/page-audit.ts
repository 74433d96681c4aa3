import { AxeBuilder } from '@axe-core/playwright';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { artifacts } from './e2e.js';

/** What an audit found on one page: accessibility violations that block people, and sideways scrolling. */
export interface PageProblems {
  /** `rule-id (impact): target, target…` for each serious or critical axe violation. */
  violations: string[];
  /** How many pixels the page is wider than the viewport (0 when it fits). */
  overflowPx: number;
}

/**
 * Checks the page as it is now, the way the browser e2e tests use it after each step: axe-core's WCAG 2.1
 * A/AA rules (only serious and critical violations count: those stop someone from using the page),
 * and nothing wider than the viewport (a phone must never scroll sideways). Read-only: it does not
 * click, type or wait for anything but the page being loaded.
 */
export async function auditPage(page: Page): Promise<PageProblems> {
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
  const overflowPx = await page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
  return { violations, overflowPx };
}

/**
 * Screenshots the page into the e2e artifacts and audits it; fails the test with the page's name,
 * URL, language and every problem found. The shared `shot` of the browser e2e tests.
 */
export async function shotAndAudit(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts(), `${name}.png`), fullPage: true });
  const problems = await auditPage(page);
  const lang = await page.evaluate(() => `${document.documentElement.lang}/${document.documentElement.dir}`);
  const where = `${name} (${page.url()}, ${lang}, ${page.viewportSize()?.width ?? '?'} px)`;
  const found = [
    ...problems.violations,
    ...(problems.overflowPx > 0 ? [`${problems.overflowPx} px wider than the viewport`] : []),
  ];
  if (found.length) throw new Error(`${where}:\n  ${found.join('\n  ')}`);
}
