import { ProgrammeKind } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { artifacts, baseUrl, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit as shot } from '../support/page-audit.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 768 } };
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
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Service workers are kept out of these pages: what crossed the network is read from the page's resource
 * timing, which reports 0 bytes for anything a service worker answered (it fetches for the page). The
 * browser cache under test is the same one the service worker's own fetches use.
 */
async function page(device: typeof PHONE | typeof DESKTOP, locale = 'fr-BE'): Promise<Page> {
  const p = await (await browser.newContext({ ...device, locale, serviceWorkers: 'block' })).newPage();
  p.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return p;
}

async function trainer(): Promise<Browserish> {
  const t = newClient();
  await t.signIn(seed().staff.find((s) => s.role === 'trainer')!.email, seed().password);
  return t;
}

/** A participant in `language`, enrolled in a programme with a session tomorrow; their phone, signed in. */
async function participantPhone(t: Browserish, name: string, language: string): Promise<Page> {
  const programme = (
    await t.post('/api/programmes', {
      kind: ProgrammeKind.VideoCourse,
      title: 'Atelier vidéo du jeudi',
      description: '',
      languages: [language],
      place: 'Molenbeek',
      capacity: null,
      requiredAttendanceRate: 80,
      contributionAsked: false,
      lateWeight: 0.5,
      lateGraceMinutes: 10,
      autoExcuse: false,
      alertAfterMisses: 2,
      retentionMonths: null,
    })
  ).body;
  const tomorrow = Date.now() + 86_400_000;
  await t.post(`/api/programmes/${programme.id}/sessions`, {
    startsAt: new Date(tomorrow).toISOString(),
    endsAt: new Date(tomorrow + 7_200_000).toISOString(),
    title: 'Tournage',
  });
  const created = (await t.post('/api/participants', { displayName: name, preferredLanguage: language })).body;
  await t.post(`/api/programmes/${programme.id}/enrolments`, { participantId: created.participant.id });
  const p = await page(PHONE);
  await p.goto(String(created.joinCode.joinUrl).replace(/^https?:\/\/[^/]+/, baseUrl()));
  await p.waitForURL(/\/home/);
  return p;
}

interface Heard {
  language: string;
  audioUrl: string;
  /** The audio file's size, and what crossed the network for it (0 when the browser's cache had it). */
  audioBytes: number;
  transferredBytes: number;
  msToFirstSound: number;
  duration: number;
}

/**
 * Presses the speaker button and waits until the audio element plays: what language the request
 * named, which audio URL was played, its bytes (as sent over the network) and the time to first sound.
 */
async function listen(p: Page, button: string): Promise<Heard> {
  const asked = p.waitForRequest((r) => /\/api\/read-aloud(\/screen)?$/.test(r.url()) && r.method() === 'POST');
  const started = Date.now();
  await p.locator(button).click();
  const language = (JSON.parse((await asked).postData() ?? '{}') as { language: string }).language;
  const playing = await p.waitForFunction(
    () => {
      const audio = document.querySelector<HTMLAudioElement>('audio.read-aloud-audio[data-src]');
      return audio && !audio.paused && audio.currentTime > 0 && audio.duration > 0
        ? { src: new URL(audio.dataset['src']!, location.href).href, duration: audio.duration }
        : null;
    },
    undefined,
    { timeout: 30_000, polling: 20 },
  );
  const msToFirstSound = Date.now() - started;
  const { src, duration } = (await playing.jsonValue())!;
  const { audioBytes, transferredBytes } = await p.evaluate((url) => {
    const entries = performance
      .getEntriesByType('resource')
      .filter((e) => e.name === url) as PerformanceResourceTiming[];
    return {
      audioBytes: Math.max(0, ...entries.map((e) => e.encodedBodySize)),
      transferredBytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
    };
  }, src);
  return { language, audioUrl: new URL(src).pathname, audioBytes, transferredBytes, msToFirstSound, duration };
}

