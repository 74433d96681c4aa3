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
  /** `selector WxH (needs N px)` for each target smaller than WCAG 2.2's 2.5.8 minimum, or a primary action under 44 px. */
  smallTargets: string[];
  /** `hint ↔ label` for each form hint drawn over another field's label or control. */
  overlaps: string[];
}

/**
 * WCAG 2.2 target size (2.5.8, AA): every target at least 24 × 24 CSS px, unless a 24 px circle on
 * its centre touches no other target (the spacing exception) or it is a link inside a sentence (the
 * inline exception). Primary actions (`.big-button`, submit buttons) must be 44 px high (our own
 * rule for people on cheap phones, 2.5.5's size). Runs in the page; returns one line per problem.
 */
function findSmallTargets(): string[] {
  const TARGETS =
    'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=switch]';
  const visible = (el: Element): DOMRect | null => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.opacity === '0') return null;
    // Native inputs Material draws over (checkbox, radio) are measured by their drawn control.
    if (el.closest('.mat-mdc-checkbox, .mat-mdc-radio-button, .mat-mdc-slide-toggle') && el.matches('input'))
      return null;
    return r;
  };
  const inSentence = (el: Element): boolean =>
    el.matches('a') &&
    getComputedStyle(el).display === 'inline' &&
    Array.from(el.parentElement?.childNodes ?? []).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
  const name = (el: Element): string => {
    const cls = Array.from(el.classList)
      .filter((c) => !c.startsWith('mat-') && !c.startsWith('mdc-'))
      .slice(0, 2);
    return `${el.tagName.toLowerCase()}${cls.length ? '.' + cls.join('.') : ''}${el.id ? '#' + el.id : ''}`;
  };
  const targets = Array.from(document.querySelectorAll(TARGETS))
    .filter((el) => !el.parentElement?.closest(TARGETS)) // a target inside a target is one target
    .map((el) => ({ el, r: visible(el) }))
    .filter((t): t is { el: Element; r: DOMRect } => t.r !== null);
  const centre = (r: DOMRect): [number, number] => [r.left + r.width / 2, r.top + r.height / 2];
  const distanceToRect = ([x, y]: [number, number], r: DOMRect): number =>
    Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const problems: string[] = [];
  for (const t of targets) {
    const size = `${Math.round(t.r.width)}x${Math.round(t.r.height)}`;
    if (t.el.matches('.big-button, button[type=submit]') && t.r.height < 43.5) {
      problems.push(`${name(t.el)} ${size} (a primary action needs 44 px)`);
      continue;
    }
    if ((t.r.width >= 23.5 && t.r.height >= 23.5) || inSentence(t.el)) continue;
    const c = centre(t.r);
    const crowded = targets.some((o) => {
      if (o === t) return false;
      const small = o.r.width < 23.5 || o.r.height < 23.5;
      return distanceToRect(c, o.r) < 12 || (small && Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < 24);
    });
    if (crowded) problems.push(`${name(t.el)} ${size} (needs 24 px, or space around it)`);
  }
  return problems;
}

/**
 * Checks the page as it is now, the way the browser e2e tests use it after each step: axe-core's WCAG 2.1
 * A/AA rules (only serious and critical violations count: those stop someone from using the page),
 * WCAG 2.2's target size (findSmallTargets), nothing wider than the viewport (a phone must never scroll
 * sideways), and no form hint over another field. Read-only: it does not
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
  const smallTargets = await page.evaluate(findSmallTargets);
  return { violations, overflowPx, smallTargets, overlaps: await formOverlaps(page) };
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
    ...problems.smallTargets.map((t) => `target too small: ${t}`),
    ...problems.overlaps,
  ];
  if (found.length) throw new Error(`${where}:\n  ${found.join('\n  ')}`);
}
