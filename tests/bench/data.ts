// Benchmark "data" — run with `npm run bench -- data` (tools/bench.mjs starts the stack with the
// built web client). What a participant's phone spends to start a film (issue 18).
//
// A 10-minute film is made with ffmpeg (testsrc2 picture at 640×360 and a sine tone: low resolution
// keeps the encode quick), uploaded through tus, transcoded by the worker, put on a timeline and
// rendered by the worker at 720p (the real render: master, HLS ladder 720p/360p, and — on this
// branch — the sound-only rendition), then published publicly. Headless Chromium at 390×844
// (a phone, 4G hints) opens /watch/<id>, and counts the bytes the network carried (headers and
// bodies, Playwright's request sizes):
//   poster_bytes         the poster as the phone received it (a small WebP where the server makes one);
//   before_play_bytes    everything the watch page fetched before the tap (app, fonts, poster);
//   start_video_bytes    from the tap until 10 s of the film have played, picture and sound;
//   start_audio_bytes    the same with `Save-Data: on` (sound only, when the film has that rendition).
// BENCH_DATA_SECONDS (default 600) changes the film's length. X264_PRESET=ultrafast is recommended
// (the render's preset; the bench reports it).
//
// Only erasable TypeScript: Node runs this file by stripping its types.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const servesWeb = true;

export interface BenchContext {
  url: string;
  root: string;
  databaseUrl: string;
  seed: { password?: string; staff: Array<{ email: string; role: string }> } | null;
  log: (line: string) => void;
}

const SECONDS = Number(process.env['BENCH_DATA_SECONDS'] ?? 600);
const PLAYED_SECONDS = 10;

/** A signed-in client: cookies kept, the XSRF cookie echoed as Angular does. */
class Client {
  private readonly jar = new Map<string, string>();
  private readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  get cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async call(method: string, path: string, body?: unknown): Promise<any> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.jar.size) headers.cookie = this.cookie;
    const xsrf = this.jar.get('XSRF-TOKEN');
    if (xsrf) headers['x-xsrf-token'] = xsrf;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }
}

function upload(root: string, job: Record<string, unknown>): Promise<{ url: string | null }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'tests/bench/upload-client.mjs'), JSON.stringify(job)],
      { maxBuffer: 1 << 20 },
      (err, stdout) => {
        if (err) reject(err instanceof Error ? err : new Error('the upload failed', { cause: err }));
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      },
    );
  });
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not finish: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** The published 10-minute film: its watch path. */
async function publishedFilm(ctx: BenchContext, dir: string): Promise<string> {
  const trainer = new Client(ctx.url);
  await trainer.call('POST', '/api/auth/login', {
    email: ctx.seed!.staff.find((s) => s.role === 'trainer')!.email,
    password: ctx.seed!.password,
  });
  const group = await trainer.call('POST', '/api/media/groups', { name: 'Groupe du jeudi' });
  const file = join(dir, 'film.mp4');
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', String(SECONDS)],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file],
  ]);
  ctx.log(`uploading and transcoding a ${SECONDS} s film…`);
  const sent = await upload(ctx.root, {
    mode: 'tus',
    file,
    size: (await stat(file)).size,
    endpoint: `${ctx.url}/api/uploads`,
    headers: { cookie: trainer.cookie, 'x-xsrf-token': /XSRF-TOKEN=([^;]+)/.exec(trainer.cookie)?.[1] ?? '' },
    metadata: { projectId: group.projectId, filename: 'film.mp4', filetype: 'video/mp4' },
    chunkSize: null,
  });
  const clipId = sent.url!.split('/').pop()!;
  await until(
    'the transcode',
    () => trainer.call('GET', `/api/clips/${clipId}`),
    (c) => c.status === 'ready',
    30 * 60_000,
  );
  ctx.log('rendering it at 720p…');
  const document = {
    target: '720p',
    fadeOutAtEnd: false,
    music: null,
    segments: [{ id: 'film', kind: 'clip', clipId, inMs: 0, outMs: SECONDS * 1000, fadeIn: false }],
  };
  await trainer.call('PUT', `/api/projects/${group.projectId}/timeline`, { baseVersion: 0, document });
  const render = await trainer.call('POST', `/api/projects/${group.projectId}/render`, { version: 1 });
  await until(
    'the render',
    () => trainer.call('GET', `/api/renders/${render.id}`),
    (r) => r.status === 'ready',
    60 * 60_000,
  );
  const doc = await trainer.call('PUT', `/api/publishing/projects/${group.projectId}/documentary`, {
    title: 'Dix minutes au marché',
    description: '',
    language: 'fr',
    videoClipId: null,
    renderId: render.id,
  });
  // Published publicly without the consent steps (nobody is credited in this film).
  execFileSync('psql', [
    ctx.databaseUrl,
    '-c',
    `UPDATE documentaries SET published = true, visibility = 'public', published_at = now() WHERE id = '${doc.id}'`,
  ]);
  return `/watch/${doc.id}`;
}