describe('read-aloud in the browser', () => {
  it('an Arabic-speaking participant hears the next session read by the server, in Arabic, at 390 px', async () => {
    const t = await trainer();
    const phone = await participantPhone(t, 'Rania', 'ar');
    await phone.locator('app-next-session-card app-read-aloud button').waitFor();
    expect(await phone.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await shot(phone, 'read-aloud-1-home-ar');

    const cold = await listen(phone, 'app-next-session-card app-read-aloud button');
    expect(cold.language).toBe('ar');
    expect(cold.audioUrl).toMatch(/^\/api\/read-aloud\/ar\/[0-9a-f]{64}\.(webm|m4a)$/);
    expect(cold.duration).toBeGreaterThan(0.5);

    // The same screen again on a fresh page: the server answers from storage, the URL is the same.
    await phone.reload();
    await phone.locator('app-next-session-card app-read-aloud button').waitFor();
    const cached = await listen(phone, 'app-next-session-card app-read-aloud button');
    expect(cached.audioUrl).toBe(cold.audioUrl);
    // …and the phone does not download it again: the browser's cache has it (prepaid data, offline).
    expect(cold.transferredBytes).toBeGreaterThan(1000);
    expect(cached.transferredBytes).toBe(0);
    const head = await phone.evaluate(async (url) => {
      const res = await fetch(url);
      return { cache: res.headers.get('cache-control'), type: res.headers.get('content-type') };
    }, cold.audioUrl);
    expect(head.cache).toContain('immutable');
    expect(head.type).toMatch(/^audio\//);

    // The check-in screen has its own speaker, reading its own text.
    await phone.goto(`${baseUrl()}/check-in`);
    await phone.locator('.intro app-read-aloud button').waitFor();
    const checkIn = await listen(phone, '.intro app-read-aloud button');
    expect(checkIn.language).toBe('ar');
    expect(checkIn.audioUrl).not.toBe(cold.audioUrl);
    await shot(phone, 'read-aloud-2-check-in-ar');

    const figures = { screen: 'home (next session), ar', cold, cached, checkIn };
    console.log(`read-aloud figures ${JSON.stringify(figures)}`);
    await writeFile(join(artifacts(), 'read-aloud-figures.json'), JSON.stringify(figures, null, 2));
    await phone.context().close();
  }, 180_000);

  it('a participant draws a card with a finger; it reaches the board as a PNG photo', async () => {
    const t = await trainer();
    const board = (await t.post('/api/boards', { template: 'blank', title: 'Nos dessins' })).body as { id: string };
    const phone = await participantPhone(t, 'Dawit', 'fr');
    await phone.goto(`${baseUrl()}/board/${board.id}`);
    await phone.locator('button.add-drawing').click();
    const canvas = phone.locator('canvas.drawing');
    await canvas.waitFor();
    await shot(phone, 'read-aloud-3-drawing-pad-fr');
    const box = (await canvas.boundingBox())!;
    await phone.mouse.move(box.x + 40, box.y + 40);
    await phone.mouse.down();
    for (let i = 1; i <= 10; i++) await phone.mouse.move(box.x + 40 + i * 20, box.y + 40 + i * 15);
    await phone.mouse.up();
    await phone.locator('button.use-drawing').click();
    await phone.locator('img.preview').waitFor();
    await phone.locator('button.add-card').click();
    const photo = phone.locator('app-board-card img.photo');
    await photo.waitFor();
    await photo.evaluate((img: HTMLImageElement) => img.decode());
    expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
    const view = (await t.get(`/api/boards/${board.id}/view`)).body as { cards: Array<{ photoId: string | null }> };
    expect(view.cards).toHaveLength(1);
    expect(view.cards[0]!.photoId).toBeTruthy();
    await shot(phone, 'read-aloud-4-drawing-card-fr');
    await phone.context().close();
  }, 180_000);

  it('the join page reads its own strings aloud before sign-in, in Dutch', async () => {
    const p = await page(PHONE, 'nl-BE');
    await p.goto(`${baseUrl()}/join`);
    await p.locator('.intro app-read-aloud button').waitFor();
    const heard = await listen(p, '.intro app-read-aloud button');
    expect(heard.language).toBe('nl');
    expect(heard.audioUrl).toMatch(/^\/api\/read-aloud\/nl\/[0-9a-f]{64}\.(webm|m4a)$/);
    expect(heard.duration).toBeGreaterThan(0.5);
    await shot(p, 'read-aloud-0-join-nl');
    await p.context().close();
  }, 120_000);

  it('the accessibility statement opens without signing in, linked from the join page, in French and Arabic', async () => {
    for (const [device, name] of [
      [PHONE, '390'],
      [DESKTOP, '1366'],
    ] as const) {
      const p = await page(device);
      await p.goto(`${baseUrl()}/join`);
      await p.locator('a.accessibility-link').click();
      await p.waitForURL(/\/accessibility$/);
      await p.locator('h1').waitFor();
      await shot(p, `read-aloud-5-accessibility-fr-${name}`);
      await p.locator('app-language-tiles button[lang="ar"]').click();
      await p.waitForFunction(() => document.documentElement.dir === 'rtl');
      expect(await p.locator('.gaps li').count()).toBeGreaterThan(0);
      await shot(p, `read-aloud-6-accessibility-ar-${name}`);
      await p.context().close();
    }
  }, 300_000);
});
