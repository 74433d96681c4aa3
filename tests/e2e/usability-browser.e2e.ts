import { ProgrammeKind } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { baseUrl, eventually, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit } from '../support/page-audit.js';
import { e2eStorage, generatedMedia, organisationOf, projectWithFilm } from '../support/publishing-e2e.js';

// What people stumbled on when they used Atelier for a week (issue 17), one test per finding, each
// in the browser at the size they used: 390×844 phones in French and Arabic, a 1366×768 laptop.

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 1,
};
const LAPTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };

let browser: Browser;
// Each test sets up its own people and pages on a machine shared with other runs: give it time.
jest.setTimeout(240_000);

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

async function page(device: BrowserContextOptions, locale = 'fr-BE'): Promise<Page> {
  const context = await browser.newContext({ ...device, locale });
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return p;
}

const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;

async function trainerApi(): Promise<Browserish> {
  const t = newClient();
  await t.signIn(trainerEmail(), seed().password);
  return t;
}

async function trainerPage(device: BrowserContextOptions): Promise<Page> {
  const p = await page(device);
  await p.goto(`${baseUrl()}/sign-in`);
  await p.locator('input[formcontrolname=email]').fill(trainerEmail());
  await p.locator('input[name=password]').fill(seed().password);
  await p.locator('button[type=submit]').click();
  await p.waitForURL(/\/staff/);
  return p;
}

