import { Visibility } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseUrl, eventually, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit } from '../support/page-audit.js';
import { organisationOf, projectWithFilm, readyFilmClip, withDb } from '../support/publishing-e2e.js';

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
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function page(device: typeof PHONE | typeof DESKTOP, locale = 'fr-BE'): Promise<Page> {
  const context = await browser.newContext({ ...device, locale });
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return p;
}

// Every screenshot is also an accessibility and width check (tests/support/page-audit.ts).
const shot = shotAndAudit;
const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;

async function staffPage(device: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const p = await page(device);
  await p.goto(`${baseUrl()}/sign-in`);
  await p.locator('input[formcontrolname=email]').fill(trainerEmail());
  await p.locator('input[name=password]').fill(seed().password);
  await p.locator('button[type=submit]').click();
  await p.waitForURL(/\/staff/);
  return p;
}

/**
 * Plays the page's video (muted, as a visitor pressing play would) and waits until it has really
 * advanced. play() is asked again while the video is paused: on a loaded machine hls.js may attach
 * its source after the first call, and that new load interrupts the pending play() (CI saw it once).
 */
async function playUntil(p: Page, seconds: number): Promise<number> {
  await p.locator('video').waitFor();
  // Only the poster shows until the visitor taps play (issue 17).
  const start = p.locator('app-video-player button.start');
  if (await start.isVisible()) await start.click();
  await p.waitForFunction(
    (s) => {
      const v = document.querySelector('video');
      if (!v) return false;
      v.muted = true;
      if (v.paused && !v.ended) void v.play().catch(() => undefined);
      return v.currentTime > s;
    },
    seconds,
    { timeout: 30_000, polling: 250 },
  );
  return p.evaluate(() => document.querySelector('video')!.currentTime);
}

