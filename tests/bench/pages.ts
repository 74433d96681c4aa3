// Benchmark "pages" — run with `npm run bench -- pages` (tools/bench.mjs starts the stack with the
// built web client).
//
// Lighthouse (the `lighthouse` npm package, mobile preset: a throttled mid-range phone on a slow 4G
// link, simulated) drives the Debian Chromium through chrome-launcher (CHROME_PATH, default
// /usr/bin/chromium) over four pages people open on phones (issue 17):
//   /join                    signed out;
//   /home                    a participant with 8 sessions (one cancelled), 3 boards today, a film to consent to;
//   /catalogue/<slug>        the organisation's public catalogue;
//   /watch/<id>              a 20-second 1080p film (uploaded through tus, transcoded by the worker).
// Each page reports performance and accessibility scores, cumulative layout shift, and the bytes
// transferred before anyone interacts (Lighthouse's total-byte-weight). Targets: CLS < 0.1 on every
// page, ≤ 300 KB before play on the watch page, accessibility ≥ 95, performance ≥ 90. The machine's
// load average is reported with them: Lighthouse's simulated throttling still reads this machine's CPU.
//
// Only erasable TypeScript: Node runs this file by stripping its types.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const servesWeb = true;

export interface BenchContext {
  url: string;
  root: string;
  seed: { password?: string; staff: Array<{ email: string; role: string }> } | null;
  log: (line: string) => void;
}

const TARGET_CLS = 0.1;
const TARGET_WATCH_KB = 300;
const TARGET_ACCESSIBILITY = 95;
const TARGET_PERFORMANCE = 90;
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface Reply {
  status: number;
  body: any;
  cookies: string[];
}

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

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.jar.size) headers.cookie = this.cookie;
    const xsrf = this.jar.get('XSRF-TOKEN');
    if (xsrf) headers['x-xsrf-token'] = xsrf;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const cookies = res.headers.getSetCookie();
    for (const c of cookies) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, body: parsed, cookies };
  }
}

/** The same tus client process as the upload benchmark. */
function upload(root: string, job: Record<string, unknown>): Promise<{ url: string | null }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'tests/bench/upload-client.mjs'), JSON.stringify(job)],
      { maxBuffer: 1 << 20 },
      (err, stdout) => {
        if (err) reject(err instanceof Error ? err : new Error('the lighthouse run failed', { cause: err }));
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      },
    );
  });
}

