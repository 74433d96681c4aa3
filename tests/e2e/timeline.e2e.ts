import { loadConfig } from '@atelier/config';
import {
  JobName,
  RenderStatus,
  type Render,
  type RenderProgressEvent,
  type Timeline,
  type TimelineDocument,
  type TimelineSource,
} from '@atelier/contracts';
import { JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { artifacts, baseUrl, eventually, newClient, seed, type Browserish } from '../support/e2e.js';
import { type MediaFixture, mediaFixture } from '../support/media-fixtures.js';
import { sessionHeaders } from '../support/tus.js';
import { io, type Socket } from 'socket.io-client';

/** The e2e stack's S3 store, as the environment variables loadConfig reads. */
function s3Env(): Record<string, string> {
  const s3 = JSON.parse(process.env.ATELIER_E2E_S3!) as {
    endpoint: string;
    accessKey: string;
    secretKey: string;
    bucket: string;
  };
  return { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey, S3_BUCKET: s3.bucket };
}

// The timeline end to end: clips processed by the real worker, a timeline saved over HTTP, a
// render by the real worker, its HLS played in Chromium with hls.js; the editor at phone and
// desktop size, in French and Arabic, with a stale save refused on screen.

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };
let browser: Browser;
let db: pg.Pool;
let storage: StorageRepository;
let jobs: JobsRepository;
let trainer: Browserish;
let projectId: string;
let organisationId: string;

beforeAll(async () => {
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.ATELIER_E2E_DATABASE_URL, ...s3Env() });
  db = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  storage = new StorageRepository(config.s3);
  jobs = new JobsRepository({ connectionString: config.databaseUrl });
  await jobs.start();
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
  trainer = newClient();
  const me = await trainer.signIn(seed().staff.find((s) => s.role === 'trainer')!.email, seed().password);
  organisationId = me.organisation.id;
  const { rows: g } = await db.query(
    `INSERT INTO media_groups (organisation_id, name) VALUES ($1, 'Groupe Montage') RETURNING id`,
    [organisationId],
  );
  const { rows: p } = await db.query(
    `INSERT INTO media_projects (organisation_id, group_id, title) VALUES ($1, $2, 'Nos voix') RETURNING id`,
    [organisationId, g[0].id],
  );
  projectId = p[0].id;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await jobs?.stop();
  await db?.end();
});