describe('publishing in the browser', () => {
  it('a participant consents in Arabic on a phone, the trainer publishes, and a visitor watches from the catalogue', async () => {
    const staff: Browserish = newClient();
    await staff.signIn(trainerEmail(), seed().password);
    const org = await organisationOf(trainerEmail());
    const created = (await staff.post('/api/participants', { displayName: 'Huda Al-Sayed', preferredLanguage: 'ar' }))
      .body;
    const { projectId, clipId } = await projectWithFilm(
      org.organisationId,
      org.userId,
      [created.participant.id],
      'Groupe du jeudi',
    );
    const doc = (
      await staff.put(`/api/publishing/projects/${projectId}/documentary`, {
        title: 'Nos voix, nos villes',
        description: 'Un film du groupe du jeudi, tourné à Schaerbeek.',
        language: 'fr',
        videoClipId: clipId,
      })
    ).body;
    expect(
      (
        await staff.request(
          'PUT',
          `/api/publishing/projects/${projectId}/subtitles/ar?label=${encodeURIComponent('العربية')}`,
          'WEBVTT\n\n00:00.500 --> 00:05.500\nأصواتنا، مدننا\n',
          { 'content-type': 'text/vtt' },
        )
      ).status,
    ).toBe(200);

    // The trainer cannot publish yet: the page says who is missing and why.
    const trainer = await staffPage(PHONE);
    await trainer.goto(`${baseUrl()}/staff/documentaries/${projectId}`);
    await trainer.locator('[data-visibility="public"]').click();
    await trainer.locator('button.publish').click();
    await trainer.locator('.missing').getByText('Huda Al-Sayed').waitFor();
    expect(await trainer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(trainer, 'publishing-phone-trainer-blocked');

    // The participant answers on their phone, in Arabic, one question per screen.
    const phone = await page(PHONE, 'ar');
    await phone.goto(created.joinCode.joinUrl.replace(/^https?:\/\/[^/]+/, baseUrl()));
    await phone.waitForURL(/\/home/);
    expect(await phone.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await phone.locator('app-my-consents a.film').first().waitFor();
    await shot(phone, 'publishing-phone-ar-home-consent');
    await phone.locator('app-my-consents a.film').first().click();
    await phone.locator('.tile.yes').waitFor();
    await expect(phone.locator('h1.question').textContent()).resolves.toContain('هل يمكن أن يراك الناس');
    await shot(phone, 'publishing-phone-ar-question-screen');
    expect(await phone.locator('.progress .dot.on').count()).toBe(1);
    await phone.locator('.tile.yes').click();
    await phone.locator('.tile.yes').click();
    await phone.locator('.tile.option').nth(1).click(); // first name only
    await phone.locator('.tile.option').nth(2).click(); // everyone, on the internet
    await phone.locator('.summary').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, 'publishing-phone-ar-review');
    await phone.locator('button.save').click();
    await phone.locator('.done').waitFor();
    await shot(phone, 'publishing-phone-ar-saved');

    // Now the trainer can publish it publicly.
    await trainer.reload();
    await trainer.locator('[data-visibility="public"]').click();
    await trainer.locator('button.publish').click();
    await eventually(
      async () => (await staff.get(`/api/publishing/projects/${projectId}`)).body.documentary.published as boolean,
      true,
    );
    await trainer.locator('.links').waitFor();
    await shot(trainer, 'publishing-phone-trainer-published');
    const overview = (await staff.get(`/api/publishing/projects/${projectId}`)).body;
    expect(overview.documentary.visibility).toBe(Visibility.Public);

    // An anonymous visitor finds it in the catalogue and watches it: HLS through hls.js, with subtitles.
    const visitor = await page(PHONE);
    const segments: string[] = [];
    visitor.on('request', (r) => {
      if (r.url().endsWith('.ts')) segments.push(r.url());
    });
    await visitor.goto(overview.links.catalogue.replace(/^https?:\/\/[^/]+/, baseUrl()));
    const card = visitor.locator('.card-link', { hasText: 'Nos voix, nos villes' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Huda');
    expect(await card.textContent()).not.toContain('Al-Sayed');
    await shot(visitor, 'publishing-phone-catalogue');
    await card.click();
    await visitor.waitForURL(new RegExp(`/watch/${doc.id}`));
    await visitor.locator('video track[srclang="ar"]').waitFor({ state: 'attached' });
    expect(await visitor.locator('video track').count()).toBe(1);
    const played = await playUntil(visitor, 2);
    expect(played).toBeGreaterThan(2);
    expect(segments.length).toBeGreaterThan(0);
    expect(await visitor.evaluate(() => document.querySelector('video')!.src.startsWith('blob:'))).toBe(true); // MSE: hls.js, not the MP4
    await visitor.evaluate(() => document.querySelector('video')!.pause());
    await shot(visitor, 'publishing-phone-watch-playing');

    // A visitor reading Arabic gets the Arabic subtitles on (the film is in French).
    const desktop = await page(DESKTOP, 'ar');
    await desktop.goto(`${baseUrl()}/watch/${doc.id}`);
    await playUntil(desktop, 1.5);
    await desktop.waitForFunction(() => document.querySelector('video')!.textTracks[0]?.mode === 'showing');
    expect(await desktop.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await desktop.evaluate(() => document.querySelector('video')!.pause());
    await shot(desktop, 'publishing-desktop-watch-playing');

    // The embeddable player plays too.
    const embed = await page(DESKTOP);
    await embed.setViewportSize({ width: 640, height: 400 });
    await embed.goto(`${baseUrl()}/embed/${doc.id}`);
    await playUntil(embed, 1);
    await embed.evaluate(() => document.querySelector('video')!.pause());
    await shot(embed, 'publishing-embed-playing');

    // The trainer's desktop view of the published documentary.
    const trainerDesktop = await staffPage(DESKTOP);
    await trainerDesktop.goto(`${baseUrl()}/staff/documentaries/${projectId}`);
    await trainerDesktop.locator('.links').waitFor();
    await shot(trainerDesktop, 'publishing-desktop-trainer-published');
    // The dashboard's Documentaries tab lists the group's film as published, everyone agreeing.
    await trainer.goto(`${baseUrl()}/staff?tab=documentaries`);
    const row = trainer.locator('app-documentaries-panel a.project', { hasText: 'Nos voix, nos villes' });
    await row.waitFor();
    expect(await row.textContent()).toContain('1 sur 1');
    await shot(trainer, 'publishing-phone-trainer-list');

    // Huda narrows her consent to the organisation: the film leaves the public at once, and the
    // trainer reads why on the documentary's page.
    await phone.goto(`${baseUrl()}/home/consent/${projectId}`);
    await phone.locator('.summary').waitFor();
    await shot(phone, 'publishing-phone-ar-change-consent');
    await phone.locator('.summary li').nth(3).locator('button').click();
    await phone.locator('.tile.option').nth(0).click(); // only people of the organisation
    await phone.locator('button.save').click();
    await phone.locator('.done').waitFor();
    const anonymous = newClient();
    expect((await anonymous.get(`/api/watch/${doc.id}`)).status).toBe(404);
    await visitor.reload();
    await visitor.getByText(/n'est pas disponible/).waitFor();
    await shot(visitor, 'publishing-phone-watch-withdrawn');
    await trainer.goto(`${baseUrl()}/staff/documentaries/${projectId}`);
    await trainer.locator('app-notices-panel .notice').waitFor();
    expect(await trainer.locator('app-notices-panel').textContent()).toContain('Huda Al-Sayed');
    await shot(trainer, 'publishing-phone-trainer-notice');

    for (const p of [trainer, phone, visitor, desktop, embed, trainerDesktop]) await p.context().close();
  }, 120_000);

  it('someone who joined the group after the credits were set is pointed out, added in one tap, and then must consent', async () => {
    const staff: Browserish = newClient();
    await staff.signIn(trainerEmail(), seed().password);
    const org = await organisationOf(trainerEmail());
    const samir = (await staff.post('/api/participants', { displayName: 'Samir Haddad', preferredLanguage: 'fr' })).body
      .participant;
    const mariam = (await staff.post('/api/participants', { displayName: 'Mariam Diallo', preferredLanguage: 'nl' }))
      .body.participant;
    const { projectId, clipId } = await projectWithFilm(org.organisationId, org.userId, [samir.id], 'Groupe du mardi');
    await staff.put(`/api/publishing/projects/${projectId}/documentary`, {
      title: 'Le marché du mardi',
      description: 'Un film du groupe du mardi.',
      language: 'fr',
      videoClipId: clipId,
    });
    expect(
      (await staff.get(`/api/publishing/projects/${projectId}`)).body.credits.map(
        (c: { personId: string }) => c.personId,
      ),
    ).toEqual([samir.id]);
    // Mariam joins the group after the credits were set (they start as the group's members).
    const groupId = await withDb(
      async (db) =>
        (
          (await db.query(`SELECT group_id FROM media_projects WHERE id = $1`, [projectId])) as Array<{
            group_id: string;
          }>
        )[0]!.group_id,
    );
    expect((await staff.post(`/api/media/groups/${groupId}/members`, { participantId: mariam.id })).status).toBe(201);

    const trainer = await staffPage(PHONE);
    await trainer.goto(`${baseUrl()}/staff/documentaries/${projectId}`);
    const notice = trainer.locator('app-credits-panel .new-members');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Mariam Diallo');
    expect(await notice.textContent()).not.toContain('Samir');
    expect(await trainer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await notice.scrollIntoViewIfNeeded();
    await shot(trainer, 'publishing-phone-trainer-new-member');
    await notice.locator('button.add-new-members').click();
    await trainer.locator(`app-credits-panel li.credit[data-person="${mariam.id}"]`).waitFor();
    expect(await notice.count()).toBe(0);
    await trainer.locator('app-credits-panel button', { hasText: 'Enregistrer le générique' }).click();
    await eventually(
      async () => ((await staff.get(`/api/publishing/projects/${projectId}`)).body.credits as unknown[]).length,
      2,
    );

    // Now her consent is needed too: publishing says so.
    await trainer.locator('[data-visibility="public"]').click();
    await trainer.locator('button.publish').click();
    await trainer.locator('.missing').getByText('Mariam Diallo').waitFor();
    await shot(trainer, 'publishing-phone-trainer-new-member-blocked');
    await trainer.context().close();
  }, 60_000);
  it('a participant watches the film before answering, and is asked to watch again when a new cut replaces it', async () => {
    const staff: Browserish = newClient();
    await staff.signIn(trainerEmail(), seed().password);
    const org = await organisationOf(trainerEmail());
    const created = (await staff.post('/api/participants', { displayName: 'Nadia Benali', preferredLanguage: 'fr' }))
      .body;
    const { projectId, clipId } = await projectWithFilm(
      org.organisationId,
      org.userId,
      [created.participant.id],
      'Groupe du vendredi',
    );
    const base = { title: 'Le quartier du vendredi', description: 'Un film du groupe du vendredi.', language: 'fr' };
    const doc = (await staff.put(`/api/publishing/projects/${projectId}/documentary`, { ...base, videoClipId: clipId }))
      .body;

    // Not published: the film can be watched by the people credited in it, on their phone.
    const phone = await page(PHONE);
    await phone.goto(created.joinCode.joinUrl.replace(/^https?:\/\/[^/]+/, baseUrl()));
    await phone.waitForURL(/\/home/);
    await phone.locator('app-my-consents a.film').first().click();
    await phone.locator('a.watch-film').click();
    await phone.waitForURL(new RegExp(`/watch/${doc.id}`));
    expect(await playUntil(phone, 1)).toBeGreaterThan(1);
    expect((await newClient().get(`/api/watch/${doc.id}`)).status).toBe(404);
    // Nothing to share before publication; a button leads back to the questions.
    await phone.locator('.unpublished').waitFor();
    expect(await phone.getByText('Copier le lien').count()).toBe(0);
    await phone.locator('button.back').click();
    await phone.locator('.tile.yes').waitFor();
    await phone.locator('.tile.yes').click();
    await phone.locator('.tile.yes').click();
    await phone.locator('.tile.option').nth(0).click(); // full name
    await phone.locator('.tile.option').nth(1).click(); // with a secret link
    await phone.locator('.summary').waitFor();
    await phone.locator('button.save').click();
    await phone.locator('.done').waitFor();

    // The trainer replaces the film with a new cut: Nadia's home says the film changed.
    const recut = await readyFilmClip(org.organisationId, projectId, org.userId);
    expect(
      (await staff.put(`/api/publishing/projects/${projectId}/documentary`, { ...base, videoClipId: recut })).status,
    ).toBe(200);
    await phone.goto(`${baseUrl()}/home`);
    const item = phone.locator('app-my-consents a.film', { hasText: 'Le quartier du vendredi' });
    await item.getByText('Le film a changé').waitFor();
    await shot(phone, 'publishing-phone-film-changed-home');
    await item.click();
    await phone.locator('.film-changed').waitFor();
    expect(await phone.locator('.film-changed').textContent()).toContain('Regardez la nouvelle version');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, 'publishing-phone-film-changed-consent');
    await phone.locator('a.watch-film').click();
    expect(await playUntil(phone, 1)).toBeGreaterThan(1);
    await shot(phone, 'publishing-phone-film-changed-watch');
    // The trainer sees that she answered before the new cut.
    const trainer = await staffPage(PHONE);
    await trainer.goto(`${baseUrl()}/staff/documentaries/${projectId}`);
    const mark = trainer.locator(`app-credits-panel li.credit[data-person="${created.participant.id}"] .before-cut`);
    await mark.waitFor();
    await mark.scrollIntoViewIfNeeded();
    await shot(trainer, 'publishing-phone-trainer-before-new-cut');
    // Having watched it, she keeps her answer: the notices are gone.
    await phone.locator('button.back').click();
    await phone.locator('.summary').waitFor();
    await phone.locator('button.save').click();
    await phone.locator('.done').waitFor();
    await phone.goto(`${baseUrl()}/home`);
    await item.waitFor();
    expect(await item.textContent()).not.toContain('Le film a changé');
    await trainer.reload();
    await trainer.locator(`app-credits-panel li.credit[data-person="${created.participant.id}"]`).waitFor();
    expect(await mark.count()).toBe(0);
    await phone.context().close();
    await trainer.context().close();
  }, 90_000);
});
