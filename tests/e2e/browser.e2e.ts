import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseUrl, seed } from '../support/e2e.js';
import { shotAndAudit } from '../support/page-audit.js';

/** The French and Arabic texts the app shows, read from its own translation files. */
const fr = JSON.parse(readFileSync(join(import.meta.dirname, '../../apps/web/public/i18n/fr.json'), 'utf8'));

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

// Every screenshot is also an accessibility and width check (tests/support/page-audit.ts).
const shot = shotAndAudit;

async function newPage(device: typeof PHONE | typeof DESKTOP, userAgent?: string): Promise<Page> {
  const context = await browser.newContext({ ...device, locale: 'fr-BE', userAgent });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return page;
}

async function signInAsTrainer(page: Page): Promise<void> {
  await page.goto(`${baseUrl()}/sign-in`);
  await page.locator('input[formcontrolname=email]').fill(seed().staff.find((s) => s.role === 'trainer')!.email);
  await page.locator('input[name=password]').fill(seed().password);
  await page.getByRole('button', { name: fr.signIn.submit, exact: true }).click();
  await page.waitForURL(/\/staff/);
}

/** Adds a participant from the staff dashboard and reads the join code off the card. */
async function addParticipant(page: Page, name: string): Promise<string> {
  await page.goto(`${baseUrl()}/staff?tab=participants`);
  await page.getByRole('button', { name: fr.participants.add }).click();
  await page.locator('input[formcontrolname=displayName]').fill(name);
  await page.getByRole('button', { name: fr.addParticipant.submit }).click();
  const code = page.locator('.code');
  await code.waitFor();
  return (await code.textContent())!.trim();
}

describe('the web client in a real browser', () => {
  it('lets a trainer add a participant who joins on a phone with the code and switches to Arabic', async () => {
    const staff = await newPage(DESKTOP);
    await signInAsTrainer(staff);
    await shot(staff, 'desktop-staff-dashboard');
    const code = await addParticipant(staff, 'Samira');
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expect(staff.locator('img.qr').getAttribute('src')).resolves.toMatch(/^data:image/);
    await shot(staff, 'desktop-join-card');

    const phone = await newPage(
      PHONE,
      'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36',
    );
    await phone.goto(`${baseUrl()}/join`);
    await shot(phone, 'phone-join-empty');
    await phone.locator('#join-code').fill(code.toLowerCase());
    await phone.getByRole('button', { name: fr.join.submit, exact: true }).click();
    await phone.waitForURL(/\/home/);
    await expect(phone.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Samira');
    await shot(phone, 'phone-home-fr');

    // Nothing on the phone page is wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await phone.getByRole('button', { name: new RegExp(fr.home.changeLanguage) }).click();
    await phone.getByRole('button', { name: 'العربية' }).last().click();
    await phone.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('ar');
    await expect(phone.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('مرحب');
    await shot(phone, 'phone-home-ar');

    // The choice is remembered: after a reload the page is still Arabic and right-to-left.
    await phone.reload();
    await phone.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expect(phone.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('مرحب');

    // The trainer sees Samira in the list with one connected phone.
    await staff.reload();
    const row = staff.locator('mat-expansion-panel').filter({ hasText: 'Samira' }).first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/1/);

    await phone.context().close();
    await staff.context().close();
  });

  it('joins straight from the QR link and signs out of a shared phone with one tap', async () => {
    const amina = seed().participants.find((p) => p.displayName === 'Amina')!;
    const phone = await newPage(PHONE);
    await phone.goto(amina.joinUrl.replace(/^https?:\/\/[^/]+/, baseUrl()));
    await phone.waitForURL(/\/home/);
    // Amina's own language is Arabic: the app switches to it when she joins.
    await phone.waitForFunction(() => document.documentElement.dir === 'rtl');
    await shot(phone, 'phone-qr-join-ar');

    await phone.locator('button.danger-button').click();
    await phone.waitForURL(/\/join/);
    await shot(phone, 'phone-signed-out');
    const me = await phone.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
    await phone.context().close();
  });

  it('shows a participant who types a wrong code what to do, in their language', async () => {
    const phone = await newPage(PHONE);
    await phone.goto(`${baseUrl()}/join`);
    await phone.getByRole('button', { name: 'العربية' }).first().click();
    await phone.waitForFunction(() => document.documentElement.dir === 'rtl');
    await phone.locator('#join-code').fill('ZZZZ-ZZZZ');
    await phone.locator('button[type=submit]').click();
    const alert = phone.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/[\u0600-\u06FF]/);
    await shot(phone, 'phone-join-wrong-code-ar');
    await phone.context().close();
  });
});
