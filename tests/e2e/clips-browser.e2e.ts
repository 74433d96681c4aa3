import type { MediaGroup, ParticipantWithJoinCode } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseUrl, eventually, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit } from '../support/page-audit.js';

const fr = JSON.parse(readFileSync(join(import.meta.dirname, '../../apps/web/public/i18n/fr.json'), 'utf8'));
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

let browser: Browser;
let dir: string;
let trainer: Browserish;
let group: MediaGroup;
let code: string;

// Every screenshot is also an accessibility and width check (tests/support/page-audit.ts).
const shot = shotAndAudit;

async function newPage(device: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const context = await browser.newContext({ ...device, locale: 'fr-BE' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return page;
}

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
  dir = await mkdtemp(join(tmpdir(), 'atelier-clips-browser-'));
  trainer = newClient();
  await trainer.signIn(seed().staff.find((s) => s.role === 'trainer')!.email, seed().password);
  const created = (await trainer.post('/api/participants', { displayName: 'Yasmina', preferredLanguage: 'fr' }))
    .body as ParticipantWithJoinCode;
  code = created.joinCode.code;
  const g = (await trainer.post('/api/media/groups', { name: 'Les reporters du marché' })).body as MediaGroup;
  group = (await trainer.post(`/api/media/groups/${g.id}/members`, { participantId: created.participant.id }))
    .body as MediaGroup;
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('clips in a real browser', () => {
  it('lets a participant upload a clip from a phone, watch its progress bar and find it in the bin', async () => {
    const file = join(dir, 'marche.mp4');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1280x720:rate=30',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=330',
      '-t',
      '4',
      '-c:v',
      'libx264',
      '-b:v',
      '8M',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      '-y',
      file,
    ]);

    const phone = await newPage(PHONE);
    await phone.goto(`${baseUrl()}/join`);
    await phone.locator('#join-code').fill(code);
    await phone.getByRole('button', { name: fr.join.submit, exact: true }).click();
    await phone.waitForURL(/\/home/);
    await phone.getByRole('link', { name: new RegExp(fr.clips.myClips) }).click();
    // One group: straight to its bin.
    await phone.waitForURL(new RegExp(`/studio/groups/${group.id}`));
    await phone.getByText(fr.clips.emptyBin).waitFor();
    await shot(phone, 'phone-clips-empty-fr');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A slow phone network, so the bar is seen moving.
    const cdp = await phone.context().newCDPSession(phone);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 40,
      downloadThroughput: 4_000_000,
      uploadThroughput: 1_000_000,
    });
    await phone.locator('input[type=file]').setInputFiles(file);
    const bar = phone.locator('.upload mat-progress-bar');
    await bar.waitFor();
    await phone.waitForFunction(
      () => Number(document.querySelector('.upload mat-progress-bar')?.getAttribute('aria-valuenow') ?? 0) > 0,
    );
    await shot(phone, 'phone-clips-uploading-fr');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    await phone.getByText(fr.clips.uploaded).waitFor({ timeout: 60_000 });
    const card = phone.locator('app-clip-card', { hasText: 'marche' });
    await card.waitFor();
    await expect(card.getAttribute('data-status')).resolves.toMatch(/processing|ready|failed/);
    await shot(phone, 'phone-clips-uploaded-fr');

    await phone.locator('app-clip-card[data-status=ready]').waitFor({ timeout: 120_000 });
    await card.getByRole('button', { name: fr.clips.play }).click();
    await phone.locator('.player video').waitFor();
    // The player shows the poster only until the person plays (data saver, issue 18): press play.
    await phone.locator('.player video').evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play().catch(() => undefined);
    });
    await phone.waitForFunction(
      () => ((document.querySelector('.player video') as HTMLVideoElement | null)?.readyState ?? 0) >= 2,
      undefined,
      { timeout: 30_000 },
    );
    await shot(phone, 'phone-clips-playing-fr');

    // The same bin in Arabic, right to left.
    await phone.locator('app-language-menu .trigger').click();
    await phone.getByRole('menuitem', { name: /العربية/ }).click();
    await phone.waitForFunction(() => document.documentElement.dir === 'rtl');
    await phone.getByText('مقاطع', { exact: false }).first().waitFor();
    await phone.locator('app-clip-card').first().waitFor();
    await shot(phone, 'phone-clips-ar');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 240_000);

  it('continues an upload where it stopped after the page was closed, when the same file is chosen again', async () => {
    // Bytes are enough here (what is tested is the transfer); a French-speaking member of its own.
    const file = join(dir, 'long-take.mp4');
    await writeFile(file, randomBytes(30 * 1024 * 1024));
    const created = (await trainer.post('/api/participants', { displayName: 'Karim', preferredLanguage: 'fr' }))
      .body as ParticipantWithJoinCode;
    await trainer.post(`/api/media/groups/${group.id}/members`, { participantId: created.participant.id });
    const phone = await newPage(PHONE);
    await phone.goto(`${baseUrl()}/join`);
    await phone.locator('#join-code').fill(created.joinCode.code);
    await phone.getByRole('button', { name: fr.join.submit, exact: true }).click();
    await phone.waitForURL(/\/home/);
    await phone.goto(`${baseUrl()}/studio/groups/${group.id}`);
    await phone.locator('input[type=file]:not([disabled])').waitFor({ state: 'attached' });
    const cdp = await phone.context().newCDPSession(phone);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 4_000_000,
    });
    await phone.locator('input[type=file]').setInputFiles(file);
    // Wait until the server holds the first 8 MiB request (asking it, as staff may), then close the tab mid-upload.
    const clipId = async (): Promise<string | undefined> =>
      (
        (await trainer.get(`/api/media/projects/${group.projectId}/clips`)).body as Array<{
          id: string;
          originalFilename: string;
        }>
      ).find((c) => c.originalFilename === 'long-take.mp4')?.id;
    await eventually(async () => (await clipId()) !== undefined, true, 30_000);
    const id = (await clipId())!;
    const stored = async (): Promise<number> =>
      Number(
        (await trainer.request('HEAD', `/api/uploads/${id}`, undefined, { 'tus-resumable': '1.0.0' })).headers.get(
          'upload-offset',
        ) ?? 0,
      );
    await eventually(async () => (await stored()) >= 8 * 1024 * 1024, true, 60_000);
    await phone.close();

    const again = await phone.context().newPage();
    await again.goto(`${baseUrl()}/studio/groups/${group.id}`);
    await again.locator('input[type=file]:not([disabled])').waitFor({ state: 'attached' });
    await again.locator('input[type=file]').setInputFiles(file);
    const resumed = again.locator('.upload', { hasText: 'long-take.mp4' });
    await resumed.getByText(fr.clips.uploaded).waitFor({ timeout: 60_000 });
    await shot(again, 'phone-clips-resumed-fr');
    await expect(resumed.textContent()).resolves.toContain(fr.clips.resumed.split('{{')[0].trim());
    const bin = (await trainer.get(`/api/media/projects/${group.projectId}/clips`)).body as Array<{
      originalFilename: string;
    }>;
    expect(bin.filter((c) => c.originalFilename === 'long-take.mp4')).toHaveLength(1);
    await again.context().close();
  }, 180_000);

  it('lets a trainer on a desktop tag, rename and delete a clip after confirming', async () => {
    const page = await newPage(DESKTOP);
    await page.goto(`${baseUrl()}/sign-in`);
    await page.locator('input[formcontrolname=email]').fill(seed().staff.find((s) => s.role === 'trainer')!.email);
    await page.locator('input[name=password]').fill(seed().password);
    await page.getByRole('button', { name: fr.signIn.submit, exact: true }).click();
    await page.waitForURL(/\/staff/);
    await page.getByRole('link', { name: fr.clips.staffLink }).click();
    await page.waitForURL(/\/studio$/);
    await page.getByRole('link', { name: /Les reporters du marché/ }).waitFor();
    await shot(page, 'desktop-studio-groups-fr');
    await page.getByRole('link', { name: /Les reporters du marché/ }).click();
    const card = page.locator('app-clip-card').first();
    await card.waitFor();

    await card.getByRole('button', { name: fr.clips.tags.interview }).click();
    await page.waitForFunction(() => document.querySelector('app-clip-card .tag-toggle[aria-pressed=true]') !== null);
    await card.getByRole('button', { name: fr.clips.rename }).click();
    await card.locator('input[name=title]').fill('Au marché du Midi');
    await card.getByRole('button', { name: fr.common.save }).click();
    await card.getByRole('heading', { name: 'Au marché du Midi' }).waitFor();
    await shot(page, 'desktop-clips-bin-fr');

    await card.getByRole('button', { name: fr.clips.delete }).click();
    await page.locator('dialog.confirm[open]').waitFor();
    await shot(page, 'desktop-clips-confirm-delete-fr');
    const before = ((await trainer.get(`/api/media/projects/${group.projectId}/clips`)).body as unknown[]).length;
    await page.getByRole('button', { name: fr.clips.confirmDeleteYes }).click();
    await page
      .locator('dialog.confirm[open]')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await page.getByRole('heading', { name: 'Au marché du Midi' }).waitFor({ state: 'detached' });
    expect((await trainer.get(`/api/media/projects/${group.projectId}/clips`)).body).toHaveLength(before - 1);
  });
});
