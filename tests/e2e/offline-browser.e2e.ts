import { IDEMPOTENCY_HEADER, ProgrammeKind } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { baseUrl, eventually, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit as shot } from '../support/page-audit.js';
import { organisationOf, projectWithFilm } from '../support/publishing-e2e.js';

// The participant app with no network (issue 18): installable, opens offline after one visit, and
// actions done offline wait in one queue and reach the trainer once each when the network is back.

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 768 } };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
});
afterAll(async () => {
  await browser?.close();
});

async function context(device: typeof PHONE | typeof DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ ...device, locale: 'fr-BE' });
}

async function trainer(): Promise<Browserish> {
  const t = newClient();
  await t.signIn(seed().staff.find((s) => s.role === 'trainer')!.email, seed().password);
  return t;
}

interface Person {
  id: string;
  joinUrl: string;
  joinCode: string;
  phone: Browserish;
}

/** A programme with a session under way and one tomorrow, and enrolled participants (with an API client each). */
async function setUp(t: Browserish, people: Array<{ name: string; language: 'fr' | 'ar' }>) {
  const programme = (
    await t.post('/api/programmes', {
      kind: ProgrammeKind.WorkshopSeries,
      title: 'Atelier hors ligne',
      description: '',
      languages: ['fr', 'ar'],
      place: 'Anderlecht',
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
  const session = async (startsAt: number, title: string) =>
    (
      await t.post(`/api/programmes/${programme.id}/sessions`, {
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 7_200_000).toISOString(),
        title,
      })
    ).body as { id: string };
  const current = await session(now - 120_000, 'Tournage');
  const tomorrow = await session(now + 86_400_000, 'Montage');
  const enrolled: Person[] = [];
  for (const { name, language } of people) {
    const created = (await t.post('/api/participants', { displayName: name, preferredLanguage: language })).body;
    await t.post(`/api/programmes/${programme.id}/enrolments`, { participantId: created.participant.id });
    const phone = newClient();
    enrolled.push({
      id: created.participant.id,
      joinUrl: created.joinCode.joinUrl,
      joinCode: created.joinCode.code,
      phone,
    });
  }
  return { current, tomorrow, people: enrolled };
}

/** Opens the join link on a phone, then waits until the service worker controls the page (its files are cached). */
async function phoneOf(person: Person): Promise<Page> {
  const p = await (await context(PHONE)).newPage();
  p.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error') console.error(`console: ${m.text()}`);
  });
  await p.goto(person.joinUrl.replace(/^https?:\/\/[^/]+/, baseUrl()));
  await p.waitForURL(/\/home/);
  await p.locator('app-next-session-card').waitFor();
  await serviceWorkerReady(p);
  return p;
}

/**
 * The Angular service worker controls the page and has the whole app in its cache. It downloads the
 * app after it takes control; going offline before it has finished leaves it degraded (it then
 * passes navigations to the network), so the test waits for every prefetched file.
 */
async function serviceWorkerReady(p: Page): Promise<void> {
  await p.waitForFunction(
    async () => {
      if (navigator.serviceWorker?.controller === null) return false;
      // Every file of the prefetched groups is in the worker's cache (it downloads them after taking control).
      const manifest = (await (await fetch('/ngsw.json?ngsw-bypass=1')).json()) as {
        assetGroups: Array<{ name: string; installMode: string; urls: string[] }>;
      };
      const names = await caches.keys();
      for (const group of manifest.assetGroups.filter((g) => g.installMode === 'prefetch')) {
        const name = names.find((n) => n.endsWith(`:assets:${group.name}:cache`));
        if (!name) return false;
        const cached = new Set((await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname));
        if (!group.urls.every((url) => cached.has(url))) return false;
      }
      return true;
    },
    null,
    { timeout: 120_000, polling: 1000 },
  );
}

/**
 * The phone opens its home once more online (the Angular worker finishes setting itself up on a
 * navigation it serves), then again with no network, in a new tab: Playwright's reload (or a goto to
 * the same address) is a reload that does not reach the worker offline.
 */
async function openedOffline(first: Page): Promise<Page> {
  const online = await first.context().newPage();
  await first.close();
  await online.goto(`${baseUrl()}/home`);
  await online.locator('app-next-session-card').waitFor();
  await online.context().setOffline(true);
  const phone = await online.context().newPage();
  await online.close();
  await phone.goto(`${baseUrl()}/home`);
  return phone;
}

type RosterEntries = Array<{
  participantId: string;
  mark: { status: string; source: string } | null;
  absence: { reason: string } | null;
}>;
const roster = async (t: Browserish, sessionId: string) =>
  (await t.get(`/api/sessions/${sessionId}/roster`)).body.entries as RosterEntries;