async function programme(t: Browserish, title: string): Promise<{ id: string }> {
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

async function participant(t: Browserish, name: string, language = 'fr', programmeId?: string) {
  const created = (await t.post('/api/participants', { displayName: name, preferredLanguage: language })).body;
  if (programmeId) await t.post(`/api/programmes/${programmeId}/enrolments`, { participantId: created.participant.id });
  return {
    id: created.participant.id as string,
    code: created.joinCode.code as string,
    joinUrl: (created.joinCode.joinUrl as string).replace(/^https?:\/\/[^/]+/, baseUrl()),
  };
}

async function phoneOf(person: { joinUrl: string }, locale = 'fr-BE'): Promise<Page> {
  const p = await page(PHONE, locale);
  await p.goto(person.joinUrl);
  await p.waitForURL(/\/home/);
  return p;
}

/** A day from today, as YYYY-MM-DD, that falls on the given ISO weekday (1 = Monday), at least a week ahead. */
function nextWeekday(isoDay: number): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  while (((d.getUTCDay() + 6) % 7) + 1 !== isoDay) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe('what people stumbled on (issue 17)', () => {
  it('1. the language a participant taps on the join screen is the one their home opens in, and is kept', async () => {
    const t = await trainerApi();
    // Their trainer registered them in Dutch; on the phone they tap العربية before joining.
    const person = await participant(t, 'Rania', 'nl');
    const phone = await page(PHONE);
    await phone.goto(`${baseUrl()}/join`);
    await phone.getByRole('button', { name: 'العربية' }).click();
    await phone.waitForFunction(() => document.documentElement.dir === 'rtl');
    await phone.locator('#join-code').fill(person.code);
    await phone.locator('button.join-button').click();
    await phone.waitForURL(/\/home/);
    await phone.locator('main.home h1').waitFor();
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('ar');
    await shotAndAudit(phone, 'usability-phone-ar-home-after-join');
    // Saved to them: the next visit (another tab, the same cookies) opens in Arabic too.
    const me = await phone.evaluate(async () => (await fetch('/api/me')).json());
    expect(me.user.preferredLanguage).toBe('ar');
    await phone.context().close();
  });

  it("2. a series defaults to the first day's weekday and says what it will create before creating it", async () => {
    const t = await trainerApi();
    const p = await programme(t, 'Cours vidéo du mercredi');
    const laptop = await trainerPage(LAPTOP);
    await laptop.goto(`${baseUrl()}/staff/programmes/${p.id}`);
    await laptop.locator('button.generate').click();
    const wednesday = nextWeekday(3);
    await laptop.locator('app-series-form input[formcontrolname=startDate]').fill(wednesday);
    // Nobody touched the day buttons: Wednesday alone is chosen, and the summary says so.
    await expect(laptop.locator('app-series-form .day[aria-pressed=true]').count()).resolves.toBe(1);
    expect(await laptop.locator('app-series-form .day[aria-pressed=true]').getAttribute('data-weekday')).toBe('3');
    const summary = laptop.locator('app-series-form .summary');
    await summary.getByText(/^8 séances le mercredi/).waitFor();
    await shotAndAudit(laptop, 'usability-laptop-series-summary');
    await laptop.locator('app-series-form button[type=submit]').click();
    await eventually(
      async () => ((await t.get(`/api/programmes/${p.id}/sessions`)).body as unknown[]).length,
      8,
      30_000,
    );
    const sessions = (await t.get(`/api/programmes/${p.id}/sessions`)).body as Array<{ startsAt: string }>;
    const weekdays = new Set(
      sessions.map((s) =>
        new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: 'Europe/Brussels' }).format(new Date(s.startsAt)),
      ),
    );
    expect([...weekdays]).toEqual(['Wed']);
    await laptop.context().close();
  });

  it('3. "open a board with a code" fits a 390 px phone in French and Arabic', async () => {
    const t = await trainerApi();
    for (const lang of ['fr', 'ar']) {
      const phone = await phoneOf(await participant(t, lang === 'ar' ? 'أسامة' : 'Oussama', lang));
      await phone.goto(`${baseUrl()}/board`);
      await phone.locator('#board-code').waitFor();
      await phone.waitForFunction((l) => document.documentElement.lang === l, lang);
      const field = await phone.locator('#board-code').boundingBox();
      expect(field!.x).toBeGreaterThanOrEqual(0);
      expect(field!.x + field!.width).toBeLessThanOrEqual(390);
      await shotAndAudit(phone, `usability-phone-${lang}-board-code`); // fails when wider than 390 px
      await phone.context().close();
    }
  });

  it('4. the participant home: requests first, the next sessions only, no cancelled ones, one board button, and no jumps', async () => {
    const t = await trainerApi();
    const p = await programme(t, 'Atelier du jeudi');
    const org = await organisationOf(trainerEmail());
    const person = await participant(t, 'Huda', 'fr', p.id);
    const now = Date.now();
    const sessions = [];
    // One session going on now, then one a week for seven weeks; the second of those is cancelled.
    for (let i = 0; i < 8; i++) {
      const startsAt = i === 0 ? now - 600_000 : now + i * 7 * 86_400_000;
      sessions.push(
        (
          await t.post(`/api/programmes/${p.id}/sessions`, {
            startsAt: new Date(startsAt).toISOString(),
            endsAt: new Date(startsAt + 7_200_000).toISOString(),
            title: `Séance ${i + 1}`,
          })
        ).body,
      );
    }
    expect((await t.post(`/api/sessions/${sessions[2].id}/cancel`)).status).toBeLessThan(300);
    // Three boards made for today's session (a facilitator retried twice).
    for (const title of ['Idées', 'Idées (2)', 'Idées (3)']) {
      expect((await t.post('/api/boards', { template: 'blank', title, sessionId: sessions[0].id })).status).toBe(201);
    }
    // A film she is credited in waits for her consent.
    const { projectId, clipId } = await projectWithFilm(org.organisationId, org.userId, [person.id], 'Groupe du jeudi');
    await t.put(`/api/publishing/projects/${projectId}/documentary`, {
      title: 'Le jeudi',
      description: '',
      language: 'fr',
      videoClipId: clipId,
    });

    const phone = await page(PHONE);
    // Every layout shift of the page's life, as Lighthouse counts them (not those right after a tap).
    await phone.addInitScript(() => {
      (window as unknown as { cls: number }).cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
          if (!e.hadRecentInput) (window as unknown as { cls: number }).cls += e.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await phone.goto(person.joinUrl);
    await phone.waitForURL(/\/home/);
    await phone.locator('app-next-session-card').waitFor();
    await phone.waitForLoadState('networkidle');
    await shotAndAudit(phone, 'usability-phone-fr-home');

    // One "today's board" button, not three; the other boards are there, once each.
    await expect(phone.locator('.todays-board').count()).resolves.toBe(1);
    await expect(phone.locator('[data-board]').count()).resolves.toBe(3);
    // The consent request comes before the sessions.
    const request = await phone.locator('app-my-consents a.film').first().boundingBox();
    const next = await phone.locator('app-next-session-card').boundingBox();
    expect(request!.y).toBeLessThan(next!.y);
    // Cancelled sessions are not shown; two sessions after the next one, then "see all".
    await expect(phone.locator(`[data-session="${sessions[2].id}"]`).count()).resolves.toBe(0);
    await expect(phone.locator('app-my-sessions-list [data-session]').count()).resolves.toBe(2);
    await phone.locator('button.see-all').click();
    await expect(phone.locator('app-my-sessions-list [data-session]').count()).resolves.toBe(6);
    await expect(phone.locator(`[data-session="${sessions[2].id}"]`).count()).resolves.toBe(0);
    const cls = await phone.evaluate(() => (window as unknown as { cls: number }).cls);
    expect(cls).toBeLessThan(0.1);
    await phone.context().close();
  });

  it('5. the watch page shows the poster only until play, then the rendition that fits the player', async () => {
    const staff = await trainerApi();
    const org = await organisationOf(trainerEmail());
    const created = (await staff.post('/api/participants', { displayName: 'Nour', preferredLanguage: 'fr' })).body;
    const { projectId, clipId } = await projectWithFilm(
      org.organisationId,
      org.userId,
      [created.participant.id],
      'Groupe du lundi',
    );
    // A 1080p rung listed first, as the transcoder does for a big source (same segments, bigger label).
    const storage = e2eStorage();
    const rung = readFileSync(join(await generatedMedia(), 'hls/360p/index.m3u8'), 'utf8');
    await storage.put(
      `clips/${clipId}/hls/1080p/index.m3u8`,
      Buffer.from(rung.replace(/^seg_/gm, '../360p/seg_')),
      undefined,
      'application/vnd.apple.mpegurl',
    );
    await storage.put(
      `clips/${clipId}/hls/master.m3u8`,
      Buffer.from(
        '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=1920x1080\n1080p/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=640x360\n360p/index.m3u8\n',
      ),
      undefined,
      'application/vnd.apple.mpegurl',
    );
    const doc = (
      await staff.put(`/api/publishing/projects/${projectId}/documentary`, {
        title: 'Le lundi',
        description: '',
        language: 'fr',
        videoClipId: clipId,
      })
    ).body;

    const phone = await page(PHONE);
    await phone.goto(created.joinCode.joinUrl.replace(/^https?:\/\/[^/]+/, baseUrl()));
    await phone.waitForURL(/\/home/);
    const media: string[] = [];
    phone.on('request', (r) => {
      if (
        /\.(m3u8|ts|mp4)(\?|$)/.test(new URL(r.url()).pathname) ||
        /\/(hls|proxy|master)/.test(new URL(r.url()).pathname)
      )
        media.push(new URL(r.url()).pathname);
    });
    await phone.goto(`${baseUrl()}/watch/${doc.id}`);
    await phone.locator('app-video-player video').waitFor();
    await phone.waitForLoadState('networkidle');
    await new Promise((r) => setTimeout(r, 1500));
    expect(media).toEqual([]);
    await shotAndAudit(phone, 'usability-phone-fr-watch-poster');

    await phone.locator('app-video-player button.start').click();
    await phone.waitForFunction(
      () => {
        const v = document.querySelector('video')!;
        v.muted = true;
        if (v.paused && !v.ended) void v.play().catch(() => undefined);
        return v.currentTime > 1;
      },
      undefined,
      { timeout: 60_000, polling: 250 },
    );
    expect(media.some((m) => m.includes('/360p/'))).toBe(true);
    expect(media.filter((m) => m.includes('/1080p/'))).toEqual([]);
    await phone.context().close();
  });

  it("6. on a 1366×768 laptop the facilitator reaches phase, timer, reveal and vote without scrolling, and sees no participants' banner", async () => {
    const t = await trainerApi();
    const board = (await t.post('/api/boards', { template: 'video-storyboard', title: 'Notre film du mardi' }))
      .body as { id: string };
    const laptop = await trainerPage(LAPTOP);
    await laptop.goto(`${baseUrl()}/board/${board.id}`);
    await laptop.locator('app-facilitator-bar .hide-cards').click();
    await laptop.locator('app-facilitator-bar .reveal').waitFor();
    const bottoms: Record<string, number> = {};
    for (const control of ['.next-phase', '.timer-preset', '.reveal', '.start-vote']) {
      const box = await laptop.locator(`app-facilitator-bar ${control}`).first().boundingBox();
      bottoms[control] = Math.round(box!.y + box!.height);
    }
    expect(Object.entries(bottoms).filter(([, bottom]) => bottom > 768)).toEqual([]);
    await expect(laptop.locator('[data-banner="hidden"]').count()).resolves.toBe(0);
    await shotAndAudit(laptop, 'usability-laptop-facilitator');
    await laptop.context().close();
  });

  it('7. "I can\'t come" asks before sending, takes a few words for "other", and can be taken back until the trainer answers', async () => {
    const t = await trainerApi();
    const p = await programme(t, 'Atelier du samedi');
    const person = await participant(t, 'Mahmoud', 'fr', p.id);
    const start = Date.now() + 2 * 86_400_000;
    const session = (
      await t.post(`/api/programmes/${p.id}/sessions`, {
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 7_200_000).toISOString(),
        title: 'Montage',
      })
    ).body;
    const absenceOf = async () =>
      (
        (await t.get(`/api/sessions/${session.id}/roster`)).body.entries as Array<{
          participantId: string;
          absence: { reason: string; note: string | null } | null;
        }>
      ).find((e) => e.participantId === person.id)?.absence ?? null;

    const phone = await phoneOf(person);
    await phone.locator('app-next-session-card .cant-come').click();
    await phone.locator('[data-reason="other"]').click();
    // One tap chose; nothing is sent yet.
    await phone.locator('#cant-come-note').fill('Rendez-vous à la commune');
    expect(await absenceOf()).toBeNull();
    await shotAndAudit(phone, 'usability-phone-fr-cant-come-other');
    await phone.locator('button.send').click();
    await phone.locator('[data-absence="pending"]').waitFor();
    expect(await absenceOf()).toMatchObject({ reason: 'other', note: 'Rendez-vous à la commune' });
    await shotAndAudit(phone, 'usability-phone-fr-cant-come-sent');

    // She can come after all: taken back, the trainer's roster no longer shows it.
    await phone.locator('button.withdraw').click();
    await phone.locator('[data-absence="withdrawn"]').waitFor();
    expect(await absenceOf()).toBeNull();

    // Sent again and answered by the trainer: no more taking back.
    await phone.goto(`${baseUrl()}/home/sessions/${session.id}/cant-come`);
    await phone.locator('[data-reason="work"]').click();
    await phone.locator('button.send').click();
    await phone.locator('[data-absence="pending"]').waitFor();
    const roster = (await t.get(`/api/sessions/${session.id}/roster`)).body.entries as Array<{
      participantId: string;
      absence: { id: string } | null;
    }>;
    const absenceId = roster.find((e) => e.participantId === person.id)!.absence!.id;
    expect((await t.post(`/api/absences/${absenceId}/decline`)).status).toBeLessThan(300);
    await phone.reload();
    await phone.locator('.tiles').waitFor(); // declined: she may say it again, not take it back
    const answered = await phone.evaluate(
      async (id) =>
        (
          await fetch(`/api/me/sessions/${id}/absence`, {
            method: 'DELETE',
            headers: { 'x-xsrf-token': document.cookie.match(/XSRF-TOKEN=([^;]+)/)?.[1] ?? '' },
          })
        ).json(),
      session.id,
    );
    expect(answered.code).toBe('absence_answered');
    await phone.context().close();
  });

  it("8. in Arabic, a name and a date stay apart in the timeline editor's header (mixed directions isolated)", async () => {
    const t = await trainerApi();
    const trainerName = (await t.get('/api/me')).body.user.displayName as string;
    const group = (await t.post('/api/media/groups', { name: 'Groupe du dimanche' })).body as {
      id: string;
      projectId: string;
    };
    const person = await participant(t, 'سلمى', 'ar');
    await t.post(`/api/media/groups/${group.id}/members`, { participantId: person.id });
    const timeline = {
      target: '720p',
      fadeOutAtEnd: false,
      music: null,
      segments: [{ id: 't', kind: 'title', text: 'Bienvenue', colour: '#1d3557', durationMs: 2000, fadeIn: false }],
    };
    expect(
      (await t.put(`/api/projects/${group.projectId}/timeline`, { baseVersion: 0, document: timeline })).status,
    ).toBe(200);

    const phone = await phoneOf(person);
    await phone.goto(`${baseUrl()}/studio/projects/${group.projectId}/timeline`);
    await phone.waitForFunction(() => document.documentElement.dir === 'rtl');
    const line = phone.locator('.facts > span', { hasText: trainerName });
    await line.waitFor();
    // Where each character of the line is drawn: the date's digits must form one run, with the
    // separator and the name outside it (it showed "07 · 2026/12/Joseph").
    const layout = await line.evaluate((el, name) => {
      const spans: Record<'date' | 'dot' | 'name', Array<[number, number]>> = { date: [], dot: [], name: [] };
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const at = text.indexOf(name);
        for (let i = 0; i < text.length; i++) {
          const kind = /[0-9]/.test(text[i]!)
            ? 'date'
            : text[i] === '·'
              ? 'dot'
              : at >= 0 && i >= at && i < at + name.length
                ? 'name'
                : null;
          if (!kind) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const r = range.getBoundingClientRect();
          if (r.width > 0) spans[kind].push([Math.round(r.top), r.left + r.width / 2]);
        }
      }
      return spans;
    }, trainerName);
    await shotAndAudit(phone, 'usability-phone-ar-timeline-header');
    expect(layout.date.length).toBeGreaterThan(0);
    // Characters on the date's line only (a narrow phone may wrap the line).
    const dateRow = layout.date[0]![0];
    const xs = layout.date.filter(([top]) => top === dateRow).map(([, x]) => x);
    const [from, to] = [Math.min(...xs), Math.max(...xs)];
    const inside = (points: Array<[number, number]>) =>
      points.filter(([top, x]) => top === dateRow && x > from && x < to).length;
    expect({ dots: inside(layout.dot), name: inside(layout.name) }).toEqual({ dots: 0, name: 0 });
    await phone.context().close();
  });
});
