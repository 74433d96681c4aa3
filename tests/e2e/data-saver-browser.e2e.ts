import type { MediaGroup, ParticipantWithJoinCode } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { baseUrl, eventually, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit } from '../support/page-audit.js';
import { organisationOf, projectWithFilm, readyRender, withDb } from '../support/publishing-e2e.js';

/**
 * Issue 18, part B: what a participant's phone on prepaid data needs from uploads and films —
 * an upload that survives a closed page, "send only on Wi-Fi", sound only under Save-Data, small posters.
 */
const fr = JSON.parse(readFileSync(join(import.meta.dirname, '../../apps/web/public/i18n/fr.json'), 'utf8'));
const ar = JSON.parse(readFileSync(join(import.meta.dirname, '../../apps/web/public/i18n/ar.json'), 'utf8'));
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const DESKTOP = { viewport: { width: 1366, height: 768 } };
const MiB = 1024 * 1024;

let browser: Browser;
let dir: string;
let trainer: Browserish;
let group: MediaGroup;
let clipFile: string;
const shot = shotAndAudit;

interface ConnectionStub {
  type?: string;
  saveData?: boolean;
  effectiveType?: string;
  downlink?: number;
}

/** A stand-in for `navigator.connection` that the test can switch (`window.__setConnection`); runs in the page. */
function stubConnection(init: ConnectionStub): void {
  const target = new EventTarget() as EventTarget & Record<string, unknown>;
  Object.assign(target, init);
  Object.defineProperty(navigator, 'connection', { configurable: true, get: () => target });
  (window as unknown as { __setConnection: (c: ConnectionStub) => void }).__setConnection = (c) => {
    Object.assign(target, c);
    target.dispatchEvent(new Event('change'));
  };
}