describe('the participant app offline', () => {
  it('is installable on the participant home: Chromium reports no installability error', async () => {
    const t = await trainer();
    const { people } = await setUp(t, [{ name: 'Nadia', language: 'fr' }]);
    // A profile on disk: Chromium never offers to install from an incognito one (Playwright's contexts are).
    const profile = await mkdtemp(join(tmpdir(), 'atelier-pwa-'));
    const persistent = await chromium.launchPersistentContext(profile, {
      ...PHONE,
      locale: 'fr-BE',
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const phone = persistent.pages()[0] ?? (await persistent.newPage());
    await phone.goto(people[0]!.joinUrl.replace(/^https?:\/\/[^/]+/, baseUrl()));
    await phone.waitForURL(/\/home/);
    await phone.locator('app-next-session-card').waitFor();
    await serviceWorkerReady(phone);
    const cdp = await phone.context().newCDPSession(phone);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
    expect(manifest.url).toMatch(/manifest\.fr\.webmanifest$/);
    expect(manifest.errors).toEqual([]);
    // The worker and its list of files are always asked for again (an old copy would pin an old app).
    for (const path of ['/ngsw-worker.js', '/ngsw.json']) {
      const res = await fetch(`${baseUrl()}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    await persistent.close();
    await rm(profile, { recursive: true, force: true });
  }, 180_000);

  it('opens with no network after one visit; a check-in and "I can\'t come" made offline reach the trainer once each', async () => {
    const t = await trainer();
    const { current, tomorrow, people } = await setUp(t, [
      { name: 'Samir', language: 'fr' },
      { name: 'Layla', language: 'ar' },
    ]);
    const [samir, layla] = people as [Person, Person];
    const code = (await t.get(`/api/sessions/${current.id}/check-in-code`)).body.code as string;

    const phone = await openedOffline(await phoneOf(samir));
    // Served by the service worker, filled from the phone's copy, saying when it was read.
    await phone.locator('app-saved-copy-note').waitFor();
    await phone.locator('app-next-session-card').getByText('Atelier hors ligne').waitFor();
    await phone.locator('[data-testid="connection-bar"]').waitFor();
    await shot(phone, 'offline-home-phone');

    // The code typed offline is kept with the time it was typed.
    await phone.locator('a.check-in').click();
    await phone.locator('#check-in-code').fill(code);
    await phone.locator('button[type=submit]').click();
    await phone.locator('[data-status="queued"]').waitFor();
    await shot(phone, 'offline-check-in-kept-phone');

    // A reload offline keeps the queue; "I can't come" for tomorrow joins it.
    await phone.goto(`${baseUrl()}/home/sessions/${tomorrow.id}/cant-come`);
    await phone.locator('[data-reason="work"]').click();
    await phone.locator('button.send').click();
    await phone.locator('[data-absence="pending"]').waitFor();
    await phone.locator('[data-testid="actions-waiting"]').filter({ hasText: '2' }).waitFor();
    await shot(phone, 'offline-cant-come-kept-phone');
    expect((await roster(t, current.id)).find((e) => e.participantId === samir.id)?.mark).toBeNull();

    // Back online: both are sent in order, once, and the phone says what became of each.
    await phone.context().setOffline(false);
    await phone.locator('[data-testid="actions-waiting"]').waitFor({ state: 'detached', timeout: 40_000 });
    await phone.locator('.outcome[data-kind="checkIn"]').waitFor();
    await phone.locator('.outcome[data-kind="cantCome"]').waitFor();
    expect(await phone.locator('.outcome.refused').count()).toBe(0);
    await shot(phone, 'offline-sent-phone');
    const now = await roster(t, current.id);
    expect(now.find((e) => e.participantId === samir.id)?.mark).toMatchObject({
      status: 'present',
      source: 'check_in',
    });
    expect((await roster(t, tomorrow.id)).find((e) => e.participantId === samir.id)?.absence?.reason).toBe('work');

    // The trainer's roster page shows the check-in.
    const desk = await (await context(DESKTOP)).newPage();
    await desk.goto(`${baseUrl()}/sign-in`);
    await desk.locator('input[formcontrolname=email]').fill(seed().staff.find((s) => s.role === 'trainer')!.email);
    await desk.locator('input[name=password]').fill(seed().password);
    await desk.locator('button[type=submit]').click();
    await desk.waitForURL(/\/staff/);
    await desk.goto(`${baseUrl()}/staff/sessions/${current.id}/roster`);
    await desk.locator(`[data-participant="${samir.id}"] [data-status="present"][aria-pressed="true"]`).waitFor();

    // Arabic, right to left, offline.
    const ar = await openedOffline(await phoneOf(layla));
    await ar.locator('app-saved-copy-note').waitFor();
    expect(await ar.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await shot(ar, 'offline-home-phone-ar');
    await ar.setViewportSize(DESKTOP.viewport);
    await shot(ar, 'offline-home-desktop-ar');
    for (const p of [phone, desk, ar]) await p.context().close();
  }, 240_000);

  it('a trainer taking the roster on a phone with no network queues the marks and sends them when back', async () => {
    const t = await trainer();
    const { current, people } = await setUp(t, [{ name: 'Omar', language: 'fr' }]);
    const [omar] = people as [Person];
    const p = await (await context(PHONE)).newPage();
    p.on('console', (m) => {
      if (m.type() === 'error') console.error(`console: ${m.text()}`);
    });
    await p.goto(`${baseUrl()}/sign-in`);
    await p.locator('input[formcontrolname=email]').fill(seed().staff.find((s) => s.role === 'trainer')!.email);
    await p.locator('input[name=password]').fill(seed().password);
    await p.locator('button[type=submit]').click();
    await p.waitForURL(/\/staff/);
    await p.goto(`${baseUrl()}/staff/sessions/${current.id}/roster`);
    const row = p.locator(`[data-participant="${omar.id}"]`);
    await row.waitFor();
    await p.context().setOffline(true);
    await row.locator('[data-status="late"]').click();
    await p.locator('[data-testid="actions-waiting"]').filter({ hasText: '1' }).waitFor();
    expect(await p.locator('app-error-message .error').count()).toBe(0);
    await shot(p, 'offline-roster-phone');
    expect((await roster(t, current.id)).find((e) => e.participantId === omar.id)?.mark).toBeNull();
    await p.context().setOffline(false);
    await eventually(
      async () => (await roster(t, current.id)).find((e) => e.participantId === omar.id)?.mark?.status,
      'late',
      40_000,
    );
    await p.context().close();
  }, 180_000);
});

describe('consent offline', () => {
  it('a consent answered with no network is recorded when the phone is back online', async () => {
    const t = await trainer();
    const { people } = await setUp(t, [{ name: 'Rania', language: 'fr' }]);
    const rania = people[0]!;
    const org = await organisationOf(seed().staff.find((s) => s.role === 'trainer')!.email);
    const { projectId, clipId } = await projectWithFilm(
      org.organisationId,
      org.userId,
      [rania.id],
      'Groupe hors ligne',
    );
    const doc = await t.put(`/api/publishing/projects/${projectId}/documentary`, {
      title: 'La rue, la nuit',
      description: 'Un film tourné à Anderlecht.',
      language: 'fr',
      videoClipId: clipId,
    });
    expect(doc.status).toBe(200);
    const consentOf = async () =>
      (
        (await t.get(`/api/publishing/projects/${projectId}`)).body.credits as Array<{
          personId: string;
          consent: unknown;
        }>
      ).find((c) => c.personId === rania.id)?.consent ?? null;

    const phone = await phoneOf(rania);
    await phone.locator('app-my-consents a.film').first().click();
    await phone.locator('.tile.yes').waitFor();
    await phone.context().setOffline(true);
    await phone.locator('.tile.yes').click();
    await phone.locator('.tile.yes').click();
    await phone.locator('.tile.option').nth(1).click();
    await phone.locator('.tile.option').nth(2).click();
    await phone.locator('.summary').waitFor();
    await phone.locator('button.save').click();
    await phone.locator('.done').waitFor();
    await phone.locator('[data-testid="actions-waiting"]').filter({ hasText: '1' }).waitFor();
    await shot(phone, 'offline-consent-kept-phone');
    expect(await consentOf()).toBeNull();

    await phone.context().setOffline(false);
    await phone.locator('.outcome[data-kind="consent"]').waitFor({ timeout: 40_000 });
    expect(await phone.locator('.outcome.refused').count()).toBe(0);
    expect(await consentOf()).not.toBeNull();
    await phone.context().close();
  }, 180_000);
});

describe('Idempotency-Key', () => {
  it('answers a repeated action with its first answer and does not apply it again', async () => {
    const t = await trainer();
    const { tomorrow, people } = await setUp(t, [{ name: 'Karim', language: 'fr' }]);
    const karim = people[0]!;
    const joined = await karim.phone.post('/api/auth/join', { code: karim.joinCode });
    expect(joined.status).toBe(200);
    const url = `/api/me/sessions/${tomorrow.id}/absence`;
    const key = { [IDEMPOTENCY_HEADER]: 'absence-key-0001' };
    const first = await karim.phone.request('POST', url, { reason: 'illness' }, key);
    expect(first.status).toBe(201);
    expect(
      (await karim.phone.request('DELETE', url, undefined, { [IDEMPOTENCY_HEADER]: 'undo-key-0001' })).status,
    ).toBe(204);
    // The first "I can't come" arrives again (its answer was lost): same answer, nothing re-created.
    const again = await karim.phone.request('POST', url, { reason: 'illness' }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await roster(t, tomorrow.id)).find((e) => e.participantId === karim.id)?.absence).toBeNull();
    // The same key for another action is refused, with a reason.
    const reused = await karim.phone.request('POST', '/api/me/check-in', { code: '000000' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });
});
