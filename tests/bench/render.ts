// Benchmark "render" — run with `npm run bench -- render` (tools/bench.mjs starts the stack).
//
// A timeline of 20 generated 1920×1080 30 fps clips (testsrc2 picture, each with its own sine tone
// at its own level), each trimmed to 30 s (in 1 s, out 31 s): a 10-minute film, rendered to 1080p.
// The clips are made cheaply (one ultrafast picture, copied into 20 files with different sound)
// and cached between runs; BENCH_RENDER_CLIPS and BENCH_RENDER_SECONDS shrink the film for a quick
// check. In the same run, each timed as wall time:
//   render — the whole job through the running stack: the trainer saves the timeline and asks for a
//            render over HTTP; the stack's own worker downloads each source from S3, renders each
//            segment, measures loudness, writes the master + HLS ladder + poster and uploads them;
//            timed from the POST to GET /api/renders/:id saying `ready` (polled every 250 ms).
//            Peak memory (VmHWM) of the worker process and of every ffmpeg it starts is sampled
//            from /proc every 100 ms.
//   bare   — ONE bare ffmpeg: the concat demuxer over the same 20 sources with the same in/out
//            points, the same scale/pad/fps/yuv420p, the same x264 settings (preset, CRF, maxrate,
//            GOP), AAC, faststart: the master MP4 only (no loudness, no HLS ladder, no poster).
//   rerender — (issue 19; BENCH_RERENDER=0 skips it) the trainer moves the in/out points of ONE
//            segment (same length) and renders again: the worker restores the 19 other segments'
//            encodes from the project's segment cache, encodes the changed one, and re-assembles
//            (concat, loudness pass, HLS ladder, poster). rerender_vs_full (target ≤ 0.25).
//   bare_same_outputs (on by default, BENCH_SAME_OUTPUTS=0 skips it) — the same bare ffmpeg also
//            encoding the lower HLS rungs the render encodes (720p, 360p) and a poster: the same
//            encoding work as the render (whose 1080p rung is the master copied). The fair
//            baseline since issue 19: render_vs_bare_same_outputs (target ≤ 1.10).
// Figures: render_vs_bare (master only, kept for reference), render_rtf (film seconds per wall second),
// worker_peak_rss_mb, ffmpeg_peak_rss_mb, scratch_peak_mb (largest size of the render's scratch
// directory, sampled every 500 ms), disk_free_min_mb (least free space on its filesystem),
// sources_total_mb (the generated clips' sizes), …
// Knobs: BENCH_RENDER_TARGET=1080p (default) | 720p — the timeline's target, and the bare runs'
// scale/pad/x264 settings follow it (TARGETS in timeline-render.ts); BENCH_RENDER_BARE=0 skips the
// bare ffmpeg run(s) (a long film then costs one encode, not two; ratios absent, `met` null).
//
// Only erasable TypeScript: Node runs this file by stripping its types. Compiled libraries under
// dist/ (built by tools/bench.mjs) are imported by path.
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export interface BenchContext {
  url: string;
  databaseUrl: string;
  s3: { endpoint: string; accessKey: string; secretKey: string; bucket: string };
  root: string;
  seed: { password?: string; staff: Array<{ email: string; role: string }> } | null;
  log: (line: string) => void;
}

export interface BenchResult {
  figures: Record<string, unknown>;
  table: string[];
}

const TARGET_RATIO = 1.15; // master-only (retired by issue 19 as the target; still reported)
const CLIPS = Number(process.env['BENCH_RENDER_CLIPS'] ?? 20);
const SECONDS = Number(process.env['BENCH_RENDER_SECONDS'] ?? 30);
const PRESET = process.env['X264_PRESET'] ?? 'veryfast';
const TARGET = process.env['BENCH_RENDER_TARGET'] ?? '1080p';
if (TARGET !== '1080p' && TARGET !== '720p')
  throw new Error(`BENCH_RENDER_TARGET must be 1080p or 720p, not ${TARGET}`);