/** A generated file stored as a finished upload; the real worker probes and transcodes it. */
async function uploadedClip(fixture: MediaFixture, title: string): Promise<string> {
  const path = await mediaFixture(fixture);
  const size = (await stat(path)).size;
  const id = randomUUID();
  const key = `uploads/${id}`;
  await storage.put(key, createReadStream(path), size);
  const { rows: u } = await db.query(
    `SELECT user_id FROM memberships WHERE organisation_id = $1 AND role = 'trainer' LIMIT 1`,
    [organisationId],
  );
  await db.query(
    `INSERT INTO clips (id, organisation_id, project_id, uploaded_by, title, original_filename, size_bytes, received_bytes, source_key, status, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, 'processing', now())`,
    [id, organisationId, projectId, u[0].user_id, title, path.split('/').pop(), size, key],
  );
  await jobs.enqueue(JobName.ProbeClip, { clipId: id });
  return id;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function signedIn(device: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const context = await browser.newContext({ ...device, locale: 'fr-BE' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${baseUrl()}/sign-in`);
  await page.locator('input[formcontrolname=email]').fill(seed().staff.find((s) => s.role === 'trainer')!.email);
  await page.locator('input[name=password]').fill(seed().password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/staff/);
  return page;
}

function connect(c: Browserish): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${baseUrl()}/clips`, {
      transports: ['websocket'],
      extraHeaders: { cookie: sessionHeaders(c).cookie! },
      reconnection: false,
    });
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

/** A participant of the organisation who is not in the project's group, signed in on a phone. */
async function participantPhone(name: string): Promise<Browserish> {
  const created = (await trainer.post('/api/participants', { displayName: name, preferredLanguage: 'fr' })).body as {
    joinCode: { code: string };
  };
  const phone = newClient();
  expect((await phone.post('/api/auth/join', { code: created.joinCode.code })).status).toBe(200);
  return phone;
}

const shot = (p: Page, name: string) => p.screenshot({ path: join(artifacts(), `${name}.png`), fullPage: true });

describe('timeline and render, end to end', () => {
  let render: Render;
  let clipA: string;

  it('renders a saved timeline with the real worker: progress, then ready with HLS, master and poster', async () => {
    clipA = await uploadedClip('landscape', 'Marché du midi');
    const clipB = await uploadedClip('portrait', 'Amina parle');
    const photo = await uploadedClip('photo', 'Affiche');
    const sources = await until(
      async () => (await trainer.get(`/api/projects/${projectId}/timeline/sources`)).body as TimelineSource[],
      (s) => s.length === 3,
      180_000,
      'clips ready',
    );
    expect(sources.find((s) => s.clipId === clipA)).toMatchObject({
      kind: 'video',
      proxyUrl: `/api/projects/${projectId}/timeline/clips/${clipA}/proxy`,
    });
    const proxy = await trainer.request('GET', sources[0]!.proxyUrl!, undefined, { range: 'bytes=0-9' });
    expect(proxy.status).toBe(206);

    const document: TimelineDocument = {
      target: '720p',
      fadeOutAtEnd: true,
      music: null,
      segments: [
        {
          id: 'title',
          kind: 'title',
          text: 'Nos voix — أصواتنا',
          colour: '#1d3557',
          imageClipId: photo,
          durationMs: 2000,
          fadeIn: true,
        },
        { id: 'a', kind: 'clip', clipId: clipA, inMs: 500, outMs: 5500, fadeIn: true },
        { id: 'b', kind: 'clip', clipId: clipB, inMs: 0, outMs: 2500, fadeIn: false },
      ],
    };
    const saved = await trainer.put(`/api/projects/${projectId}/timeline`, { baseVersion: 0, document });
    expect(saved.status).toBe(200);
    expect((saved.body as Timeline).version).toBe(1);
    const stale = await trainer.put(`/api/projects/${projectId}/timeline`, { baseVersion: 0, document });
    expect([stale.status, stale.body.code]).toEqual([409, 'timeline_stale']);

    // Progress is pushed over socket.io to the project's room; a participant outside the group is refused the room.
    const member = await connect(trainer);
    const outsiderPhone = await participantPhone('Bilal');
    const outsiderSocket = await connect(outsiderPhone);
    const pushed: RenderProgressEvent[] = [];
    const outsiderSaw: unknown[] = [];
    member.on('render:progress', (e: RenderProgressEvent) => pushed.push(e));
    outsiderSocket.on('render:progress', (e: unknown) => outsiderSaw.push(e));
    expect(await member.emitWithAck('clips:join', { projectId })).toMatchObject({ ok: true });
    expect(await outsiderSocket.emitWithAck('clips:join', { projectId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    const started = await trainer.post(`/api/projects/${projectId}/render`, { version: 1 });
    expect(started.status).toBe(202);
    const seen = new Set<string>();
    render = await until(
      async () => {
        const r = (await trainer.get(`/api/renders/${started.body.id}`)).body as Render;
        seen.add(r.status);
        return r;
      },
      (r) => r.status !== RenderStatus.Queued && r.status !== RenderStatus.Rendering,
      300_000,
      'render finished',
    );
    expect(render).toMatchObject({ status: RenderStatus.Ready, progress: 100, durationMs: 9500, target: '720p' });
    expect(seen.has(RenderStatus.Rendering)).toBe(true);
    await until(
      async () => pushed.some((e) => e.status === RenderStatus.Ready),
      (v) => v,
      10_000,
      'ready pushed over the socket',
    );
    member.close();
    outsiderSocket.close();
    const mine = pushed.filter((e) => e.renderId === render.id);
    expect(mine.every((e) => e.projectId === projectId)).toBe(true);
    expect(mine.some((e) => e.status === RenderStatus.Rendering && e.progress > 0 && e.progress < 100)).toBe(true);
    expect(mine.at(-1)).toMatchObject({ status: RenderStatus.Ready, progress: 100 });
    expect(outsiderSaw).toEqual([]);
    const master = await trainer.get(render.hlsUrl!);
    expect(master.status).toBe(200);
    expect(String(master.body)).toContain('RESOLUTION=1280x720');
    const outsider = newClient();
    expect((await outsider.get(render.hlsUrl!)).status).toBe(401);
  }, 600_000);

  it('plays the rendered HLS in Chromium with hls.js at phone size', async () => {
    const page = await signedIn(PHONE);
    const segments: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.ts')) segments.push(r.url());
    });
    await page.goto(`${baseUrl()}/studio/projects/${projectId}/timeline`);
    await page.locator('app-render-panel video').waitFor();
    await shot(page, 'timeline-phone-fr');
    const video = page.locator('app-render-panel video');
    await video.scrollIntoViewIfNeeded();
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await page.waitForFunction(
      () => (document.querySelector('app-render-panel video') as HTMLVideoElement).currentTime > 3,
      undefined,
      { timeout: 60_000 },
    );
    const state = await video.evaluate((v: HTMLVideoElement) => ({
      width: v.videoWidth,
      height: v.videoHeight,
      src: v.currentSrc,
      paused: v.paused,
    }));
    // hls.js picks the rung for the phone's screen and bandwidth: 360p or 720p, both 16:9.
    expect(state.paused).toBe(false);
    expect([640, 1280]).toContain(state.width);
    expect(state.height * 16).toBe(state.width * 9);
    expect(state.src.startsWith('blob:')).toBe(true); // MediaSource: hls.js, not the MP4
    expect(segments.some((u) => u.includes(`/api/renders/${render.id}/media/hls/`))).toBe(true);
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    await video.screenshot({ path: join(artifacts(), 'timeline-render-playing.png') });
    await page.context().close();
  }, 120_000);

  it('trims, reorders and saves on a phone; a stale save shows who changed the film and keeps the edit', async () => {
    const page = await signedIn(PHONE);
    await page.goto(`${baseUrl()}/studio/projects/${projectId}/timeline`);
    const rows = page.locator('li.segment');
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    // Move the last clip up, then open the landscape clip and set its in point at 1 s.
    const secondName = ((await rows.nth(1).locator('.name').textContent()) ?? '').replace(/^\d+\.\s*/, '');
    await rows.nth(2).locator('button.up').click();
    // Pick only once the list shows the new order (a tap on the old row would open the other clip).
    await rows.nth(2).locator('.name', { hasText: secondName }).waitFor();
    await rows.nth(2).locator('button.pick').click();
    const player = page.locator('app-segment-editor video');
    await player.waitFor();
    // The editor seeks the player to the segment's in point (0.5 s) whenever the player's metadata
    // comes in (again, if the player is re-created); that seek can land after our scrub and win (a
    // person is never that fast). So do what a person does: scrub to 1 s, tap "Set in", read the in
    // point the editor shows, and do it again if it is not 1 s.
    await page.waitForFunction(
      () => (document.querySelector('app-segment-editor video') as HTMLVideoElement).readyState >= 1,
    );
    const shownIn = page.locator('app-segment-editor .times span').nth(1).locator('b');
    for (let attempt = 0; ; attempt++) {
      await page.locator('app-segment-editor input[type=range]').evaluate((el: HTMLInputElement) => {
        el.value = '1000';
        el.dispatchEvent(new Event('input'));
      });
      await page.waitForFunction(
        () => !(document.querySelector('app-segment-editor video') as HTMLVideoElement).seeking,
      );
      await page.waitForTimeout(400);
      await page.locator('app-segment-editor button.set-in').click();
      if ((await shownIn.textContent())?.trim() === '0:01.0') break;
      if (attempt === 5) throw new Error(`the in point never stayed at 1 s (shown: ${await shownIn.textContent()})`);
    }
    await shot(page, 'timeline-phone-trim');
    // The list agrees before saving: the landscape clip now lasts 4.5 s (1 s → 5.5 s).
    await rows.nth(2).filter({ hasText: '0:04.5' }).waitFor({ timeout: 5000 });
    await page.locator('button.save').click();
    await page.locator('button.save', { hasText: /version 2/ }).waitFor();
    const t = (await trainer.get(`/api/projects/${projectId}/timeline`)).body as Timeline;
    expect(t.version).toBe(2);
    expect(t.document.segments.map((s) => s.id)).toEqual(['title', 'b', 'a']);
    expect(t.document.segments[2]).toMatchObject({ id: 'a', inMs: 1000, outMs: 5500 });

    // Someone else saves version 3; our next edit (on version 2) is refused and stays on screen.
    await trainer.put(`/api/projects/${projectId}/timeline`, {
      baseVersion: 2,
      document: { ...t.document, fadeOutAtEnd: false },
    });
    await rows.nth(0).locator('button.down').click();
    await page.locator('button.save').click();
    await page.locator('.conflict').waitFor();
    await shot(page, 'timeline-phone-conflict');
    expect(await page.locator('.conflict').innerText()).toContain('version 3');
    expect(((await trainer.get(`/api/projects/${projectId}/timeline`)).body as Timeline).version).toBe(3);
    await page.locator('.conflict button.keep-mine').click();
    await page.locator('button.save', { hasText: /version 4/ }).waitFor();
    const history = (await trainer.get(`/api/projects/${projectId}/timeline/versions`)).body as Array<{
      version: number;
    }>;
    expect(history.map((h) => h.version)).toEqual([4, 3, 2, 1]);
    await page.context().close();
  }, 120_000);

  it('shows the editor on a desktop and in Arabic, right to left', async () => {
    const desk = await signedIn(DESKTOP);
    await desk.goto(`${baseUrl()}/studio/projects/${projectId}/timeline`);
    await desk.locator('li.segment').first().waitFor();
    await desk.locator('li.segment').first().locator('button.pick').click();
    await shot(desk, 'timeline-desktop-fr');

    // On a desktop, segments are reordered by dragging their picture: the first goes to the end.
    const before = ((await trainer.get(`/api/projects/${projectId}/timeline`)).body as Timeline).document.segments.map(
      (s) => s.id,
    );
    const rows = desk.locator('li.segment');
    const handle = await rows.first().locator('.thumb').boundingBox();
    const last = await rows.last().boundingBox();
    await desk.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
    await desk.mouse.down();
    // Past the drag threshold first, then in small steps, as a hand would move the mouse.
    await desk.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2 + 12, { steps: 4 });
    await desk.mouse.move(handle!.x + handle!.width / 2, last!.y + last!.height - 4, { steps: 20 });
    await desk.waitForTimeout(200);
    await desk.mouse.up();
    const after = [...before.slice(1), before[0]!];
    await desk.locator('button.save').click();
    await eventually(
      async () =>
        ((await trainer.get(`/api/projects/${projectId}/timeline`)).body as Timeline).document.segments
          .map((s) => s.id)
          .join(','),
      after.join(','),
    );
    await shot(desk, 'timeline-desktop-dragged');

    // The quick preview shows the fades as the render makes them. The film is set to: clip b (no
    // fade), the title (fades in, so clip b fades out before it), clip a (fades in too), and a fade
    // out at the end. Sample the black over the stage, and the clip's sound, while the preview plays.
    const current = (await trainer.get(`/api/projects/${projectId}/timeline`)).body as Timeline;
    const byId = new Map(current.document.segments.map((s) => [s.id, s]));
    const segments = [
      { ...byId.get('b')!, fadeIn: false },
      { ...byId.get('title')!, fadeIn: true },
      { ...byId.get('a')!, fadeIn: true },
    ];
    const put = await trainer.put(`/api/projects/${projectId}/timeline`, {
      baseVersion: current.version,
      document: { ...current.document, segments, fadeOutAtEnd: true },
    });
    expect(put.status).toBe(200);
    await desk.reload();
    await desk.locator('app-timeline-preview button.play').click();
    await desk.locator('app-timeline-preview button.stop').waitFor();
    const samples = await desk.evaluate(
      () =>
        new Promise<Array<[number, number, number | null]>>((resolve) => {
          const shade = document.querySelector('app-timeline-preview .shade') as HTMLElement;
          const video = document.querySelector('app-timeline-preview video') as HTMLVideoElement;
          const out: Array<[number, number, number | null]> = [];
          const t0 = performance.now();
          const sample = (): void => {
            // Until the preview has stopped (its play button is back), which clears the stage.
            if (document.querySelector('app-timeline-preview button.play') || performance.now() - t0 > 20_000)
              return resolve(out);
            // The volume counts only while the clip plays: stopping resets it to 1 a frame before the play button is back.
            out.push([
              Math.round(performance.now() - t0),
              Number(getComputedStyle(shade).opacity),
              video.hidden || video.paused ? null : video.volume,
            ]);
            requestAnimationFrame(sample);
          };
          requestAnimationFrame(sample);
        }),
    );
    // Dark (≥ 0.9) and clear (≤ 0.1) stretches, in order: clear during clip b, dark between b and the
    // title, clear on the title, dark before clip a, clear on clip a, dark at the end.
    const phases: string[] = [];
    for (const [, opacity] of samples) {
      const phase = opacity >= 0.9 ? 'dark' : opacity <= 0.1 ? 'clear' : null;
      if (phase && phases[phases.length - 1] !== phase) phases.push(phase);
    }
    expect(phases).toEqual(['clear', 'dark', 'clear', 'dark', 'clear', 'dark']);
    // The clips' sound fades with the picture: clip b loud, then down before the title; clip a up from
    // silence, then down at the end (the title card has no sound of its own).
    const sound: string[] = [];
    for (const [, , volume] of samples) {
      const level = volume === null ? null : volume >= 0.9 ? 'loud' : volume <= 0.1 ? 'quiet' : null;
      if (level && sound[sound.length - 1] !== level) sound.push(level);
    }
    expect(sound).toEqual(['loud', 'quiet', 'loud', 'quiet']);
    await desk.context().close();

    // A member of the group whose language is Arabic, on their phone (joined with their code).
    const created = (await trainer.post('/api/participants', { displayName: 'سلمى', preferredLanguage: 'ar' })).body;
    await db.query(
      `INSERT INTO media_group_members (group_id, participant_id) SELECT group_id, $2 FROM media_projects WHERE id = $1`,
      [projectId, created.participant.id],
    );
    const context = await browser.newContext({ ...PHONE, locale: 'ar' });
    const ar = await context.newPage();
    await ar.goto(String(created.joinCode.joinUrl).replace(/^https?:\/\/[^/]+/, baseUrl()));
    await ar.waitForURL(/\/home/);
    await ar.goto(`${baseUrl()}/studio/projects/${projectId}/timeline`);
    await ar.locator('li.segment').first().waitFor();
    expect(await ar.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await ar.locator('h1').innerText()).toBe('مونتاج الفيلم');
    await shot(ar, 'timeline-phone-ar');
    await ar.context().close();
  }, 120_000);

  it("leads from a group's bin to its film edit and, for staff, to its documentary screen (phone, desktop, Arabic)", async () => {
    const { rows } = await db.query(`SELECT group_id FROM media_projects WHERE id = $1`, [projectId]);
    const binUrl = `${baseUrl()}/studio/groups/${rows[0].group_id}`;
    for (const [device, name] of [
      [PHONE, 'phone'],
      [DESKTOP, 'desktop'],
    ] as const) {
      const page = await signedIn(device);
      await page.goto(binUrl);
      await page.locator('a.to-timeline').waitFor();
      await shot(page, `bin-links-${name}`);
      await page.locator('a.to-timeline').click();
      await page.waitForURL(`**/studio/projects/${projectId}/timeline`);
      await page.locator('li.segment').first().waitFor();
      await page.goBack();
      await page.locator('a.to-documentary').click();
      await page.waitForURL(`**/staff/documentaries/${projectId}`);
      await page.locator('app-film-form').waitFor();
      // The film offered first is the finished render of the timeline; uploaded edits are listed apart.
      await page.locator('app-film-form mat-select.film-select').click();
      await page.locator('mat-optgroup').first().waitFor();
      expect(await page.locator('mat-optgroup').first().locator('mat-option').first().innerText()).toContain(
        'Film de la version 1',
      );
      await shot(page, `bin-to-documentary-${name}`);
      await page.keyboard.press('Escape');
      await page.context().close();
    }

    // A member of the group, in Arabic: the film edit is there, the staff documentary screen is not offered.
    const created = (await trainer.post('/api/participants', { displayName: 'يوسف', preferredLanguage: 'ar' })).body;
    await db.query(`INSERT INTO media_group_members (group_id, participant_id) VALUES ($1, $2)`, [
      rows[0].group_id,
      created.participant.id,
    ]);
    const context = await browser.newContext({ ...PHONE, locale: 'ar' });
    const ar = await context.newPage();
    await ar.goto(String(created.joinCode.joinUrl).replace(/^https?:\/\/[^/]+/, baseUrl()));
    await ar.waitForURL(/\/home/);
    await ar.goto(binUrl);
    await ar.locator('a.to-timeline').waitFor();
    expect(await ar.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect((await ar.locator('a.to-timeline').innerText()).trim()).toContain('مونتاج الفيلم');
    expect(await ar.locator('a.to-documentary').count()).toBe(0);
    await shot(ar, 'bin-links-phone-ar');
    await ar.locator('a.to-timeline').click();
    await ar.waitForURL(`**/studio/projects/${projectId}/timeline`);
    await ar.locator('li.segment').first().waitFor();
    await context.close();
  }, 120_000);

  it('follows a render started in the editor over socket.io, with the render list unreachable meanwhile', async () => {
    const page = await signedIn(DESKTOP);
    const listUrl = `${baseUrl()}/api/projects/${projectId}/renders`;
    const loaded = page.waitForResponse((r) => r.url() === listUrl && r.status() === 200);
    await page.goto(`${baseUrl()}/studio/projects/${projectId}/timeline`);
    await loaded;
    const start = page.locator('app-render-panel button.start');
    await start.waitFor();
    await page.waitForFunction(
      () => !(document.querySelector('app-render-panel button.start') as HTMLButtonElement).disabled,
    );
    // From here the list cannot be fetched: any change the panel shows came over the socket.
    await page.route(`**/api/projects/${projectId}/renders`, (route) => route.abort());
    await start.click();
    await page.locator('app-render-panel .progress p', { hasText: 'En cours' }).waitFor({ timeout: 120_000 });
    await shot(page, 'timeline-render-live');
    await page.unroute(`**/api/projects/${projectId}/renders`);
    await page.locator('app-render-panel .progress').waitFor({ state: 'detached', timeout: 300_000 });
    const newest = ((await trainer.get(`/api/projects/${projectId}/renders`)).body as Render[])[0]!;
    expect(newest.status).toBe(RenderStatus.Ready);
    await page.locator('app-render-panel .facts', { hasText: `version ${newest.timelineVersion}` }).waitFor();
    await page.context().close();
  }, 420_000);
});
