import { ProgrammeKind, type BoardView } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { artifacts, baseUrl, eventually, newClient, seed, type Browserish } from '../support/e2e.js';
import { shotAndAudit } from '../support/page-audit.js';

/**
 * A short co-creation session in real browsers: a facilitator on a laptop, two participants on
 * phones (Amina in Arabic, Joseph in French, both signed in with the demo seed's join codes) and
 * the room's screen, through every phase of the template.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
let browser: Browser;
const contexts: BrowserContext[] = [];

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
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

async function page(device: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const context = await browser.newContext({ ...device, locale: 'fr-BE' });
  contexts.push(context);
  context.setDefaultTimeout(20_000);
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return p;
}

// Every screenshot is also an accessibility and width check (tests/support/page-audit.ts).
const shot = (p: Page, name: string) => shotAndAudit(p, `board-${name}`);

const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;

/** A programme with a session going on now, the two demo participants enrolled. */
async function sessionNow(t: Browserish, names: string[]) {
  const programme = (
    await t.post('/api/programmes', {
      kind: ProgrammeKind.WorkshopSeries,
      title: 'Co-création quartier',
      description: '',
      languages: ['fr', 'ar'],
      place: 'Molenbeek',
      capacity: null,
      requiredAttendanceRate: 0,
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
      title: 'Atelier idées',
    })
  ).body;
  const people = (await t.get('/api/participants')).body as Array<{ id: string; displayName: string }>;
  for (const name of names) {
    const person = people.find((p) => p.displayName === name)!;
    const res = await t.post(`/api/programmes/${programme.id}/enrolments`, { participantId: person.id });
    expect(res.status).toBeLessThan(300);
  }
  return { programme, session };
}

async function phoneOf(name: string): Promise<Page> {
  const person = seed().participants.find((p) => p.displayName === name)!;
  const p = await page(PHONE);
  await p.goto(person.joinUrl.replace(/^https?:\/\/[^/]+/, baseUrl()));
  await p.waitForURL(/\/home/);
  return p;
}

/** The card with this text on a page (text is rendered as text: an exact match finds it). */
const card = (p: Page, text: string) => p.locator('app-board-card').filter({ has: p.getByText(text, { exact: true }) });

async function addCard(p: Page, text: string): Promise<void> {
  await p.locator('#card-text').fill(text);
  await p.locator('button.add-card').click();
  await card(p, text).waitFor();
}

/** What the facilitator's own view holds, read over HTTP: the server's truth, not the page's. */
async function viewOf(t: Browserish, boardId: string): Promise<BoardView> {
  return (await t.get(`/api/boards/${boardId}/view`)).body as BoardView;
}