const BARE = process.env['BENCH_RENDER_BARE'] !== '0';
const RERENDER = process.env['BENCH_RERENDER'] !== '0';
const SAME_OUTPUTS = process.env['BENCH_SAME_OUTPUTS'] !== '0';
const TARGET_SAME_OUTPUTS = 1.1;
const TARGET_RERENDER = 0.25;
const CACHE = join(tmpdir(), `atelier-bench-render-clips-v1-${SECONDS + 2}s`);

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (kb: number): number => round(kb / 1024, 1);

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (err, _o, stderr) =>
      err ? reject(new Error(`${cmd} failed: ${String(stderr).slice(-1500)}`)) : resolve(),
    ),
  );
}

/** The sources: one picture made once, copied into CLIPS files with different sound. Cached. */
async function makeClips(log: (l: string) => void): Promise<string[]> {
  await mkdir(CACHE, { recursive: true });
  const picture = join(CACHE, 'picture.mp4');
  const length = SECONDS + 2;
  if (!existsSync(picture)) {
    log(`generating the ${length} s 1080p picture (ultrafast, cached)…`);
    await run('ffmpeg', [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=1920x1080:rate=30:duration=${length}`,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-crf',
      '26',
      '-pix_fmt',
      'yuv420p',
      `${picture}.part.mp4`,
    ]);
    await rename(`${picture}.part.mp4`, picture);
  }
  const files: string[] = [];
  for (let i = 0; i < CLIPS; i++) {
    const file = join(CACHE, `clip-${String(i).padStart(2, '0')}.mp4`);
    if (!existsSync(file)) {
      const level = -8 - (i % 5) * 4; // −8 … −24 dB: the loudness pass has work to do
      await run('ffmpeg', [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-y',
        '-i',
        picture,
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=${220 + 30 * i}:sample_rate=48000:duration=${length},volume=${level}dB`,
        '-map',
        '0:v',
        '-map',
        '1:a',
        '-c:v',
        'copy',
        '-c:a',
        'aac',
        '-b:a',
        '128k',
        '-ac',
        '2',
        '-shortest',
        `${file}.part.mp4`,
      ]);
      await rename(`${file}.part.mp4`, file);
    }
    files.push(file);
  }
  return files;
}

/** A cookie-keeping client for the API (sign-in cookie + XSRF double submit). */
function client(base: string) {
  const cookies = new Map<string, string>();
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const headers: Record<string, string> = {};
    if (cookies.size) headers['cookie'] = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const xsrf = cookies.get('XSRF-TOKEN');
    if (xsrf && method !== 'GET') headers['x-xsrf-token'] = xsrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

async function statusOf(pid: number): Promise<{ name: string; ppid: number; hwmKb: number } | null> {
  try {
    const s = await readFile(`/proc/${pid}/status`, 'utf8');
    return {
      name: /^Name:\s+(\S+)/m.exec(s)?.[1] ?? '',
      ppid: Number(/^PPid:\s+(\d+)/m.exec(s)?.[1]),
      hwmKb: Number(/^VmHWM:\s+(\d+)/m.exec(s)?.[1] ?? 0),
    };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process used, including its children it has reaped (the ffmpeg runs). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state(0) … utime(11) stime(12) cutime(13) cstime(14), in clock ticks (100/s on Linux).
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

/** The stack's worker: the process running the worker's main.js with this stack's DATABASE_URL. */
async function findWorker(databaseUrl: string): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes('apps/worker/src/main.js')) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`DATABASE_URL=${databaseUrl}`)) return Number(entry);
  }
  throw new Error("could not find the stack's worker process");
}

/** Samples the peak memory of a process and of the ffmpeg processes it starts, until stopped. */
function sampler(workerPid: number) {
  const ffmpegPeaks = new Map<number, number>();
  let workerPeak = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const w = await statusOf(workerPid);
      if (w) workerPeak = Math.max(workerPeak, w.hwmKb);
      for (const entry of await readdir('/proc').catch(() => [] as string[])) {
        if (!/^\d+$/.test(entry)) continue;
        const s = await statusOf(Number(entry));
        if (s && s.ppid === workerPid && s.name === 'ffmpeg')
          ffmpegPeaks.set(Number(entry), Math.max(ffmpegPeaks.get(Number(entry)) ?? 0, s.hwmKb));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return {
        workerPeakKb: workerPeak,
        ffmpegPeakKb: Math.max(0, ...ffmpegPeaks.values()),
        ffmpegRuns: ffmpegPeaks.size,
      };
    },
  };
}