async function setUp(ctx: BenchContext, dir: string) {
  const trainer = new Client(ctx.url);
  await trainer.call('POST', '/api/auth/login', {
    email: ctx.seed!.staff.find((s) => s.role === 'trainer')!.email,
    password: ctx.seed!.password,
  });
  const programme = (
    await trainer.call('POST', '/api/programmes', {
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
    })
  ).body;
  const created = (await trainer.call('POST', '/api/participants', { displayName: 'Huda', preferredLanguage: 'fr' }))
    .body;
  await trainer.call('POST', `/api/programmes/${programme.id}/enrolments`, { participantId: created.participant.id });
  const now = Date.now();
  const sessions = [];
  for (let i = 0; i < 8; i++) {
    const startsAt = i === 0 ? now - 600_000 : now + i * 7 * 86_400_000;
    sessions.push(
      (
        await trainer.call('POST', `/api/programmes/${programme.id}/sessions`, {
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + 7_200_000).toISOString(),
        })
      ).body,
    );
  }
  await trainer.call('POST', `/api/sessions/${sessions[2].id}/cancel`);
  for (const title of ['Idées', 'Idées (2)', 'Idées (3)'])
    await trainer.call('POST', '/api/boards', { template: 'blank', title, sessionId: sessions[0].id });

  // A group with Huda in it, and its film: a 20-second 1080p clip through the real upload and worker.
  const group = (await trainer.call('POST', '/api/media/groups', { name: 'Groupe du mercredi' })).body;
  await trainer.call('POST', `/api/media/groups/${group.id}/members`, { participantId: created.participant.id });
  const file = join(dir, 'film.mp4');
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1920x1080:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440',
    '-t',
    '20',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    file,
  ]);
  ctx.log('uploading and transcoding a 20 s 1080p film…');
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
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const clip = (await trainer.call('GET', `/api/clips/${clipId}`)).body;
    if (clip.status === 'ready') break;
    if (clip.status === 'failed' || Date.now() > deadline)
      throw new Error(`the film did not become ready: ${JSON.stringify(clip)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  const doc = (
    await trainer.call('PUT', `/api/publishing/projects/${group.projectId}/documentary`, {
      title: 'Nos voix',
      description: 'Un film du groupe du mercredi.',
      language: 'fr',
      videoClipId: clipId,
    })
  ).body;
  const overview = (await trainer.call('GET', `/api/publishing/projects/${group.projectId}`)).body;
  const catalogue = new URL(overview.links.catalogue).pathname;

  const phone = new Client(ctx.url);
  await phone.call('POST', '/api/auth/join', { code: created.joinCode.code });
  return { participantCookie: phone.cookie, trainerCookie: trainer.cookie, watch: `/watch/${doc.id}`, catalogue };
}

interface PageFigures {
  performance: number;
  accessibility: number;
  cls: number;
  kb_before_interaction: number;
  /** Lighthouse's own timings (simulated mobile, ms): they depend on the machine's load less than the score. */
  fcp_ms: number;
  lcp_ms: number;
  tbt_ms: number;
  /** Main-thread work while loading (ms, as measured: inflated by a loaded machine). */
  main_thread_ms: number;
  /** Script bytes transferred before interaction (KB). */
  script_kb: number;
}

async function audit(port: number, name: string, url: string, cookie: string | null): Promise<PageFigures> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    maxWaitForLoad: 120_000,
    ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
  });
  const lhr = result!.lhr;
  // The whole report, to see what costs: $TMPDIR/atelier-bench-pages-<page>.json.
  await writeFile(join(tmpdir(), `atelier-bench-pages-${name}.json`), JSON.stringify(lhr));
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  return {
    performance: Math.round((lhr.categories.performance!.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility!.score ?? 0) * 100),
    cls: Math.round((lhr.audits['cumulative-layout-shift']!.numericValue ?? 0) * 1000) / 1000,
    kb_before_interaction: Math.round((lhr.audits['total-byte-weight']!.numericValue ?? 0) / 1024),
    fcp_ms: Math.round(lhr.audits['first-contentful-paint']!.numericValue ?? 0),
    lcp_ms: Math.round(lhr.audits['largest-contentful-paint']!.numericValue ?? 0),
    tbt_ms: Math.round(lhr.audits['total-blocking-time']!.numericValue ?? 0),
    main_thread_ms: Math.round(lhr.audits['mainthread-work-breakdown']?.numericValue ?? 0),
    script_kb: Math.round(
      ((
        lhr.audits['resource-summary']?.details as { items?: Array<{ resourceType: string; transferSize: number }> }
      )?.items?.find((i) => i.resourceType === 'script')?.transferSize ?? 0) / 1024,
    ),
  };
}

export default async function run(ctx: BenchContext): Promise<{ figures: Record<string, unknown>; table: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'atelier-bench-pages-'));
  try {
    const set = await setUp(ctx, dir);
    const pages: Array<[string, string, string | null]> = [
      ['join', '/join', null],
      ['home', '/home', set.participantCookie],
      ['catalogue', set.catalogue, null],
      ['watch', set.watch, set.trainerCookie],
    ];
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
    const chrome = await chromeLauncher.launch({
      chromePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
      chromeFlags: CHROME_FLAGS,
    });
    const results: Record<string, PageFigures> = {};
    try {
      for (const [name, path, cookie] of pages) {
        ctx.log(`lighthouse ${path}…`);
        results[name] = await audit(chrome.port, name, `${ctx.url}${path}`, cookie);
      }
    } finally {
      chrome.kill();
    }
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();
    const all = Object.values(results);
    const met = {
      cls: all.every((p) => p.cls < TARGET_CLS),
      watch_kb: results['watch']!.kb_before_interaction <= TARGET_WATCH_KB,
      accessibility: all.every((p) => p.accessibility >= TARGET_ACCESSIBILITY),
      performance: all.every((p) => p.performance >= TARGET_PERFORMANCE),
    };
    const figures: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(results)) {
      for (const [k, v] of Object.entries(p)) figures[`${name}_${k}`] = v;
    }
    Object.assign(figures, {
      loadavg_before: loadBefore,
      loadavg_after: loadAfter,
      targets: {
        cls_below: TARGET_CLS,
        watch_kb_at_most: TARGET_WATCH_KB,
        accessibility_at_least: TARGET_ACCESSIBILITY,
        performance_at_least: TARGET_PERFORMANCE,
      },
      met: Object.values(met).every(Boolean),
      met_by_target: met,
    });
    const table = [
      'page        performance  accessibility    CLS   KB before interaction   (Lighthouse mobile preset)',
      ...Object.entries(results).map(
        ([name, p]) =>
          `${name.padEnd(12)}${String(p.performance).padStart(11)}${String(p.accessibility).padStart(15)}${p.cls.toFixed(3).padStart(7)}${String(p.kb_before_interaction).padStart(24)}`,
      ),
      'page        FCP ms   LCP ms   TBT ms   main thread ms   script KB',
      ...Object.entries(results).map(
        ([name, p]) =>
          `${name.padEnd(12)}${String(p.fcp_ms).padStart(6)}${String(p.lcp_ms).padStart(9)}${String(p.tbt_ms).padStart(9)}${String(p.main_thread_ms).padStart(17)}${String(p.script_kb).padStart(12)}`,
      ),
      `targets: CLS < ${TARGET_CLS}, watch ≤ ${TARGET_WATCH_KB} KB, accessibility ≥ ${TARGET_ACCESSIBILITY}, performance ≥ ${TARGET_PERFORMANCE}`,
      `load average before: ${loadBefore}; after: ${loadAfter}`,
    ];
    return { figures, table };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
