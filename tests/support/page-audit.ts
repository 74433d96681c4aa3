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
  /** `hint ↔ label` for each form hint drawn over another field's label or control. */
  overlaps: string[];
}

/**
 * Checks the page as it is now, the way the browser e2e tests use it after each step: axe-core's WCAG 2.1
 * A/AA rules (only serious and critical violations count: those stop someone from using the page),
 * nothing wider than the viewport (a phone must never scroll sideways), and no form hint over
 * another field. Read-only: it does not
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
  return { violations, overflowPx, overlaps: await formOverlaps(page) };
}

/**
 * Form hints and errors drawn over another field's label or control: every element a control names
 * in `aria-describedby`, and Material's hints and errors, against every label, floating label,
 * legend and control of another field (a long hint under a fixed-height field ran into the next one).
 */
export function formOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const field = (el: Element) => el.closest('mat-form-field, fieldset, .field') ?? el.parentElement;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const hints = new Set<Element>(document.querySelectorAll('mat-hint, mat-error, .mat-mdc-form-field-hint'));
    for (const control of document.querySelectorAll('[aria-describedby]')) {
      for (const id of (control.getAttribute('aria-describedby') ?? '').split(/\s+/)) {
        const hint = id ? document.getElementById(id) : null;
        if (hint) hints.add(hint);
      }
    }
    const others = [
      ...document.querySelectorAll(
        'label, legend, .mdc-floating-label, input:not([type=hidden]), select, textarea, mat-select',
      ),
    ].filter(visible);
    const found: string[] = [];
    for (const hint of [...hints].filter(visible)) {
      const h = hint.getBoundingClientRect();
      for (const other of others) {
        if (field(other) === field(hint) || hint.contains(other) || other.contains(hint)) continue;
        const o = other.getBoundingClientRect();
        const x = Math.min(h.right, o.right) - Math.max(h.left, o.left);
        const y = Math.min(h.bottom, o.bottom) - Math.max(h.top, o.top);
        if (x > 1 && y > 1) found.push(`${describe(hint)} overlaps ${describe(other)}`);
      }
    }
    return found;
  });
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
    ...problems.overlaps,
  ];
  if (found.length) throw new Error(`${where}:\n  ${found.join('\n  ')}`);
}