/** Total bytes of the files under a directory (0 when it is gone; files may vanish while walking). */
async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) {
    const path = join(dir, name);
    const s = await lstat(path).catch(() => null);
    if (!s) continue;
    if (s.isDirectory()) total += await treeBytes(path);
    else total += s.size;
  }
  return total;
}

/**
 * Samples, every 500 ms, the size of the worker's render scratch directories (MediaRepository's
 * `<worker's tmpdir>/atelier-media/<worker pid>-render-*`: sources, segments, outputs) and the free
 * space of their filesystem, until stopped.
 */
function diskSampler(scratchRoot: string, workerPid: number) {
  let peak = 0;
  let freeMin = Number.POSITIVE_INFINITY;
  const dirsSeen = new Set<string>();
  let stopped = false;
  const once = async () => {
    const names = (await readdir(scratchRoot).catch(() => [] as string[])).filter((n) =>
      n.startsWith(`${workerPid}-render-`),
    );
    let total = 0;
    for (const n of names) {
      dirsSeen.add(n);
      total += await treeBytes(join(scratchRoot, n));
    }
    peak = Math.max(peak, total);
    const fs = await statfs(scratchRoot).catch(() => null);
    if (fs) freeMin = Math.min(freeMin, fs.bavail * fs.bsize);
  };
  const loop = (async () => {
    while (!stopped) {
      await once();
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { peakBytes: peak, freeMinBytes: Number.isFinite(freeMin) ? freeMin : null, dirs: dirsSeen.size };
    },
  };
}

/** The temporary directory of a process (its TMPDIR, else the OS default), as os.tmpdir() computes it there. */
async function tmpdirOf(pid: number): Promise<string> {
  const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
  const value = environ
    .split('\0')
    .find((v) => v.startsWith('TMPDIR='))
    ?.slice('TMPDIR='.length);
  return value ? value.replace(/(.)\/+$/, '$1') : '/tmp';
}

/** Runs a bare ffmpeg under /usr/bin/time; wall seconds and its peak memory. */
function bareFfmpeg(args: string[]): Promise<{ seconds: number; peakKb: number; cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    const timeFile = join(tmpdir(), `atelier-bench-render-time-${process.pid}`);
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, 'ffmpeg', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr.on('data', (b: Buffer) => (tail = (tail + b.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`bare ffmpeg exited with ${code}: ${tail}`));
      void (async () => {
        const [peak, user, sys] = (await readFile(timeFile, 'utf8').catch(() => '0 0 0'))
          .trim()
          .split('\n')
          .pop()!
          .split(' ')
          .map(Number);
        await rm(timeFile, { force: true });
        resolve({ seconds, peakKb: peak!, cpuSeconds: user! + sys! });
      })().catch(reject);
    });
  });
}