describe('a live board in the browser', () => {
  it('a facilitator and two phones run a co-creation session through every phase, with the room screen', async () => {
    const t = newClient();
    await t.signIn(trainerEmail(), seed().password);
    const { programme, session } = await sessionNow(t, ['Amina', 'Joseph']);

    // The facilitator creates the board for today's session and opens it.
    const fac = await page(DESKTOP);
    await fac.goto(`${baseUrl()}/sign-in`);
    await fac.locator('input[formcontrolname=email]').fill(trainerEmail());
    await fac.locator('input[name=password]').fill(seed().password);
    await fac.locator('button[type=submit]').click();
    await fac.waitForURL(/\/staff/);
    await fac.goto(`${baseUrl()}/staff/boards`);
    await fac.locator('[data-template="co-creation"]').click();
    await fac.locator('input.board-title').fill('Notre quartier demain');
    await fac.locator('select.programme').selectOption(programme.id);
    await fac.locator(`select.session option[value="${session.id}"]`).waitFor({ state: 'attached' });
    await fac.locator('select.session').selectOption(session.id);
    await shot(fac, '0-create-desktop');
    await fac.locator('button.create-board').click();
    await fac.waitForURL(/\/board\/[0-9a-f-]{36}$/);
    const boardId = fac.url().split('/').pop()!;
    await fac.locator('.board-code').waitFor();
    const code = (await fac.locator('.board-code').textContent())!.trim();
    expect(code.length).toBeGreaterThanOrEqual(4);

    // The room's screen.
    const screen = await fac.context().newPage();
    await screen.goto(`${baseUrl()}/board/${boardId}/present`);
    await screen.locator('[data-code]').waitFor();
    expect((await screen.locator('[data-code]').textContent())!.trim()).toBe(code);
    await screen.locator('img.qr').waitFor();

    // Amina (Arabic) opens "Today's board" from her home; Joseph types the code.
    const amina = await phoneOf('Amina');
    await amina.waitForFunction(() => document.documentElement.dir === 'rtl');
    await amina.locator(`a.todays-board[data-board="${boardId}"]`).waitFor();
    await shot(amina, '0-home-today-ar');
    await amina.locator(`a.todays-board[data-board="${boardId}"]`).click();
    await amina.waitForURL(new RegExp(`/board/${boardId}$`));

    const joseph = await phoneOf('Joseph');
    await joseph.locator('a.board-code').click();
    await joseph.waitForURL(/\/board$/);
    await joseph.locator('#board-code').fill(code.toLowerCase());
    await joseph.locator('button[type=submit]').click();
    await joseph.waitForURL(new RegExp(`/board/${boardId}$`));

    // 1. Welcome round: everyone says hello.
    await addCard(joseph, 'Bonjour, je suis Joseph 👋');
    await addCard(amina, 'مرحبا، أنا أمينة 🌱');
    await card(joseph, 'مرحبا، أنا أمينة 🌱').waitFor();
    await card(fac, 'Bonjour, je suis Joseph 👋').waitFor();
    await fac.locator('[data-role="participant"]').nth(1).waitFor();
    // A reaction from Amina reaches Joseph; a card written by mistake is deleted by its author.
    await card(amina, 'Bonjour, je suis Joseph 👋').locator('button.add-reaction').click();
    await card(amina, 'Bonjour, je suis Joseph 👋').locator('button.pick').first().click();
    await card(joseph, 'Bonjour, je suis Joseph 👋').locator('button.reaction').filter({ hasText: '1' }).waitFor();
    // A photo from the phone's camera (here a picture ffmpeg draws), shrunk on the phone, shown to all.
    const picture = join(artifacts(), 'board-camera-input.jpg');
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=1600x1200:rate=1',
      '-frames:v',
      '1',
      picture,
    ]);
    await joseph.locator('input.photo-input').setInputFiles(picture);
    await joseph.locator('img.preview').waitFor();
    await addCard(joseph, 'Ma rue');
    const photo = card(amina, 'Ma rue').locator('img.photo');
    await photo.waitFor();
    await amina.waitForFunction(
      (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
      await photo.elementHandle(),
    );
    expect(await photo.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeLessThanOrEqual(1280);
    await shot(amina, '1-photo-phone-ar');
    await addCard(joseph, 'Oups');
    await card(amina, 'Oups').waitFor();
    await card(joseph, 'Oups').locator('button.delete').click();
    await card(amina, 'Oups').waitFor({ state: 'detached' });
    expect(await joseph.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await amina.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(joseph, '1-welcome-phone');
    await shot(amina, '1-welcome-phone-ar');
    await shot(fac, '1-welcome-desktop');

    // 2. Ideas in hidden mode, with a timer: nobody's phone gets the others' ideas.
    await fac.locator('[data-phase-button="ideas"]').click();
    await fac.locator('button.hide-cards').click();
    await fac.locator('button.timer-preset[data-minutes="3"]').click();
    await joseph.locator('[data-banner="hidden"]').waitFor();
    await joseph.locator('[data-zone="ideas"].current').waitFor();
    await joseph.locator('[role="timer"]').waitFor();
    await addCard(joseph, 'Un potager partagé');
    await addCard(joseph, 'Des cours de cuisine');
    await addCard(amina, 'حديقة للأطفال');
    await joseph.locator('[data-hidden-here]').filter({ hasText: '3' }).waitFor();
    expect(await joseph.getByText('حديقة للأطفال').count()).toBe(0);
    expect(await amina.getByText('Un potager partagé').count()).toBe(0);
    expect(await screen.getByText('Un potager partagé').count()).toBe(0);
    // The timers agree: all from the server's deadline.
    const seconds = async (p: Page) => Number(await p.locator('[role="timer"]').getAttribute('data-seconds'));
    const [a, j] = [await seconds(amina), await seconds(joseph)];
    expect(a).toBeGreaterThan(150);
    expect(Math.abs(a - j)).toBeLessThanOrEqual(2);
    await fac.locator('button.timer-add').click();
    await joseph.waitForFunction(
      () => Number(document.querySelector('[role="timer"]')?.getAttribute('data-seconds')) > 200,
    );
    await shot(joseph, '2-ideas-hidden-phone');
    await shot(amina, '2-ideas-hidden-phone-ar');
    await shot(screen, '2-ideas-hidden-screen');

    // A bad network: Joseph writes while offline; the card waits on his phone and arrives later.
    await joseph.context().setOffline(true);
    await joseph.locator('[data-banner="offline"]').waitFor();
    await addCard(joseph, 'Une fête des voisins');
    // It shows at once on his phone, counted as waiting, and has not reached the server.
    await joseph.locator('[data-banner="offline"]').filter({ hasText: '1' }).waitFor();
    // The same op is counted in the phone's one "actions waiting to be sent" (with check-ins, marks…).
    await joseph.locator('[data-testid="actions-waiting"]').filter({ hasText: '1' }).waitFor();
    expect((await viewOf(t, boardId)).hiddenCounts['ideas']).toBe(3);
    await shot(joseph, '2-ideas-offline-phone');
    await joseph.context().setOffline(false);
    await joseph.locator('[data-banner="offline"]').waitFor({ state: 'detached', timeout: 20_000 });
    await eventually(async () => (await viewOf(t, boardId)).hiddenCounts['ideas'], 4, 20_000);

    // 3. Reveal: now everybody sees every idea.
    await fac.locator('button.reveal').click();
    await card(amina, 'Un potager partagé').waitFor();
    await card(amina, 'Une fête des voisins').waitFor();
    await card(joseph, 'حديقة للأطفال').waitFor();
    await screen.getByText('Une fête des voisins', { exact: true }).waitFor();
    await shot(amina, '3-reveal-phone-ar');
    await shot(screen, '3-reveal-screen');

    // 4. Cluster by tapping: a card, then a group.
    await fac.locator('button.next-phase').click();
    await joseph.locator('[data-banner="hidden"]').waitFor({ state: 'detached' });
    await card(joseph, 'Un potager partagé').locator('button.group-this').click();
    await joseph.locator('[data-group-bar] input.new-group-title').fill('Nature');
    await joseph.locator('[data-group-bar] button.create-group').click();
    await amina.locator('section.group').filter({ hasText: 'Nature' }).waitFor();
    await card(amina, 'حديقة للأطفال').locator('button.group-this').click();
    await shot(amina, '4-cluster-choose-phone-ar');
    await amina.locator('[data-group-bar] [data-choose-group="Nature"]').click();
    await joseph.locator('section.group').filter({ hasText: 'Nature' }).locator('app-board-card').nth(1).waitFor();
    // The facilitator drags on the laptop: a new group by drag and drop (once the layout has settled).
    await fac.locator('section.group').filter({ hasText: 'Nature' }).locator('app-board-card').nth(1).waitFor();
    await card(fac, 'Des cours de cuisine').dragTo(fac.locator('.new-group-drop'));
    await eventually(async () => (await viewOf(t, boardId)).groups.length, 2);
    await eventually(
      async () => (await viewOf(t, boardId)).cards.find((c) => c.text === 'Des cours de cuisine')?.groupId !== null,
      true,
    );
    const clustered = await viewOf(t, boardId);
    const nature = clustered.groups.find((g) => g.title === 'Nature')!;
    expect(
      clustered.cards
        .filter((c) => c.groupId === nature.id)
        .map((c) => c.text)
        .sort(),
    ).toEqual(['Un potager partagé', 'حديقة للأطفال'].sort());
    await shot(joseph, '4-cluster-phone');
    await shot(amina, '4-cluster-phone-ar');
    await shot(fac, '4-cluster-desktop');

    // 5. Dot vote: three dots each, at most two per card; the budget shows as dots.
    await fac.locator('button.next-phase').click();
    await fac.locator('input.max-per-card').fill('2');
    await fac.locator('input.max-per-card').dispatchEvent('change');
    await fac.locator('button.start-vote').click();
    await joseph.locator('[data-banner="budget"]').waitFor();
    await card(joseph, 'Un potager partagé').locator('button.vote-add').click();
    await card(joseph, 'Un potager partagé').locator('button.vote-add').click();
    await card(joseph, 'Une fête des voisins').locator('button.vote-add').click();
    await joseph.locator('[data-dots-left]').filter({ hasText: '0' }).waitFor();
    await card(amina, 'Un potager partagé').locator('button.vote-add').click();
    await card(amina, 'حديقة للأطفال').locator('button.vote-add').click();
    // Nobody sees totals before the end of the vote.
    expect(await joseph.locator('[data-votes]').count()).toBe(0);
    await shot(joseph, '5-vote-phone');
    await shot(amina, '5-vote-phone-ar');

    // 6. End of the vote: results everywhere, on the room screen too.
    await fac.locator('button.end-vote').click();
    await joseph.locator('[data-results]').waitFor();
    await card(joseph, 'Un potager partagé').locator('[data-votes="3"]').waitFor();
    await screen.locator('[data-results]').waitFor();
    const first = await screen.locator('[data-results] li').first().textContent();
    expect(first).toContain('Un potager partagé');
    expect(first).toContain('3');
    await shot(joseph, '6-results-phone');
    await shot(amina, '6-results-phone-ar');
    await shot(screen, '6-results-screen');

    // 7. Next steps; "follow me" takes everyone back to the ideas, then lets them go.
    await fac.locator('button.next-phase').click();
    await addCard(amina, 'نبدأ يوم السبت');
    // Anonymous mode: the name leaves Joseph's phone, Amina still sees the card is hers.
    await card(joseph, 'نبدأ يوم السبت').getByText('Amina').waitFor();
    await fac.locator('button.toggle-anonymous').click();
    await joseph.locator('[data-banner="anonymous"]').waitFor();
    await card(joseph, 'نبدأ يوم السبت').getByText('Amina').waitFor({ state: 'detached' });
    await card(amina, 'نبدأ يوم السبت').locator('.mine-chip').waitFor();
    await shot(joseph, '7-anonymous-phone');
    await fac.locator('button.toggle-anonymous').click();
    await fac.locator('[data-zone="ideas"]').click();
    await fac.locator('button.toggle-follow').click();
    await joseph.locator('[data-banner="follow"]').waitFor();
    await joseph.locator('[data-zone="ideas"].current').waitFor();
    await shot(joseph, '7-follow-phone');
    await fac.locator('button.toggle-follow').click();
    await joseph.locator('[data-banner="follow"]').waitFor({ state: 'detached' });
    await joseph.locator('[data-zone="next-steps"].current').waitFor();
    await card(joseph, 'نبدأ يوم السبت').waitFor();
    await shot(amina, '7-next-steps-phone-ar');

    // 8. Farewell round, first locked (read-only, and said so), then open.
    await fac.locator('button.next-phase').click();
    await fac.locator('button.toggle-lock').click();
    await joseph.locator('[data-banner="locked"]').waitFor();
    expect(await joseph.locator('#card-text').count()).toBe(0);
    await shot(joseph, '8-farewell-locked-phone');
    await fac.locator('button.toggle-lock').click();
    await joseph.locator('[data-banner="locked"]').waitFor({ state: 'detached' });
    await addCard(joseph, 'Merci à tous ❤️');
    await addCard(amina, 'شكرا لكم');
    await screen.getByText('Merci à tous ❤️', { exact: true }).waitFor();
    // Moderation: a card hidden by the facilitator leaves the others' phones and the screen; its author sees why.
    await card(fac, 'شكرا لكم').locator('button.moderate').click();
    await card(joseph, 'شكرا لكم').waitFor({ state: 'detached' });
    await screen.getByText('شكرا لكم', { exact: true }).waitFor({ state: 'detached' });
    await card(amina, 'شكرا لكم').locator('.flag').waitFor();
    await shot(amina, '8-moderated-phone-ar');
    await card(fac, 'شكرا لكم').locator('button.moderate').click();
    await card(joseph, 'شكرا لكم').waitFor();
    await shot(joseph, '8-farewell-phone');
    await shot(amina, '8-farewell-phone-ar');
    await shot(fac, '8-farewell-desktop');
    await shot(screen, '8-farewell-screen');

    // Exports: the CSV from the server, the PNG drawn in the browser.
    const csv = await fac.evaluate(async (url) => (await fetch(url)).text(), `/api/boards/${boardId}/export.csv`);
    expect(csv).toContain('Un potager partagé');
    const download = fac.waitForEvent('download');
    await fac.locator('button.export-png').click();
    const png = await download;
    await png.saveAs(join(artifacts(), 'board-export.png'));
    expect(png.suggestedFilename()).toMatch(/\.png$/);

    // Print / PDF: the print stylesheet leaves the board and drops the controls.
    await fac.emulateMedia({ media: 'print' });
    expect(await fac.locator('app-facilitator-bar').isVisible()).toBe(false);
    expect(await fac.locator('app-card-composer').isVisible()).toBe(false);
    // Every zone is printed, not only the one on screen.
    await fac.locator('.print-only').getByText('Un potager partagé').waitFor();
    await fac.locator('.print-only').getByText('Bonjour, je suis Joseph 👋').waitFor();
    await shot(fac, '9-print-desktop');
    await fac.pdf({ path: join(artifacts(), 'board-print.pdf') });
    await fac.emulateMedia({ media: 'screen' });

    // Handing over: the admin becomes the facilitator and the trainer's controls go away.
    await fac.locator('button.hand-over').click();
    await fac.locator('button.hand-to').filter({ hasText: 'Nadia' }).click();
    await fac.locator('app-facilitator-bar').waitFor({ state: 'detached' });
    expect((await viewOf(t, boardId)).meta.facilitator.name).toMatch(/Nadia/);

    // Nothing was lost: the server holds every card written, the offline one included.
    const final = await viewOf(t, boardId);
    expect(final.cards.map((c) => c.text).sort()).toEqual(
      [
        'Bonjour, je suis Joseph 👋',
        'مرحبا، أنا أمينة 🌱',
        'Ma rue',
        'Un potager partagé',
        'Des cours de cuisine',
        'حديقة للأطفال',
        'Une fête des voisins',
        'نبدأ يوم السبت',
        'Merci à tous ❤️',
        'شكرا لكم',
      ].sort(),
    );
  }, 300_000);

  it('a trainer runs a video storyboard from a phone: scenes with who, where and shot', async () => {
    const t = newClient();
    await t.signIn(trainerEmail(), seed().password);
    const board = (await t.post('/api/boards', { template: 'video-storyboard', title: 'Notre film' })).body as {
      id: string;
    };
    const phone = await page(PHONE);
    await phone.goto(`${baseUrl()}/sign-in`);
    await phone.locator('input[formcontrolname=email]').fill(trainerEmail());
    await phone.locator('input[name=password]').fill(seed().password);
    await phone.locator('button[type=submit]').click();
    await phone.waitForURL(/\/staff/);
    await phone.goto(`${baseUrl()}/board/${board.id}`);
    await phone.locator('[data-phase-button="scenes"]').click();
    await phone.locator('[data-zone="opening"].current').waitFor();
    await phone.locator('#card-text').fill('Amina arrive au marché');
    await phone.locator('input.scene-field').nth(0).fill('Amina');
    await phone.locator('input.scene-field').nth(1).fill('Marché du Midi');
    await phone.locator('select.scene-field').selectOption('wide');
    await phone.locator('button.add-card').click();
    await card(phone, 'Amina arrive au marché').getByText('Marché du Midi').waitFor();
    await eventually(
      async () => JSON.stringify((await viewOf(t, board.id)).cards[0]?.details ?? null),
      JSON.stringify({ who: 'Amina', where: 'Marché du Midi', shot: 'wide' }),
    );
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, '10-storyboard-trainer-phone');
  }, 120_000);

  it('a phone reopened with more queued changes than the rate limit allows sends them all, each once; a forbidden one is dropped with a message', async () => {
    const t = newClient();
    await t.signIn(trainerEmail(), seed().password);
    const board = (await t.post('/api/boards', { template: 'blank', title: 'File d’attente' })).body as { id: string };
    const created = (await t.post('/api/participants', { displayName: 'Téléphone de Karim', preferredLanguage: 'fr' }))
      .body;
    const phone = await page(PHONE);
    await phone.goto(String(created.joinCode.joinUrl).replace(/^https?:\/\/[^/]+/, baseUrl()));
    await phone.waitForURL(/\/home/);
    // What the phone kept from a session without network: 60 cards (more than the server's burst of
    // 40 per socket) and one change only the facilitator may make, in the board's pending list.
    const queued = Array.from({ length: 60 }, (_, i) => ({
      opId: `queued-${String(i).padStart(4, '0')}-${board.id.slice(0, 8)}`,
      op: { type: 'card.add', cardId: `card-q-${String(i).padStart(4, '0')}`, zoneId: 'main', text: `hors ligne ${i}` },
    }));
    queued.splice(30, 0, { opId: `queued-lock-${board.id.slice(0, 8)}`, op: { type: 'lock.set', on: true } as never });
    await phone.evaluate(([key, list]) => localStorage.setItem(key, list), [
      `atelier.board.pending.${board.id}`,
      JSON.stringify(queued),
    ] as const);

    await phone.goto(`${baseUrl()}/board/${board.id}`);
    await phone.getByText('Seul l’animateur de ce tableau peut faire cela.').waitFor({ timeout: 30_000 });
    await eventually(async () => (await viewOf(t, board.id)).cards.length, 60, 60_000);
    await eventually(
      () => phone.evaluate((key) => localStorage.getItem(key), `atelier.board.pending.${board.id}`),
      null,
      30_000,
    );
    expect((await t.get(`/api/boards/${board.id}`)).body.seq).toBe(60);
    expect((await viewOf(t, board.id)).meta.locked).toBe(false);
    await phone.locator('app-board-card').nth(59).waitFor();
    expect(await phone.locator('app-board-card').count()).toBe(60);
    await shot(phone, '12-queue-replayed-phone');
  }, 180_000);

  it('a phone whose device the trainer signs out leaves the board at once and is told what to do', async () => {
    const t = newClient();
    await t.signIn(trainerEmail(), seed().password);
    const board = (await t.post('/api/boards', { template: 'blank', title: 'Téléphone partagé' })).body as {
      id: string;
    };
    const created = (await t.post('/api/participants', { displayName: 'Téléphone de Nadia', preferredLanguage: 'fr' }))
      .body;
    const phone = await page(PHONE);
    await phone.goto(String(created.joinCode.joinUrl).replace(/^https?:\/\/[^/]+/, baseUrl()));
    await phone.waitForURL(/\/home/);
    await phone.goto(`${baseUrl()}/board/${board.id}`);
    await phone.locator('#card-text').waitFor();

    const devices = (await t.get(`/api/participants/${created.participant.id}/devices`)).body as Array<{ id: string }>;
    expect((await t.delete(`/api/participants/${created.participant.id}/devices/${devices[0]!.id}`)).status).toBe(204);

    const fatal = phone.locator('section.fatal');
    await fatal.waitFor({ timeout: 10_000 });
    expect(await fatal.textContent()).toContain('demandez un nouveau code');
    expect(await phone.locator('#card-text').count()).toBe(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, '11-phone-signed-out');
  }, 60_000);
});