interface Spent {
  poster_bytes: number;
  poster_type: string;
  before_play_bytes: number;
  start_bytes: number;
  sound_only: boolean;
}

/** Bytes a 390 px phone spends on the watch page: before the tap, then until PLAYED_SECONDS have played. */
async function spend(browser: Browser, url: string, saveData: boolean): Promise<Spent> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'fr-BE',
    extraHTTPHeaders: saveData ? { 'Save-Data': 'on' } : {},
  });
  const hints = { saveData, effectiveType: saveData ? '3g' : '4g', downlink: saveData ? 0.7 : 5 };
  await context.addInitScript((h) => {
    Object.defineProperty(navigator, 'connection', {
      configurable: true,
      get: () => Object.assign(new EventTarget(), h),
    });
  }, hints);
  const page = await context.newPage();
  const phase = { playing: false };
  const spent = { before: 0, after: 0, poster: 0, posterType: '' };
  page.on('requestfinished', async (r) => {
    const playing = phase.playing;
    const sizes = await r.sizes().catch(() => null);
    if (!sizes) return;
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    if (playing) spent.after += bytes;
    else spent.before += bytes;
    if (r.url().includes('/media/poster.jpg')) {
      spent.poster += sizes.responseBodySize;
      spent.posterType = (await r.response())?.headers()['content-type'] ?? '';
    }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.locator('app-video-player button.start').waitFor();
  const soundOnly = (await page.locator('button.sound-only[aria-pressed="true"]').count()) > 0;
  phase.playing = true;
  await page.locator('app-video-player button.start').click();
  await page.waitForFunction(
    (s) => {
      const v = document.querySelector('video');
      if (!v) return false;
      v.muted = true;
      if (v.paused && !v.ended) void v.play().catch(() => undefined);
      return v.currentTime >= s;
    },
    PLAYED_SECONDS,
    { timeout: 180_000, polling: 250 },
  );
  // What hls.js fetched ahead of the playhead is part of starting (its buffer), counted once it lands.
  await page.waitForTimeout(3000);
  await context.close();
  return {
    poster_bytes: spent.poster,
    poster_type: spent.posterType,
    before_play_bytes: spent.before,
    start_bytes: spent.after,
    sound_only: soundOnly,
  };
}

export default async function run(ctx: BenchContext): Promise<{ figures: Record<string, unknown>; table: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'atelier-bench-data-'));
  try {
    const watch = await publishedFilm(ctx, dir);
    const load = readFileSync('/proc/loadavg', 'utf8').trim();
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
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
    try {
      const video = await spend(browser, `${ctx.url}${watch}`, false);
      const audio = await spend(browser, `${ctx.url}${watch}`, true);
      const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
      return {
        figures: {
          film_seconds: SECONDS,
          played_seconds: PLAYED_SECONDS,
          x264_preset: process.env['X264_PRESET'] ?? 'veryfast',
          poster_bytes: video.poster_bytes,
          poster_type: video.poster_type,
          before_play_bytes: video.before_play_bytes,
          start_video_bytes: video.start_bytes,
          start_audio_bytes: audio.sound_only ? audio.start_bytes : null,
          save_data_started_sound_only: audio.sound_only,
          save_data_start_bytes: audio.start_bytes,
          loadavg: load,
        },
        table: [
          `film ${SECONDS} s, 390×844 phone, bytes until ${PLAYED_SECONDS} s played (load ${load})`,
          `poster             ${kb(video.poster_bytes)} (${video.poster_type})`,
          `before play        ${kb(video.before_play_bytes)}`,
          `start, video       ${kb(video.start_bytes)}`,
          `start, Save-Data   ${kb(audio.start_bytes)} (${audio.sound_only ? 'sound only' : 'video: no sound-only rendition'})`,
        ],
      };
    } finally {
      await browser.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