export default async function main(ctx: BenchContext): Promise<BenchResult> {
  const load = (p: string) => import(pathToFileURL(join(ctx.root, p)).href);
  const media = await load('dist/libs/media/src/index.js');
  const { StorageRepository } = await load('dist/libs/storage/src/index.js');
  const { loadConfig } = await load('dist/libs/config/src/index.js');
  const trainerEmail = ctx.seed?.staff.find((s) => s.role === 'trainer')?.email;
  if (!trainerEmail || !ctx.seed?.password) throw new Error('the demo seed did not give a trainer and a password');

  const files = await makeClips(ctx.log);
  let sourcesBytes = 0;
  for (const f of files) sourcesBytes += (await stat(f)).size;
  const spec = media.TARGETS[TARGET];
  const repo = new media.MediaRepository();
  const infos: any[] = [];
  for (const f of files) {
    const verdict = media.classify((await stat(f)).size, await repo.probe(f));
    if (!verdict.ok) throw new Error(`a generated clip was refused: ${verdict.failure}`);
    infos.push(verdict.info);
  }

  const config = loadConfig({
    ...process.env,
    DATABASE_URL: ctx.databaseUrl,
    S3_ENDPOINT: ctx.s3.endpoint,
    S3_ACCESS_KEY: ctx.s3.accessKey,
    S3_SECRET_KEY: ctx.s3.secretKey,
    S3_BUCKET: ctx.s3.bucket,
  });
  const storage = new StorageRepository(config.s3);
  const db = new pg.Pool({ connectionString: ctx.databaseUrl, max: 2 });
  const work = join(tmpdir(), `atelier-bench-render-${process.pid}`);
  await mkdir(work, { recursive: true });
  try {
    // --- Setup (not measured): a project whose bin holds the 20 clips, ready, originals in S3. ---
    const {
      rows: [who],
    } = await db.query(
      `SELECT m.organisation_id, m.user_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
      [trainerEmail],
    );
    const {
      rows: [group],
    } = await db.query(`INSERT INTO media_groups (organisation_id, name) VALUES ($1, 'Bench render') RETURNING id`, [
      who.organisation_id,
    ]);
    const {
      rows: [project],
    } = await db.query(
      `INSERT INTO media_projects (organisation_id, group_id, title) VALUES ($1, $2, 'Bench render') RETURNING id`,
      [who.organisation_id, group.id],
    );
    const clipIds: string[] = [];
    for (let i = 0; i < files.length; i++) {
      const id = randomUUID();
      const key = `uploads/${id}`;
      const size = (await stat(files[i]!)).size;
      await storage.put(key, createReadStream(files[i]!), size, 'video/mp4');
      await db.query(
        `INSERT INTO clips (id, organisation_id, project_id, uploaded_by, title, original_filename, size_bytes, received_bytes, source_key, kind, status, progress, duration_ms, width, height, probe, uploaded_at, ready_at)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $6, $7, 'video', 'ready', 100, $8, 1920, 1080, $9, now(), now())`,
        [
          id,
          who.organisation_id,
          project.id,
          who.user_id,
          `clip-${i}.mp4`,
          size,
          key,
          infos[i].durationMs,
          JSON.stringify(infos[i]),
        ],
      );
      clipIds.push(id);
    }
    const document = {
      target: TARGET,
      music: null,
      fadeOutAtEnd: true,
      segments: clipIds.map((clipId, i) => ({
        id: `s${i}`,
        kind: 'clip',
        clipId,
        inMs: 1000,
        outMs: 1000 + SECONDS * 1000,
        fadeIn: i % 4 === 0,
      })),
    };
    const filmSeconds = CLIPS * SECONDS;
    const api = client(ctx.url);
    const login = await api('POST', '/api/auth/login', { email: trainerEmail, password: ctx.seed.password });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
    const saved = await api('PUT', `/api/projects/${project.id}/timeline`, { baseVersion: 0, document });
    if (saved.status !== 200)
      throw new Error(`saving the timeline failed: ${saved.status} ${JSON.stringify(saved.body)}`);

    // --- The render, through the stack's worker. ---
    const workerPid = await findWorker(ctx.databaseUrl);
    const scratchRoot = join(await tmpdirOf(workerPid), 'atelier-media');
    ctx.log(
      `rendering a ${filmSeconds} s film of ${CLIPS} clips at ${TARGET} (x264 ${PRESET}) with the stack's worker (pid ${workerPid}; scratch under ${scratchRoot})…`,
    );
    const memory = sampler(workerPid);
    const disk = diskSampler(scratchRoot, workerPid);
    const cpuBefore = await cpuSeconds(workerPid);
    const started = performance.now();
    const post = await api('POST', `/api/projects/${project.id}/render`, { version: 1 });
    if (post.status !== 202) throw new Error(`starting the render failed: ${post.status} ${JSON.stringify(post.body)}`);
    /** Polls the render every 250 ms until it is ready. */
    const ready = async (renderId: string, since: number): Promise<any> => {
      let lastLogged = -10;
      for (;;) {
        const r = (await api('GET', `/api/renders/${renderId}`)).body;
        if (r.status === 'ready') return r;
        if (r.status === 'failed' || r.status === 'cancelled')
          throw new Error(`the render ended ${r.status}: ${r.failure}`);
        if (r.progress >= lastLogged + 10) {
          ctx.log(`  render ${r.status} ${r.progress} % after ${round((performance.now() - since) / 1000, 0)} s`);
          lastLogged = r.progress;
        }
        await new Promise((res) => setTimeout(res, 250));
      }
    };
    const render = await ready(post.body.id, started);
    const renderSeconds = (performance.now() - started) / 1000;
    // Give the worker a moment to reap its last ffmpeg (the poster) before reading its CPU time.
    await new Promise((r) => setTimeout(r, 500));
    const renderCpu = (await cpuSeconds(workerPid)) - cpuBefore;
    const peaks = await memory.stop();
    const scratch = await disk.stop();
    const {
      rows: [row],
    } = await db.query(`SELECT size_bytes, duration_ms, loudness FROM renders WHERE id = $1`, [render.id]);
    ctx.log(`render ready in ${round(renderSeconds, 1)} s`);

    // --- Issue 19: the group changes ONE segment (its in/out, same length) and renders again. ---
    let rerender: { seconds: number; cpu: number; durationMs: number } | null = null;
    if (RERENDER) {
      const changedAt = Math.floor(CLIPS / 2);
      const changed = {
        ...document,
        segments: document.segments.map((s, i) =>
          i === changedAt ? { ...s, inMs: 500, outMs: 500 + SECONDS * 1000 } : s,
        ),
      };
      const again = await api('PUT', `/api/projects/${project.id}/timeline`, { baseVersion: 1, document: changed });
      if (again.status !== 200) throw new Error(`saving the changed timeline failed: ${again.status}`);
      ctx.log(`re-rendering after a change of segment ${changedAt + 1} of ${CLIPS}…`);
      const cpu0 = await cpuSeconds(workerPid);
      const t0 = performance.now();
      const post2 = await api('POST', `/api/projects/${project.id}/render`, { version: 2 });
      if (post2.status !== 202) throw new Error(`starting the re-render failed: ${post2.status}`);
      const done = await ready(post2.body.id, t0);
      const seconds = (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 500));
      rerender = { seconds, cpu: (await cpuSeconds(workerPid)) - cpu0, durationMs: done.durationMs };
      ctx.log(`re-render ready in ${round(seconds, 1)} s`);
    }

    // --- The bare ffmpeg concat of the same segments with the same encoder settings. ---
    let bare: { seconds: number; peakKb: number; cpuSeconds: number } | null = null;
    let same: { seconds: number; peakKb: number; cpuSeconds: number } | null = null;
    if (BARE) {
      const list = join(work, 'concat.txt');
      await writeFile(list, files.map((f) => `file '${f}'\ninpoint 1.0\noutpoint ${1 + SECONDS}.0\n`).join(''));
      const x264 = [
        '-c:v',
        'libx264',
        '-preset',
        PRESET,
        '-profile:v',
        'high',
        '-pix_fmt',
        'yuv420p',
        '-crf',
        '21',
        '-maxrate',
        `${spec.maxrateK}k`,
        '-bufsize',
        `${spec.maxrateK * 2}k`,
        '-g',
        '240',
        '-sc_threshold',
        '0',
      ];
      const graph = `[0:v]fps=30,scale=${spec.width}:${spec.height}:force_original_aspect_ratio=decrease:flags=bicubic,pad=${spec.width}:${spec.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p[v];[0:a]aresample=48000:async=1,aformat=sample_fmts=fltp:channel_layouts=stereo[a]`;
      ctx.log('bare ffmpeg concat of the same segments (master only)…');
      bare = await bareFfmpeg([
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'concat',
        '-safe',
        '0',
        '-i',
        list,
        '-filter_complex',
        graph,
        '-map',
        '[v]',
        '-map',
        '[a]',
        ...x264,
        '-c:a',
        'aac',
        '-b:a',
        '192k',
        '-movflags',
        '+faststart',
        join(work, 'bare.mp4'),
      ]);
      ctx.log(`bare concat done in ${round(bare.seconds, 1)} s`);
      if (SAME_OUTPUTS) {
        const lower: Array<{ name: string; width: number; height: number; bitrateK: number }> = spec.lowerRungs;
        ctx.log(
          `bare ffmpeg concat with the same encodes (master + ${lower.map((r) => r.name).join('/')} HLS + poster)…`,
        );
        await mkdir(join(work, 'hls'), { recursive: true });
        const n = lower.length;
        const g2 =
          graph
            .replace(
              'format=yuv420p[v]',
              `format=yuv420p,split=${n + 2}[v]${lower.map((_r, i) => `[v${i + 1}]`).join('')}[vp]`,
            )
            .replace('stereo[a]', `stereo,asplit=${n + 1}[a]${lower.map((_r, i) => `[a${i + 1}]`).join('')}`) +
          lower.map((r, i) => `;[v${i + 1}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1[h${i + 1}]`).join('') +
          ';[vp]trim=start=20,setpts=PTS-STARTPTS,scale=1280:-2[poster]';
        const rung = (i: number, k: number) => [
          `-c:v:${i}`,
          'libx264',
          `-b:v:${i}`,
          `${k}k`,
          `-maxrate:v:${i}`,
          `${Math.round(k * 1.1)}k`,
          `-bufsize:v:${i}`,
          `${k * 2}k`,
        ];
        same = await bareFfmpeg([
          '-hide_banner',
          '-nostdin',
          '-loglevel',
          'error',
          '-y',
          '-f',
          'concat',
          '-safe',
          '0',
          '-i',
          list,
          '-filter_complex',
          g2,
          '-map',
          '[v]',
          '-map',
          '[a]',
          ...x264,
          '-c:a',
          'aac',
          '-b:a',
          '192k',
          '-movflags',
          '+faststart',
          join(work, 'same.mp4'),
          // The render's HLS top rung is the master's video copied; the lower rungs are encoded once each.
          ...lower.flatMap((_r, i) => ['-map', `[h${i + 1}]`, '-map', `[a${i + 1}]`]),
          '-preset',
          PRESET,
          '-profile:v',
          'high',
          '-pix_fmt',
          'yuv420p',
          '-g',
          '240',
          '-sc_threshold',
          '0',
          ...lower.flatMap((r, i) => rung(i, r.bitrateK)),
          '-c:a',
          'aac',
          '-b:a',
          '128k',
          '-f',
          'hls',
          '-hls_time',
          '4',
          '-hls_playlist_type',
          'vod',
          '-hls_segment_filename',
          join(work, 'hls', '%v_%05d.ts'),
          '-master_pl_name',
          'master.m3u8',
          '-var_stream_map',
          lower.map((_r, i) => `v:${i},a:${i}`).join(' '),
          join(work, 'hls', '%v.m3u8'),
          '-map',
          '[poster]',
          '-frames:v',
          '1',
          join(work, 'poster.jpg'),
        ]);
        ctx.log(`bare same-outputs done in ${round(same.seconds, 1)} s`);
      }
    } else {
      ctx.log('bare ffmpeg baseline skipped (BENCH_RENDER_BARE=0)');
    }

    const figures: Record<string, unknown> = {
      clips: CLIPS,
      film_s: filmSeconds,
      x264_preset: PRESET,
      target: TARGET,
      render_s: round(renderSeconds, 1),
      render_rtf: round(filmSeconds / renderSeconds, 3),
      ...(bare
        ? { bare_concat_s: round(bare.seconds, 1), render_vs_bare: round(renderSeconds / bare.seconds, 3) }
        : {}),
      // CPU seconds are far less sensitive than wall time to the neighbours on a shared machine.
      render_cpu_s: round(renderCpu, 1),
      ...(bare
        ? { bare_concat_cpu_s: round(bare.cpuSeconds, 1), render_vs_bare_cpu: round(renderCpu / bare.cpuSeconds, 3) }
        : {}),
      target_render_vs_bare: TARGET_RATIO,
      met:
        same && rerender
          ? renderSeconds / same.seconds <= TARGET_SAME_OUTPUTS && rerender.seconds / renderSeconds <= TARGET_RERENDER
          : null,
      worker_peak_rss_mb: mb(peaks.workerPeakKb),
      ffmpeg_peak_rss_mb: mb(peaks.ffmpegPeakKb),
      ffmpeg_runs_seen: peaks.ffmpegRuns,
      ...(bare ? { bare_ffmpeg_peak_rss_mb: mb(bare.peakKb) } : {}),
      scratch_peak_mb: round(scratch.peakBytes / 1048576, 1),
      disk_free_min_mb: scratch.freeMinBytes === null ? null : round(scratch.freeMinBytes / 1048576, 0),
      sources_total_mb: round(sourcesBytes / 1048576, 1),
      master_mb: round(Number(row.size_bytes) / 1048576, 1),
      master_duration_s: row.duration_ms / 1000,
      measured_input_lufs: row.loudness?.inputI ?? null,
      load_average_1m: round(Number((await readFile('/proc/loadavg', 'utf8')).split(' ')[0]), 1),
    };
    if (rerender)
      Object.assign(figures, {
        rerender_s: round(rerender.seconds, 1),
        rerender_vs_full: round(rerender.seconds / renderSeconds, 3),
        rerender_cpu_s: round(rerender.cpu, 1),
        rerender_vs_full_cpu: round(rerender.cpu / renderCpu, 3),
        rerender_duration_s: rerender.durationMs / 1000,
        target_rerender_vs_full: TARGET_RERENDER,
      });
    if (same) {
      Object.assign(figures, {
        target_render_vs_bare_same_outputs: TARGET_SAME_OUTPUTS,
        bare_same_outputs_s: round(same.seconds, 1),
        render_vs_bare_same_outputs: round(renderSeconds / same.seconds, 3),
        bare_same_outputs_cpu_s: round(same.cpuSeconds, 1),
        render_vs_bare_same_outputs_cpu: round(renderCpu / same.cpuSeconds, 3),
      });
    }
    const table = [
      `render of a ${filmSeconds} s film from ${CLIPS} 1080p clips to ${TARGET} (x264 ${PRESET})`,
      `  render (POST → ready, via the stack's worker): ${figures.render_s} s   real-time factor ${figures.render_rtf}`,
      ...(bare
        ? [
            `  bare ffmpeg concat, same segments and encoder: ${figures.bare_concat_s} s   ratio ${figures.render_vs_bare} (target ≤ ${TARGET_RATIO})`,
            `  CPU seconds: render (worker + its ffmpeg) ${figures.render_cpu_s}, bare concat ${figures.bare_concat_cpu_s}: ratio ${figures.render_vs_bare_cpu}`,
          ]
        : [
            `  bare ffmpeg baseline skipped (BENCH_RENDER_BARE=0): no ratios`,
            `  CPU seconds: render (worker + its ffmpeg) ${figures.render_cpu_s}`,
          ]),
      ...(same
        ? [
            `  bare ffmpeg concat, same encodes (master + ${spec.lowerRungs.map((r: { name: string }) => r.name).join('/')} HLS + poster): ${figures.bare_same_outputs_s} s   ratio ${figures.render_vs_bare_same_outputs}`,
            `  CPU seconds of the same-encodes bare run ${figures.bare_same_outputs_cpu_s}: ratio ${figures.render_vs_bare_same_outputs_cpu}`,
          ]
        : []),
      ...(rerender
        ? [
            `  re-render after changing 1 segment of ${CLIPS}: ${figures.rerender_s} s, ×${figures.rerender_vs_full} the full render (target ≤ ${TARGET_RERENDER}); CPU ×${figures.rerender_vs_full_cpu}`,
          ]
        : []),
      `  peak memory: worker ${figures.worker_peak_rss_mb} MB, largest ffmpeg ${figures.ffmpeg_peak_rss_mb} MB (${peaks.ffmpegRuns} ffmpeg runs seen)${bare ? `, bare ffmpeg ${figures.bare_ffmpeg_peak_rss_mb} MB` : ''}`,
      `  scratch disk: peak ${figures.scratch_peak_mb} MB (sources ${figures.sources_total_mb} MB in all), least free on its filesystem ${figures.disk_free_min_mb} MB`,
      `  master ${figures.master_mb} MB, ${figures.master_duration_s} s; load average ${figures.load_average_1m}`,
    ];
    return { figures, table };
  } finally {
    await db.end();
    await rm(work, { recursive: true, force: true });
  }
}
