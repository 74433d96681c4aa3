import { LANGUAGE_INFO, ProgrammeKind, type Language } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, PHONE } from '../support/browser.js';
import { baseUrl, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit } from '../support/page-audit.js';
import { organisationOf, projectWithFilm } from '../support/publishing-e2e.js';

// Dari (right-to-left, Persian script) and Tigrinya (Ethiopic script) speakers on a 390×844 phone
// (issue 20): they join, check in and answer the consent questions entirely in their language.

let browser: Browser;
jest.setTimeout(240_000);

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;
const texts = (lang: Language) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../apps/web/public/i18n', `${lang}.json`), 'utf8')) as {
    home: { greeting: string };
    publishing: { consent: { screen: { question: string } } };
  };

/** A programme with a session going on now, the participant enrolled in it and credited in a film. */
async function setUp(t: Browserish, name: string, language: Language) {
  const programme = (
    await t.post('/api/programmes', {
      kind: ProgrammeKind.VideoCourse,
      title: `Cours ${language}`,
      description: '',
      languages: [language],
      place: 'Schaerbeek',
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
  const now = Date.now();
  const session = (
    await t.post(`/api/programmes/${programme.id}/sessions`, {
      startsAt: new Date(now - 120_000).toISOString(),
      endsAt: new Date(now + 7_200_000).toISOString(),
      title: 'Tournage',
    })
  ).body;
  const created = await t.post('/api/participants', { displayName: name, preferredLanguage: language });
  expect(created.status).toBe(201);
  const person = created.body;
  await t.post(`/api/programmes/${programme.id}/enrolments`, { participantId: person.participant.id });
  const org = await organisationOf(trainerEmail());
  const { projectId, clipId } = await projectWithFilm(
    org.organisationId,
    org.userId,
    [person.participant.id],
    `Groupe ${language}`,
  );
  await t.put(`/api/publishing/projects/${projectId}/documentary`, {
    title: 'Nos voix',
    description: '',
    language,
    videoClipId: clipId,
  });
  return {
    sessionId: session.id as string,
    participantId: person.participant.id as string,
    joinUrl: (person.joinCode.joinUrl as string).replace(/^https?:\/\/[^/]+/, baseUrl()),
  };
}

/** Whether the page drew text in Noto Sans Ethiopic, the font the client ships for Tigrinya. */
const ethiopicFontLoaded = (p: Page) =>
  p.evaluate(() => [...document.fonts].some((f) => f.family.includes('Noto Sans Ethiopic') && f.status === 'loaded'));

describe('a participant in Dari or Tigrinya on a phone', () => {
  it.each([
    ['fa-AF', 'مریم'],
    ['ti', 'ሳባ'],
  ] as const)('%s: joins, checks in and answers consent in their language', async (lang, name) => {
    const t = newClient();
    await t.signIn(trainerEmail(), seed().password);
    const { sessionId, participantId, joinUrl } = await setUp(t, name, lang);
    const tag = lang.toLowerCase();

    // A phone whose browser speaks French: the language the trainer registered them in wins.
    const context = await browser.newContext({ ...PHONE, locale: 'fr-BE' });
    const phone = await context.newPage();
    phone.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await phone.goto(joinUrl);
    await phone.waitForURL(/\/home/);
    await phone.locator('main.home h1').waitFor();
    // The name is wrapped in bidi isolation marks (FSI…PDI) so a Latin name keeps its place in Dari.
    expect((await phone.locator('main.home h1').textContent())!.replace(/[\u2068\u2069]/g, '').trim()).toBe(
      texts(lang).home.greeting.replace('{{name}}', name),
    );
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await phone.evaluate(() => document.documentElement.dir)).toBe(LANGUAGE_INFO[lang].dir);
    // Noto Sans Ethiopic is downloaded where Ethiopic letters are on screen: everywhere for a Tigrinya
    // reader, but not on a Dari reader's home (the join screen's language tiles, with ትግርኛ, did load it).
    await phone.reload();
    await phone.locator('main.home h1').waitFor();
    await phone.evaluate(() => document.fonts.ready);
    expect(await ethiopicFontLoaded(phone)).toBe(lang === 'ti');
    await shotAndAudit(phone, `languages-phone-${tag}-home`);

    // Check in with the code the room screen shows.
    const code = ((await t.get(`/api/sessions/${sessionId}/check-in-code`)).body.code as string).replace(/\D/g, '');
    await phone.goto(`${baseUrl()}/check-in`);
    await phone.locator('#check-in-code').fill(code);
    await shotAndAudit(phone, `languages-phone-${tag}-check-in`);
    await phone.locator('button[type=submit]').click();
    await phone.locator('section.success').waitFor();
    await shotAndAudit(phone, `languages-phone-${tag}-checked-in`);
    const roster = (await t.get(`/api/sessions/${sessionId}/roster`)).body.entries as Array<{
      participantId: string;
      mark: { status: string; source: string } | null;
    }>;
    expect(roster.find((e) => e.participantId === participantId)!.mark).toMatchObject({
      status: 'present',
      source: 'check_in',
    });

    // Consent, one question per screen, in their language.
    await phone.goto(`${baseUrl()}/home`);
    await phone.locator('app-my-consents a.film').first().click();
    await phone.locator('.tile.yes').waitFor();
    await expect(phone.locator('h1.question').textContent()).resolves.toContain(
      texts(lang).publishing.consent.screen.question,
    );
    await shotAndAudit(phone, `languages-phone-${tag}-consent-question`);
    await phone.locator('.tile.yes').click();
    await phone.locator('.tile.yes').click();
    await phone.locator('.tile.option').nth(1).click(); // first name only
    await phone.locator('.tile.option').nth(0).click(); // the organisation only
    await phone.locator('.summary').waitFor();
    await shotAndAudit(phone, `languages-phone-${tag}-consent-review`);
    await phone.locator('button.save').click();
    await phone.locator('.done').waitFor();
    await shotAndAudit(phone, `languages-phone-${tag}-consent-saved`);
    await context.close();
  });
});
