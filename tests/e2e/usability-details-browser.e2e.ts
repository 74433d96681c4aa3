import { describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { baseUrl } from '../support/e2e.js';
import { formOverlaps, shotAndAudit } from '../support/page-audit.js';
import { organisationOf, projectWithFilm, readyRender } from '../support/publishing-e2e.js';
import {
  LAPTOP,
  PHONE,
  page,
  participant,
  phoneOf,
  programme,
  trainerApi,
  trainerEmail,
  trainerPage,
  useBrowser,
} from '../support/usability-e2e.js';

// Issue 17, finding 9: the smaller things people stumbled on, each checked in the browser.

jest.setTimeout(240_000);
useBrowser();

const i18n = (lang: string) =>
  JSON.parse(readFileSync(join(process.cwd(), `apps/web/public/i18n/${lang}.json`), 'utf8')) as Record<
    string,
    Record<string, Record<string, string>>
  >;

/** Where a block's text is drawn inside it: the gaps (px) between the text and each side. */
function textGaps(p: Page, selector: string): Promise<{ left: number; right: number }> {
  return p.locator(selector).evaluate((el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const range = document.createRange();
    range.selectNodeContents(el.querySelector('.card-text') ?? el);
    const text = range.getBoundingClientRect();
    return {
      left: Math.round(text.left - box.left - parseFloat(style.paddingLeft)),
      right: Math.round(box.right - parseFloat(style.paddingRight) - text.right),
    };
  });
}

async function facilitatorAddsCard(p: Page, text: string): Promise<void> {
  await p.locator('#card-text').fill(text);
  await p.locator('button.add-card').click();
  await p.locator('app-board-card').getByText(text, { exact: true }).waitFor();
}

describe('the smaller findings (issue 17, 9)', () => {
  it("the board's room screen: how to join in every language, titles in the viewer's language, each card in its own direction", async () => {
    const t = await trainerApi();
    const board = (await t.post('/api/boards', { template: 'blank', title: 'Bilan du mois' })).body as {
      id: string;
    };
    {
      const laptop = await trainerPage(LAPTOP);
      await laptop.goto(`${baseUrl()}/board/${board.id}`);
      await facilitatorAddsCard(laptop, 'نريد وقتاً أطول للتصوير');
      await facilitatorAddsCard(laptop, 'Plus de temps pour filmer');
      const screen = await laptop.context().newPage();
      await screen.goto(`${baseUrl()}/board/${board.id}/present`);
      await screen.locator('[data-code]').waitFor();
      await screen.locator('p.card', { hasText: 'Plus de temps' }).waitFor();
      await screen.waitForFunction(() => document.documentElement.lang === 'fr');
      // How to join, in all four languages, each in its own direction.
      for (const lang of ['fr', 'nl', 'en', 'ar']) {
        await expect(screen.locator(`.how li[lang=${lang}]`).textContent()).resolves.toContain(
          i18n(lang)['board']!['presenter']!['join'],
        );
      }
      // The phase and zone titles in the viewer's language (the trainer's French), never a translation key.
      const zones = await screen.locator('section.zone h2').allTextContents();
      expect(zones.length).toBeGreaterThan(0);
      const frZones = Object.values(i18n('fr')['board']!['zones']!);
      for (const z of zones) expect(frZones).toContain(z.trim());
      const phase = (await screen.locator('[data-phase]').textContent())!.trim();
      expect(Object.values(i18n('fr')['board']!['phases']!).some((p) => phase.startsWith(p))).toBe(true);
      // The Arabic card reads from the right, the French one from the left, whatever the page's direction.
      const arabic = await textGaps(screen, 'p.card:has-text("نريد")');
      const french = await textGaps(screen, 'p.card:has-text("Plus de temps")');
      expect(arabic.right).toBeLessThanOrEqual(2);
      expect(arabic.left).toBeGreaterThan(20);
      expect(french.left).toBeLessThanOrEqual(2);
      expect(french.right).toBeGreaterThan(20);
      await shotAndAudit(screen, 'details-laptop-fr-room-screen');
      await laptop.context().close();
    }
  });

  it('a message goes with its page: the next page (a poster to project) is not covered by it', async () => {
    const t = await trainerApi();
    const p = await programme(t, 'Atelier affiche');
    const laptop = await trainerPage(LAPTOP);
    await laptop.goto(`${baseUrl()}/staff/programmes/${p.id}`);
    await laptop.locator('.join-row button').first().click(); // "Copy": says copied (or that it could not)
    await laptop.locator('mat-snack-bar-container').waitFor();
    await laptop.waitForTimeout(1600); // read, then the trainer moves on
    await laptop.locator('a.poster-link').click();
    await laptop.waitForURL(/\/poster$/);
    await laptop.locator('[data-code]').waitFor();
    await laptop.locator('mat-snack-bar-container').waitFor({ state: 'detached', timeout: 1000 });
    await laptop.context().close();
  });

  it("the programme's join code has a QR code and a poster to print; the QR code opens the join form filled in", async () => {
    const t = await trainerApi();
    const p = await programme(t, 'Cours de montage');
    const code = ((await t.get(`/api/programmes/${p.id}`)).body as { joinCode: string }).joinCode;
    for (const device of [LAPTOP, PHONE]) {
      const trainer = await trainerPage(device);
      await trainer.goto(`${baseUrl()}/staff/programmes/${p.id}`);
      await trainer.locator('a.poster-link').click();
      await trainer.locator('img.qr').waitFor();
      expect(await trainer.locator('img.qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
      await expect(trainer.locator('[data-code]').textContent()).resolves.toBe(code);
      const url = (await trainer.locator('[data-url]').textContent())!.trim();
      expect(url).toBe(`${baseUrl()}/home?programme=${code}`);
      await shotAndAudit(trainer, `details-${device === PHONE ? 'phone' : 'laptop'}-fr-programme-poster`);
      // Printed: the code, the QR code and the address, not the buttons.
      await trainer.emulateMedia({ media: 'print' });
      expect(await trainer.locator('button.print').isVisible()).toBe(false);
      expect(await trainer.locator('img.qr').isVisible()).toBe(true);
      await trainer.context().close();
    }
    // A participant (Arabic phone) scans it: the join form opens with the code in it; one tap joins.
    const person = await participant(t, 'Yasmina', 'ar');
    const phone = await phoneOf(person);
    await phone.goto(`${baseUrl()}/home?programme=${code}`);
    await expect(phone.locator('#programme-code').inputValue()).resolves.toBe(code);
    await shotAndAudit(phone, 'details-phone-ar-join-programme-from-qr');
    await phone.locator('app-join-programme-form button[type=submit]').click();
    await phone.locator('app-join-programme-form .result').waitFor();
    await phone.context().close();
  });

  it('a wrong check-in code stays in the field, an unsent one is kept to send; no code field looks filled in before typing', async () => {
    const t = await trainerApi();
    const person = await participant(t, 'Karim', 'fr');
    const phone = await phoneOf(person);
    await phone.goto(`${baseUrl()}/check-in`);
    const field = phone.locator('#check-in-code');
    await field.fill('987 654');
    await phone.locator('button.submit').click();
    await phone.locator('app-error-message [role=alert], app-error-message .error').first().waitFor();
    await expect(field.inputValue()).resolves.toBe('987 654');
    await shotAndAudit(phone, 'details-phone-fr-check-in-wrong-code');
    expect(await field.getAttribute('placeholder')).toBeNull();
    // Offline, the typed code is not lost either: it is kept on the phone, with the time it was typed,
    // and sent when the network is back (the action queue of issue 18).
    await phone.context().setOffline(true);
    await field.fill('123 789');
    await phone.locator('button.submit').click();
    await phone.locator('[data-status=queued]').waitFor();
    await phone.context().setOffline(false);
    await phone.context().close();

    const signedOut = await page(PHONE);
    await signedOut.goto(`${baseUrl()}/join`);
    await signedOut.locator('#join-code').waitFor();
    expect(await signedOut.locator('#join-code').getAttribute('placeholder')).toBeNull();
    await signedOut.context().close();
  });

  it('an empty bin says what it may hold, not "uses 1 KB"', async () => {
    const t = await trainerApi();
    const group = (await t.post('/api/media/groups', { name: 'Groupe vide' })).body as { id: string };
    const laptop = await trainerPage(LAPTOP);
    await laptop.goto(`${baseUrl()}/studio/groups/${group.id}`);
    const limits = laptop.locator('p.limits').first();
    await limits.waitFor();
    const text = (await limits.textContent())!;
    expect(text).not.toMatch(/utilise|\b[01] ?[kK]o\b/);
    expect(text).toContain('le groupe dispose de');
    await shotAndAudit(laptop, 'details-laptop-fr-empty-bin');
    await laptop.context().close();
  });

  it('an upload row says "ready" once its clip is ready: it does not keep saying "being prepared"', async () => {
    const t = await trainerApi();
    const person = await participant(t, 'Nadia', 'fr');
    const group = (await t.post('/api/media/groups', { name: 'Groupe envoi' })).body as { id: string };
    await t.post(`/api/media/groups/${group.id}/members`, { participantId: person.id });
    const dir = await mkdtemp(join(tmpdir(), 'atelier-details-'));
    const file = join(dir, 'rue.mp4');
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '2'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', file],
    ]);
    const phone = await phoneOf(person);
    await phone.goto(`${baseUrl()}/studio/groups/${group.id}`);
    await phone.locator('input[type=file]').setInputFiles(file);
    const fr = i18n('fr')['clips'] as unknown as Record<string, string>;
    const row = phone.locator('app-upload-list li.upload');
    await row.getByText(fr['uploaded']!).waitFor({ timeout: 60_000 }); // sent, being prepared
    await phone.locator('app-clip-card[data-status=ready]').waitFor({ timeout: 180_000 });
    await row.getByText(fr['uploadReady']!).waitFor({ timeout: 10_000 });
    await expect(row.textContent()).resolves.not.toContain(fr['uploaded']);
    await shotAndAudit(phone, 'details-phone-fr-bin-after-upload');
    await phone.context().close();
    await rm(dir, { recursive: true, force: true });
  });

  it("the film's spoken language and its subtitles' are picked by name, and no hint runs into the next field", async () => {
    const t = await trainerApi();
    const org = await organisationOf(trainerEmail());
    const person = await participant(t, 'Leila', 'fr');
    const { projectId, clipId } = await projectWithFilm(org.organisationId, org.userId, [person.id], 'Groupe du film');
    // Subtitles come with a saved documentary.
    await t.put(`/api/publishing/projects/${projectId}/documentary`, {
      title: 'Notre film',
      description: '',
      language: 'fr',
      videoClipId: clipId,
    });
    for (const device of [PHONE, LAPTOP]) {
      const trainer = await trainerPage(device);
      await trainer.goto(`${baseUrl()}/staff/documentaries/${projectId}`);
      await trainer.locator('mat-select.language-select').click();
      await trainer.locator('mat-option', { hasText: 'arabe' }).click();
      await expect(trainer.locator('mat-select.language-select').textContent()).resolves.toContain('arabe');
      // The subtitles' language too: picked by name, and the track's label follows in its own name.
      await trainer.locator('select.subtitle-language').selectOption('ar');
      await expect(trainer.locator('app-subtitles-panel .field.grow input').inputValue()).resolves.toBe('العربية');
      expect(await formOverlaps(trainer)).toEqual([]);
      await shotAndAudit(trainer, `details-${device === PHONE ? 'phone' : 'laptop'}-fr-film-form`);
      await trainer.context().close();
    }
  });

  it('untitled sessions are their day and time, without a trailing " · "', async () => {
    const t = await trainerApi();
    const p = await programme(t, 'Séances sans nom');
    const start = Date.now() + 3 * 86_400_000;
    await t.post(`/api/programmes/${p.id}/sessions`, {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3_600_000).toISOString(),
    });
    const laptop = await trainerPage(LAPTOP);
    await laptop.goto(`${baseUrl()}/staff/boards`);
    await laptop.locator('select.programme').selectOption(p.id);
    await laptop.locator('select.session option').nth(1).waitFor({ state: 'attached' });
    const labels = await laptop.locator('select.session option').allTextContents();
    expect(labels.length).toBe(2);
    for (const label of labels) expect(label.trim()).not.toMatch(/·$/);
    await laptop.context().close();
  });

  it('"Download MP4", the feed and the organisation are tap targets (44 px), not lines of text', async () => {
    const t = await trainerApi();
    const org = await organisationOf(trainerEmail());
    const person = await participant(t, 'Samir', 'fr');
    const { projectId, clipId } = await projectWithFilm(org.organisationId, org.userId, [person.id], 'Groupe MP4');
    await readyRender(org.organisationId, projectId, org.userId);
    const laptop = await trainerPage(LAPTOP);
    await laptop.goto(`${baseUrl()}/studio/projects/${projectId}/timeline`);
    const download = laptop.locator('a.download, a[download]').first();
    await download.waitFor();
    expect((await download.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    const doc = (
      await t.put(`/api/publishing/projects/${projectId}/documentary`, {
        title: 'Le film MP4',
        description: '',
        language: 'fr',
        videoClipId: clipId,
      })
    ).body as { id: string };
    const overview = (await t.get(`/api/publishing/projects/${projectId}`)).body as { links: { catalogue: string } };
    const phone = await trainerPage(PHONE); // the film is not published: its team sees it
    const heights: Record<string, number> = {};
    await phone.goto(`${baseUrl()}${new URL(overview.links.catalogue).pathname}`);
    await phone.locator('a.feed').waitFor();
    heights['feed'] = Math.round((await phone.locator('a.feed').boundingBox())!.height);
    await phone.goto(`${baseUrl()}/watch/${doc.id}`);
    await phone.locator('a.org').waitFor();
    heights['organisation'] = Math.round((await phone.locator('a.org').boundingBox())!.height);
    expect(heights['feed']).toBeGreaterThanOrEqual(44);
    expect(heights['organisation']).toBeGreaterThanOrEqual(44);
    await shotAndAudit(phone, 'details-phone-fr-watch');
    await laptop.context().close();
    await phone.context().close();
  });
});
