import { ProgrammeKind } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseUrl, eventually, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit } from '../support/page-audit.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
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

async function page(device: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const context = await browser.newContext({ ...device, locale: 'fr-BE' });
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return p;
}

// Every screenshot is also an accessibility and width check (tests/support/page-audit.ts).
const shot = shotAndAudit;

async function api(): Promise<Browserish> {
  const t = newClient();
  await t.signIn(seed().staff.find((s) => s.role === 'trainer')!.email, seed().password);
  return t;
}

/** A programme with one session that started two minutes ago and one tomorrow, and enrolled people with phones. */
async function setUp(t: Browserish, names: string[]) {
  const programme = (
    await t.post('/api/programmes', {
      kind: ProgrammeKind.VideoCourse,
      title: 'Atelier vidéo du mercredi',
      description: '',
      languages: ['fr'],
      place: 'Saint-Gilles',
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
  const current = (
    await t.post(`/api/programmes/${programme.id}/sessions`, {
      startsAt: new Date(now - 120_000).toISOString(),
      endsAt: new Date(now + 7_200_000).toISOString(),
      title: 'Tournage',
    })
  ).body;
  const tomorrow = (
    await t.post(`/api/programmes/${programme.id}/sessions`, {
      startsAt: new Date(now + 86_400_000).toISOString(),
      endsAt: new Date(now + 93_600_000).toISOString(),
      title: 'Montage',
    })
  ).body;
  const people = [];
  for (const name of names) {
    const created = (await t.post('/api/participants', { displayName: name, preferredLanguage: 'fr' })).body;
    await t.post(`/api/programmes/${programme.id}/enrolments`, { participantId: created.participant.id });
    people.push({ id: created.participant.id as string, joinUrl: created.joinCode.joinUrl as string, name });
  }
  return { programme, current, tomorrow, people };
}

async function phoneOf(person: { joinUrl: string }): Promise<Page> {
  const p = await page(PHONE);
  await p.goto(person.joinUrl.replace(/^https?:\/\/[^/]+/, baseUrl()));
  await p.waitForURL(/\/home/);
  return p;
}

async function staffPage(device: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const p = await page(device);
  await p.goto(`${baseUrl()}/sign-in`);
  await p.locator('input[formcontrolname=email]').fill(seed().staff.find((s) => s.role === 'trainer')!.email);
  await p.locator('input[name=password]').fill(seed().password);
  await p.locator('button[type=submit]').click();
  await p.waitForURL(/\/staff/);
  return p;
}

describe('attendance in the browser', () => {
  it('a participant types the code shown on the room screen and is present; the trainer marks the rest of the roster on a phone', async () => {
    const t = await api();
    const { current, people } = await setUp(t, ['Samia', 'Tarek']);
    const [samia, tarek] = people as [(typeof people)[0], (typeof people)[0]];

    const screen = await staffPage(DESKTOP);
    await screen.goto(`${baseUrl()}/staff/sessions/${current.id}/check-in`);
    const codeEl = screen.locator('.checkin-code');
    await codeEl.waitFor();
    const code = (await codeEl.textContent())!.replace(/\D/g, '');
    expect(code).toMatch(/^\d{6}$/);
    await shot(screen, 'desktop-check-in-screen');

    const phone = await phoneOf(samia);
    await phone.goto(`${baseUrl()}/check-in`);
    await phone.locator('#check-in-code').fill(code);
    await phone.locator('button[type=submit]').click();
    await phone
      .getByText(/présent/i)
      .first()
      .waitFor();
    await shot(phone, 'phone-checked-in');
    const roster = (await t.get(`/api/sessions/${current.id}/roster`)).body.entries as Array<{
      participantId: string;
      mark: { status: string; source: string } | null;
    }>;
    expect(roster.find((e) => e.participantId === samia.id)!.mark).toMatchObject({
      status: 'present',
      source: 'check_in',
    });

    const trainerPhone = await staffPage(PHONE);
    await trainerPhone.goto(`${baseUrl()}/staff/sessions/${current.id}/roster`);
    const tarekRow = trainerPhone.locator(`[data-participant="${tarek.id}"]`);
    await tarekRow.waitFor();
    await tarekRow.locator('[data-status="late"]').click();
    await eventually(
      async () =>
        ((await t.get(`/api/sessions/${current.id}/roster`)).body.entries as typeof roster).find(
          (e) => e.participantId === tarek.id,
        )?.mark?.status,
      'late',
    );
    expect(await trainerPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(trainerPhone, 'phone-roster');
    for (const p of [screen, phone, trainerPhone]) await p.context().close();
  });

  it('a participant says "I can\'t come" with a reason, and the trainer sees it on the roster', async () => {
    const t = await api();
    const { tomorrow, people } = await setUp(t, ['Yasmine']);
    const [yasmine] = people as [(typeof people)[0]];
    const phone = await phoneOf(yasmine);
    await shot(phone, 'phone-home-with-sessions');
    await phone.locator('.cant-come').first().click();
    await phone.locator('[data-reason="family"]').click();
    await phone.locator('button.send').click();
    await eventually(
      async () =>
        (
          (await t.get(`/api/sessions/${tomorrow.id}/roster`)).body.entries as Array<{
            participantId: string;
            absence: { reason: string } | null;
          }>
        ).find((e) => e.participantId === yasmine.id)?.absence?.reason,
      'family',
    );
    await shot(phone, 'phone-cant-come-sent');
    await phone.context().close();
  });
});
