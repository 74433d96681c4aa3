import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ParticipantWithJoinCode } from '@atelier/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { artifacts, baseUrl, Browserish, seed } from '../support/e2e.js';

/**
 * A workshop on a laptop: phones on the room's Wi-Fi open it at a plain-http address that is not
 * localhost (http://192.168.1.20:3000). Chromium maps the name atelier-lan.test to 127.0.0.1, so the
 * page is loaded from a non-localhost http origin, where `upgrade-insecure-requests` would send
 * every script to https and leave the page blank.
 */
const fr = JSON.parse(readFileSync(join(import.meta.dirname, '../../apps/web/public/i18n/fr.json'), 'utf8'));
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const LAPTOP = { viewport: { width: 1366, height: 768 } };
const HOST = 'atelier-lan.test';

let browser: Browser;
const lanUrl = (): string => baseUrl().replace(/^http:\/\/[^:/]+/, `http://${HOST}`);

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
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(device: typeof PHONE | typeof LAPTOP): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...device, locale: 'fr-BE' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  return { page, errors };
}

describe('a workshop on a LAN address over plain http', () => {
  it('lets a participant join on a phone at http://atelier-lan.test', async () => {
    const trainer = new Browserish();
    await trainer.signIn(seed().staff.find((s) => s.role === 'trainer')!.email, seed().password);
    const created = await trainer.post('/api/participants', { displayName: 'Lina', preferredLanguage: 'fr' });
    expect(created.status).toBe(201);
    const { joinCode } = created.body as ParticipantWithJoinCode;

    const { page, errors } = await newPage(PHONE);
    const first = await page.goto(`${lanUrl()}/join`);
    expect(first?.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
    await page.locator('#join-code').fill(joinCode.code);
    await page.getByRole('button', { name: fr.join.submit, exact: true }).click();
    await page.waitForURL(/\/home/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Lina');
    expect(new URL(page.url()).protocol).toBe('http:');
    await page.screenshot({ path: join(artifacts(), 'lan-phone-home.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('lets a trainer sign in on a laptop at the same address', async () => {
    const { page, errors } = await newPage(LAPTOP);
    await page.goto(`${lanUrl()}/sign-in`);
    await page.locator('input[formcontrolname=email]').fill(seed().staff.find((s) => s.role === 'trainer')!.email);
    await page.locator('input[name=password]').fill(seed().password);
    await page.getByRole('button', { name: fr.signIn.submit, exact: true }).click();
    await page.waitForURL(/\/staff/);
    await page.screenshot({ path: join(artifacts(), 'lan-laptop-staff.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
