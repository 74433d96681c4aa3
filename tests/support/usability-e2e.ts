import { ProgrammeKind } from '@atelier/contracts';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { baseUrl, newClient, seed, type Browserish } from './e2e.js';

// The people and devices of the usability browser tests (issue 17): 390×844 phones in French and
// Arabic, a 1366×768 laptop, a trainer and participants made through the API.

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 1,
};
export const LAPTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };

let browser: Browser;

/** One Chromium for the test file that calls this at its top level, closed after its tests. */
export function useBrowser(): void {
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
}

export async function page(device: BrowserContextOptions, locale = 'fr-BE'): Promise<Page> {
  const context = await browser.newContext({ ...device, locale });
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return p;
}

export const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;

export async function trainerApi(): Promise<Browserish> {
  const t = newClient();
  await t.signIn(trainerEmail(), seed().password);
  return t;
}

export async function trainerPage(device: BrowserContextOptions): Promise<Page> {
  const p = await page(device);
  await p.goto(`${baseUrl()}/sign-in`);
  await p.locator('input[formcontrolname=email]').fill(trainerEmail());
  await p.locator('input[name=password]').fill(seed().password);
  await p.locator('button[type=submit]').click();
  await p.waitForURL(/\/staff/);
  return p;
}

export async function programme(t: Browserish, title: string): Promise<{ id: string }> {
  const res = await t.post('/api/programmes', {
    kind: ProgrammeKind.VideoCourse,
    title,
    description: '',
    languages: ['fr'],
    place: 'Molenbeek',
    capacity: null,
    requiredAttendanceRate: 80,
    contributionAsked: false,
    lateWeight: 0.5,
    lateGraceMinutes: 10,
    autoExcuse: false,
    alertAfterMisses: 2,
    retentionMonths: null,
  });
  expect(res.status).toBe(201);
  return res.body;
}

export async function participant(t: Browserish, name: string, language = 'fr', programmeId?: string) {
  const created = (await t.post('/api/participants', { displayName: name, preferredLanguage: language })).body;
  if (programmeId) await t.post(`/api/programmes/${programmeId}/enrolments`, { participantId: created.participant.id });
  return {
    id: created.participant.id as string,
    code: created.joinCode.code as string,
    joinUrl: (created.joinCode.joinUrl as string).replace(/^https?:\/\/[^/]+/, baseUrl()),
  };
}

export async function phoneOf(person: { joinUrl: string }, locale = 'fr-BE'): Promise<Page> {
  const p = await page(PHONE, locale);
  await p.goto(person.joinUrl);
  await p.waitForURL(/\/home/);
  return p;
}