async function participantPhone(
  name: string,
  connection: ConnectionStub | null,
  locale = 'fr-BE',
): Promise<{ page: Page; context: BrowserContext }> {
  const created = (
    await trainer.post('/api/participants', { displayName: name, preferredLanguage: locale.slice(0, 2) })
  ).body as ParticipantWithJoinCode;
  await trainer.post(`/api/media/groups/${group.id}/members`, { participantId: created.participant.id });
  const context = await browser.newContext({ ...PHONE, locale });
  if (connection) await context.addInitScript(stubConnection, connection);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${baseUrl()}/join`);
  await page.locator('#join-code').fill(created.joinCode.code);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/home/);
  return { page, context };
}

async function openBin(page: Page): Promise<void> {
  await page.goto(`${baseUrl()}/studio/groups/${group.id}`);
  await page.locator('input[type=file]:not([disabled])').first().waitFor({ state: 'attached' });
}

async function clipsNamed(name: string): Promise<Array<{ id: string; status: string }>> {
  const all = (await trainer.get(`/api/media/projects/${group.projectId}/clips`)).body as Array<{
    id: string;
    status: string;
    originalFilename: string;
  }>;
  return all.filter((c) => c.originalFilename === name);
}

async function serverOffset(id: string): Promise<number> {
  const head = await trainer.request('HEAD', `/api/uploads/${id}`, undefined, { 'tus-resumable': '1.0.0' });
  return Number(head.headers.get('upload-offset') ?? 0);
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
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  dir = await mkdtemp(join(tmpdir(), 'atelier-data-saver-'));
  // A real clip (3 s of noisy picture and a tone, lossless: about 30 MB, so a phone is caught mid-way).
  clipFile = join(dir, 'marche.mp4');
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25,noise=alls=80:allf=t+u'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '3'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
    clipFile,
  ]);
  trainer = newClient();
  await trainer.signIn(seed().staff.find((s) => s.role === 'trainer')!.email, seed().password);
  const g = (await trainer.post('/api/media/groups', { name: 'Les économes' })).body as MediaGroup;
  group = g;
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('uploads that survive the phone', () => {
  it('an upload goes on by itself after the page was closed mid-way, and the clip ends ready', async () => {
    const { page, context } = await participantPhone('Samira', null);
    await openBin(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 4_000_000,
    });
    await page.locator('input[type=file]').first().setInputFiles(clipFile);
    await eventually(async () => (await clipsNamed('marche.mp4')).length, 1, 30_000);
    const id = (await clipsNamed('marche.mp4'))[0]!.id;
    // Closed once the server holds the first 8 MiB request.
    await eventually(async () => (await serverOffset(id)) >= 8 * MiB, true, 60_000);
    await page.close();
    const heldAtClose = await serverOffset(id);
    expect(heldAtClose).toBeLessThan(30 * MiB);

    // Opened again: the list is back from the browser's storage and the upload continues without
    // choosing the file again (it was small enough to be kept), from what the server has.
    const again = await context.newPage();
    const offsets: number[] = [];
    again.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().includes('/api/uploads/'))
        offsets.push(Number(r.headers()['upload-offset']));
    });
    await again.goto(`${baseUrl()}/studio/groups/${group.id}`);
    const item = again.locator('.upload', { hasText: 'marche.mp4' });
    await item.waitFor({ timeout: 15_000 });
    await shot(again, 'data-saver-phone-upload-restored-fr');
    await item.getByText(fr.clips.uploaded).waitFor({ timeout: 90_000 });
    expect(await item.textContent()).toContain(fr.clips.resumed.split('{{')[0].trim());
    // Only what the server did not have was sent again: the first request starts at its offset.
    expect(offsets.length).toBeGreaterThan(0);
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(heldAtClose);
    expect(await clipsNamed('marche.mp4')).toHaveLength(1);
    await eventually(async () => (await clipsNamed('marche.mp4'))[0]!.status, 'ready', 120_000);
    // Finished uploads are not restored again.
    await again.reload();
    await again.locator('app-clip-card').first().waitFor();
    expect(await again.locator('.upload', { hasText: 'marche.mp4' }).count()).toBe(0);
    await context.close();
  }, 300_000);

  it('"send only on Wi-Fi" holds uploads on mobile data, sends them on Wi-Fi, and is kept on this phone', async () => {
    const { page, context } = await participantPhone('Youssef', { type: 'cellular', effectiveType: '4g' });
    await openBin(page);
    let sent = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/uploads')) sent++;
    });
    await page.getByText(fr.clips.wifiOnly).click();
    await page.getByText(fr.clips.wifiOnlyCellular).waitFor();
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: 'attente.mp4',
        mimeType: 'video/mp4',
        buffer: readFileSync(clipFile).subarray(0, 2 * MiB),
      });
    const item = page.locator('.upload', { hasText: 'attente.mp4' });
    await item.getByText(fr.clips.waitingForWifi).waitFor();
    await shot(page, 'data-saver-phone-wifi-only-waiting-fr');
    expect(sent).toBe(0);
    // Kept on this device: still on after a reload.
    await page.reload();
    await page.locator('mat-checkbox input').waitFor({ state: 'attached' });
    expect(await page.locator('mat-checkbox input').isChecked()).toBe(true);
    expect(sent).toBe(0);
    // On Wi-Fi it goes (the upload list came back from storage with the reload).
    await page.evaluate(() =>
      (window as unknown as { __setConnection: (c: object) => void }).__setConnection({ type: 'wifi' }),
    );
    await page.getByText(fr.clips.wifiOnlyWifi).waitFor();
    await item.getByText(fr.clips.uploaded).waitFor({ timeout: 60_000 });
    expect(sent).toBeGreaterThan(0);
    await context.close();
  }, 120_000);

  it('says plainly when the browser cannot tell Wi-Fi from mobile data (Arabic, right to left)', async () => {
    const { page, context } = await participantPhone('Rania', null, 'ar');
    await openBin(page);
    await page.getByText(ar.clips.wifiOnly).click();
    await page.getByText(ar.clips.wifiOnlyUnknown).waitFor();
    await shot(page, 'data-saver-phone-wifi-only-unknown-ar');
    await context.close();
  }, 60_000);
});

describe('films on a data budget', () => {
  let watchPath: string;
  let docId: string;

  beforeAll(async () => {
    const staff = newClient();
    const email = seed().staff.find((s) => s.role === 'trainer')!.email;
    await staff.signIn(email, seed().password);
    const org = await organisationOf(email);
    const { projectId } = await projectWithFilm(org.organisationId, org.userId, [], 'Groupe du mardi');
    const renderId = await readyRender(org.organisationId, projectId, org.userId);
    const doc = (
      await staff.put(`/api/publishing/projects/${projectId}/documentary`, {
        title: 'Le marché du mardi',
        description: 'Un film du groupe du mardi.',
        language: 'fr',
        videoClipId: null,
        renderId,
      })
    ).body as { id: string };
    docId = doc.id;
    // Published publicly (the consent path is tested in publishing-browser.e2e.ts).
    await withDb((db) =>
      db.query(`UPDATE documentaries SET published = true, visibility = 'public', published_at = now() WHERE id = $1`, [
        doc.id,
      ]),
    );
    watchPath = `/watch/${doc.id}`;
  }, 180_000); // ffmpeg makes the film and its renditions first: over a minute once on a loaded machine

  async function visitor(
    device: typeof PHONE | typeof DESKTOP,
    saveData: boolean,
    locale = 'fr-BE',
  ): Promise<{ page: Page; urls: string[] }> {
    const context = await browser.newContext({
      ...device,
      locale,
      extraHTTPHeaders: saveData ? { 'Save-Data': 'on' } : {},
    });
    const hints = { saveData, effectiveType: saveData ? '3g' : '4g', downlink: saveData ? 0.7 : 10 };
    await context.addInitScript(stubConnection, hints);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    return { page, urls };
  }

  it('the server hears Save-Data and the film starts with sound only, which plays', async () => {
    const answer = await newClient().request('GET', `/api/watch/${docId}`, undefined, { 'save-data': 'on' });
    expect(answer.body).toMatchObject({
      startWith: 'sound',
      audioOnlyUrl: expect.stringMatching(/hls\/audio\/index\.m3u8$/),
    });
    expect((await newClient().get(`/api/watch/${docId}`)).body.startWith).toBe('video');

    const { page, urls } = await visitor(PHONE, true);
    await page.goto(`${baseUrl()}${watchPath}`);
    const soundOnly = page.locator('button.sound-only');
    await soundOnly.waitFor();
    expect(await soundOnly.getAttribute('aria-pressed')).toBe('true');
    await page.getByText(fr.catalogue.dataSaverOn).waitFor();
    await shot(page, 'data-saver-phone-watch-sound-only-fr');
    await page.locator('app-video-player button.start').click();
    await page.waitForFunction(
      () => {
        const v = document.querySelector('video');
        if (!v) return false;
        v.muted = true;
        if (v.paused && !v.ended) void v.play().catch(() => undefined);
        return v.currentTime > 1;
      },
      undefined,
      { timeout: 30_000, polling: 250 },
    );
    expect(urls.some((u) => /\/hls\/audio\/seg_\d+\.ts/.test(u))).toBe(true);
    expect(urls.some((u) => /\/hls\/360p\//.test(u))).toBe(false);
    await page.context().close();
  }, 90_000);

  it('without Save-Data the picture comes first; the viewer can still choose sound only (Arabic, desktop)', async () => {
    const { page } = await visitor(DESKTOP, false, 'ar');
    await page.goto(`${baseUrl()}${watchPath}`);
    const withPicture = page.locator('button.mode').first();
    await withPicture.waitFor();
    expect(await withPicture.getAttribute('aria-pressed')).toBe('true');
    await page.locator('button.sound-only').click();
    expect(await page.locator('button.sound-only').getAttribute('aria-pressed')).toBe('true');
    await shot(page, 'data-saver-desktop-watch-choice-ar');
    await page.context().close();
  }, 60_000);

  it('before play only the poster is fetched, as a small WebP', async () => {
    const { page, urls } = await visitor(PHONE, false);
    const posters: Array<{ type: string; bytes: number }> = [];
    page.on('response', async (r) => {
      if (r.url().includes('/media/poster.jpg'))
        posters.push({ type: r.headers()['content-type'] ?? '', bytes: (await r.body()).length });
    });
    await page.goto(`${baseUrl()}${watchPath}`);
    await page.locator('app-video-player button.start').waitFor();
    await eventually(async () => posters.length, 1, 15_000);
    expect(posters[0]!.type).toBe('image/webp');
    const jpeg = await fetch(`${baseUrl()}${new URL(urls.find((u) => u.includes('/media/poster.jpg'))!).pathname}`, {
      headers: { accept: 'image/jpeg' },
    });
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    expect(jpeg.headers.get('vary')).toBe('Accept');
    expect(posters[0]!.bytes).toBeLessThan((await jpeg.arrayBuffer()).byteLength);
    const width = await page.evaluate(
      // With the Accept a browser sends for images (a plain fetch() asks for */*, and gets the JPEG).
      async (u) =>
        (await createImageBitmap(await (await fetch(u, { headers: { accept: 'image/webp,*/*' } })).blob())).width,
      urls.find((u) => u.includes('/media/poster.jpg'))!,
    );
    expect(width).toBeLessThanOrEqual(640);
    // Nothing of the film itself before the tap: no playlist, no segment, no MP4.
    expect(urls.filter((u) => /\.(m3u8|ts|mp4)(\?|$)/.test(u))).toEqual([]);
    await shot(page, 'data-saver-phone-watch-poster-fr');
    await page.context().close();
  }, 60_000);
});
