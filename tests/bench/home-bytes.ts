// Benchmark "home-bytes" — run with `npm run bench -- home-bytes` (tools/bench.mjs starts the stack
// with the built web client). What a participant's phone spends to open its home (issue 18):
//   cold     a phone that never opened Atelier follows its join link to /home: the bytes until the
//            next session shows ("home shown"), then everything until the network is quiet —
//            with the service worker, that includes it fetching the whole app for offline use;
//   warm     the same phone opens /home again (browser cache, and the service worker if any);
//   offline  the same phone with no network opens /home: does its next session show?
// Bytes are counted on the wire, both ways, by a small server in front of the stack that serves the
// web client itself (the API's own `webClient`, gzip included) and passes /api to the stack. So the
// client of another build can be measured on the same stack: HOME_BYTES_BEFORE_DIST=<dist/web/browser
// of main> adds a "before" column. Headless Chromium (playwright-core) at 390×844.
//
// Only erasable TypeScript: Node runs this file by stripping its types.
import express from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const servesWeb = true;

export interface BenchContext {
  url: string;
  root: string;
  seed: { password?: string; staff: Array<{ email: string; role: string }> } | null;
  log: (line: string) => void;
}

const SERVER_PATHS = /^\/(api|health|socket\.io|watch|embed|catalogue)(\/|$)/;
const QUIET_MS = 3000;

interface Figures {
  cold_home_shown_kb: number;
  cold_total_kb: number;
  warm_kb: number;
  offline_opens: boolean;
}

/** The web client of `dir` on its own port, /api passed to the stack, every byte counted. */
async function frontOf(ctx: BenchContext, dir: string) {
  const { webClient } = await import(pathToFileURL(join(ctx.root, 'dist/apps/api/src/web-client.js')).href);
  const stack = new URL(ctx.url);
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const up = request(
      { host: stack.hostname, port: stack.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  const app = express();
  app.use((req, res, next) => (SERVER_PATHS.test(req.path) ? forward(req, res) : next()));
  app.use(...webClient(dir));
  app.use((req: IncomingMessage, res: ServerResponse) => forward(req, res));
  const sockets = new Set<Socket>();
  const server = createServer(app);
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    // localhost, not 127.0.0.1: a secure context, where browsers allow service workers.
    url: `http://localhost:${port}`,
    bytes: () => [...sockets].reduce((sum, s) => sum + s.bytesWritten + s.bytesRead, 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Waits until no byte has moved for `QUIET_MS` (at most a minute). */
async function quiet(bytes: () => number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = bytes();
  let since = Date.now();
  while (Date.now() < deadline && Date.now() - since < QUIET_MS) {
    await new Promise((r) => setTimeout(r, 250));
    if (bytes() !== last) {
      last = bytes();
      since = Date.now();
    }
  }
}

async function measure(ctx: BenchContext, browser: Browser, dir: string, joinPath: string): Promise<Figures> {
  const front = await frontOf(ctx, dir);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const kb = (n: number) => Math.round(n / 102.4) / 10;
    let page = await context.newPage();
    await page.goto(`${front.url}${joinPath}`);
    await page.waitForURL(/\/home/);
    await page.locator('app-next-session-card').waitFor({ timeout: 60_000 });
    const shown = front.bytes();
    if (existsSync(join(dir, 'ngsw.json'))) {
      await page.waitForFunction(
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
    await quiet(front.bytes);
    const cold = front.bytes();
    await page.close();

    page = await context.newPage();
    await page.goto(`${front.url}/home`);
    await page.locator('app-next-session-card').waitFor({ timeout: 60_000 });
    await quiet(front.bytes);
    const warm = front.bytes() - cold;
    await page.close();

    await context.setOffline(true);
    page = await context.newPage();
    let offline = true;
    try {
      await page.goto(`${front.url}/home`, { timeout: 15_000 });
      await page.locator('app-next-session-card').waitFor({ timeout: 15_000 });
    } catch {
      offline = false;
    }
    return { cold_home_shown_kb: kb(shown), cold_total_kb: kb(cold), warm_kb: kb(warm), offline_opens: offline };
  } finally {
    await context.close();
    await front.close();
  }
}

async function call(ctx: BenchContext, jar: Map<string, string>, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (jar.size) headers['cookie'] = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const xsrf = jar.get('XSRF-TOKEN');
  if (xsrf) headers['x-xsrf-token'] = xsrf;
  const res = await fetch(`${ctx.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
  }
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A participant with a programme of 6 sessions (one under way), as on the pages benchmark's home. */
async function participant(ctx: BenchContext, name: string): Promise<string> {
  const jar = new Map<string, string>();
  await call(ctx, jar, 'POST', '/api/auth/login', {
    email: ctx.seed!.staff.find((s) => s.role === 'trainer')!.email,
    password: ctx.seed!.password,
  });
  const programme = await call(ctx, jar, 'POST', '/api/programmes', {
    kind: 'video_course',
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
  });
  const created = await call(ctx, jar, 'POST', '/api/participants', { displayName: name, preferredLanguage: 'fr' });
  await call(ctx, jar, 'POST', `/api/programmes/${programme.id}/enrolments`, { participantId: created.participant.id });
  const now = Date.now();
  for (let i = 0; i < 6; i++) {
    const startsAt = i === 0 ? now - 600_000 : now + i * 7 * 86_400_000;
    await call(ctx, jar, 'POST', `/api/programmes/${programme.id}/sessions`, {
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 7_200_000).toISOString(),
    });
  }
  return new URL(created.joinCode.joinUrl as string).pathname + new URL(created.joinCode.joinUrl as string).search;
}

export default async function homeBytes(ctx: BenchContext) {
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const columns: Record<string, Figures> = {};
  try {
    const before = process.env['HOME_BYTES_BEFORE_DIST'];
    if (before) {
      ctx.log(`before: ${before}`);
      columns['before'] = await measure(ctx, browser, before, await participant(ctx, 'Huda'));
    }
    ctx.log('after: this build');
    columns['after'] = await measure(ctx, browser, join(ctx.root, 'dist/web/browser'), await participant(ctx, 'Samia'));
  } finally {
    await browser.close();
  }
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();
  const figures: Record<string, unknown> = { loadavg_before: loadBefore, loadavg_after: loadAfter };
  for (const [column, f] of Object.entries(columns))
    for (const [k, v] of Object.entries(f)) figures[`${column}_${k}`] = v;
  const table = [
    'build     cold: home shown KB   cold: all KB   warm KB   opens offline',
    ...Object.entries(columns).map(
      ([column, f]) =>
        `${column.padEnd(10)}${String(f.cold_home_shown_kb).padStart(20)}${String(f.cold_total_kb).padStart(15)}${String(f.warm_kb).padStart(10)}${String(f.offline_opens).padStart(16)}`,
    ),
    `load average before: ${loadBefore}; after: ${loadAfter}`,
  ];
  return { figures, table };
}
