// Benchmark "transcode" — run with `npm run bench -- transcode` (tools/bench.mjs starts the stack).
//
// Source: a generated 60 s 1920×1080 30 fps clip with stereo sound (tests/support/media-fixtures.ts).
// In the same run, each measured as wall time, in alternating rounds (BENCH_ROUNDS, default 2):
//   bare      — ffmpeg run directly (child_process.spawn) with exactly the argument list the
//               pipeline runs through fluent-ffmpeg (MediaRepository.argumentsFor), on a local file;
//   pipeline  — the whole job through the running stack: a clip row (demo organisation) whose source
//               is in the stack's S3, `probe-clip` enqueued, then the stack's own worker probes,
//               downloads, runs the same ffmpeg invocation, uploads the outputs and marks the clip
//               ready; timed from the enqueue to the row saying `ready` (polled every 100 ms).
// Then once: the same outputs made by one ffmpeg run per rendition (proxy, each HLS rung, poster,
// strip), summed, against the single invocation (bare). The 720p proxy's real-time factor is the
// clip's 60 s over the proxy-only run's wall time.
// Figures: pipeline_vs_bare (target ≤ 1.10) compares the fastest run of each (the least disturbed
// by other work on a shared machine; the means are reported too), per_rendition_vs_single,
// proxy_720p_rtf, …
//
// Only erasable TypeScript: Node runs this file by stripping its types. The compiled libraries
// under dist/ (built by tools/bench.mjs) are imported by path.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export interface BenchContext {
  url: string;
  databaseUrl: string;
  s3: { endpoint: string; accessKey: string; secretKey: string; bucket: string };
  root: string;
  log: (line: string) => void;
}

export interface BenchResult {
  figures: Record<string, unknown>;
  table: string[];
}

const TARGET_PIPELINE_RATIO = 1.1;
const SOURCE_SECONDS = 60;

async function load(root: string, path: string): Promise<any> {
  return import(pathToFileURL(join(root, path)).href);
}

/** Runs ffmpeg with these arguments; resolves with the wall time in seconds. */
function ffmpeg(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (b: Buffer) => (tail = (tail + b.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`ffmpeg exited with ${code}: ${tail}`)),
    );
  });
}

/**
 * CPU seconds a process used plus those of its children it has reaped (utime, stime, cutime,
 * cstime from /proc/<pid>/stat). Unlike wall time, this barely moves when other work shares the
 * cores, so it shows the pipeline's own overhead on a busy machine.
 */
async function cpuSeconds(pid: number | 'self'): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, so utime (14) … cstime (17) are at 11…14 here.
  return fields.slice(11, 15).reduce((a, b) => a + Number(b), 0) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** The stack's worker process (started from this checkout's dist/). */
async function stackWorkerPid(root: string): Promise<number | null> {
  const script = join(root, 'dist/apps/worker/src/main.js');
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmd.split('\u0000').includes(script)) return Number(entry);
  }
  return null;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const media = await load(ctx.root, 'dist/libs/media/src/index.js');
  const { JobsRepository } = await load(ctx.root, 'dist/libs/queue/src/index.js');
  const { StorageRepository } = await load(ctx.root, 'dist/libs/storage/src/index.js');
  const { loadConfig } = await load(ctx.root, 'dist/libs/config/src/index.js');
  const fixtures = await load(ctx.root, 'tests/support/media-fixtures.ts');
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);

  ctx.log('generating the 60 s 1080p source (cached between runs)…');
  const source: string = await fixtures.mediaFixture('bench1080p60s');
  const size = (await stat(source)).size;
  const repo = new media.MediaRepository();
  const verdict = media.classify(size, await repo.probe(source));
  if (!verdict.ok) throw new Error(`the generated source was refused: ${verdict.failure}`);
  const preset = process.env['X264_PRESET'] ?? 'veryfast';
  const work = join(tmpdir(), `atelier-bench-transcode-${process.pid}`);
  const plan = media.planTranscode(verdict.kind, verdict.info, { input: source, outDir: join(work, 'bare'), preset });
  const args: string[] = repo.argumentsFor(plan);

  const config = loadConfig({
    ...process.env,
    DATABASE_URL: ctx.databaseUrl,
    S3_ENDPOINT: ctx.s3.endpoint,
    S3_ACCESS_KEY: ctx.s3.accessKey,
    S3_SECRET_KEY: ctx.s3.secretKey,
    S3_BUCKET: ctx.s3.bucket,
  });
  const storage = new StorageRepository(config.s3);
  await storage.ensureBucket();
  const jobs = new JobsRepository({ connectionString: ctx.databaseUrl });
  await jobs.start();
  const db = new pg.Pool({ connectionString: ctx.databaseUrl, max: 2 });

  try {
    const {
      rows: [who],
    } = await db.query(`SELECT m.organisation_id, m.user_id FROM memberships m WHERE m.role = 'trainer' LIMIT 1`);
    if (!who) throw new Error('the demo seed has no trainer');
    const {
      rows: [group],
    } = await db.query(`INSERT INTO media_groups (organisation_id, name) VALUES ($1, 'Bench') RETURNING id`, [
      who.organisation_id,
    ]);
    const {
      rows: [project],
    } = await db.query(
      `INSERT INTO media_projects (organisation_id, group_id, title) VALUES ($1, $2, 'Bench') RETURNING id`,
      [who.organisation_id, group.id],
    );

    const workerPid = await stackWorkerPid(ctx.root);
    const bareCpu: number[] = [];
    const pipelineCpu: number[] = [];
    const bare = async (): Promise<number> => {
      await rm(plan.outDir, { recursive: true, force: true });
      await mkdir(plan.outDir, { recursive: true });
      const cpu0 = await cpuSeconds('self');
      const s = await ffmpeg(args);
      bareCpu.push((await cpuSeconds('self')) - cpu0);
      await rm(plan.outDir, { recursive: true, force: true });
      return s;
    };

    const pipeline = async (): Promise<number> => {
      const id = randomUUID();
      const sourceKey = `uploads/${id}`;
      await db.query(
        `INSERT INTO clips (id, organisation_id, project_id, uploaded_by, original_filename, size_bytes, received_bytes, source_key, status, uploaded_at)
         VALUES ($1, $2, $3, $4, 'bench.mp4', $5, $5, $6, 'processing', now())`,
        [id, who.organisation_id, project.id, who.user_id, size, sourceKey],
      );
      await storage.put(sourceKey, createReadStream(source), size, 'video/mp4');
      const cpu0 = workerPid ? await cpuSeconds(workerPid) : 0;
      const started = performance.now();
      await jobs.enqueue('probe-clip', { clipId: id });
      for (;;) {
        const {
          rows: [r],
        } = await db.query(`SELECT status, failure_code FROM clips WHERE id = $1`, [id]);
        if (r.status === 'ready') break;
        if (r.status === 'failed') throw new Error(`the pipeline failed the clip: ${r.failure_code}`);
        if (performance.now() - started > 20 * 60_000) throw new Error('the pipeline took more than 20 minutes');
        await new Promise((res) => setTimeout(res, 100));
      }
      const wall = (performance.now() - started) / 1000;
      if (workerPid) pipelineCpu.push((await cpuSeconds(workerPid)) - cpu0);
      return wall;
    };

    const bareRuns: number[] = [];
    const pipelineRuns: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ctx.log(`round ${i + 1}/${rounds}: bare ffmpeg…`);
      bareRuns.push(await bare());
      ctx.log(`  bare ${round(bareRuns.at(-1)!, 1)} s; pipeline through the stack…`);
      pipelineRuns.push(await pipeline());
      ctx.log(
        `  pipeline ${round(pipelineRuns.at(-1)!, 1)} s (cpu: bare ${round(bareCpu.at(-1) ?? NaN, 1)} s, pipeline ${round(pipelineCpu.at(-1) ?? NaN, 1)} s)`,
      );
    }

    // One ffmpeg run per rendition, with the same filters and encoder settings as the single run.
    const graph: string = plan.filterComplex;
    const base = /^\[0:v:0\](.*?),split=/.exec(graph)![1];
    const audio = /\[0:a:0\](.*?),asplit=/.exec(graph)?.[1] ?? null;
    const chain = (from: string, to: string): string => new RegExp(`\\[${from}\\]([^;]*)\\[${to}\\]`).exec(graph)![1]!;
    const common = plan.inputArgs.concat(['-i', source, '-y']);
    const per = join(work, 'per');
    await mkdir(per, { recursive: true });
    const x264 = ['-c:v', 'libx264', '-preset', preset, '-pix_fmt', 'yuv420p', '-profile:v', 'high'];
    const strip = ['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact'];
    const withAudio = (v: string): string => `[0:v:0]${base},${v}[v]${audio ? `;[0:a:0]${audio}[a]` : ''}`;
    const runs: Array<{ name: string; args: string[] }> = [
      {
        name: 'proxy 720p',
        args: [
          ...common,
          '-filter_complex',
          withAudio(chain('vp', 'proxy')),
          ...plan.outputs[0].args.map((a: string) => (a === '[proxy]' ? '[v]' : a === '[ap]' ? '[a]' : a)),
          join(per, 'proxy.mp4'),
        ],
      },
      ...plan.files.variants.map((v: { rung: { name: string; videoBitrate: number } }, i: number) => {
        const b = v.rung.videoBitrate;
        // eslint-disable-next-line no-control-regex -- NUL joins the arguments so no argument can contain it
        const gop = /-g\u0000(\d+)/.exec(plan.outputs[1].args.join('\u0000'))![1]!;
        const dir = join(per, v.rung.name);
        return {
          name: `HLS ${v.rung.name}`,
          args: [
            ...common,
            '-filter_complex',
            withAudio(chain(`v${i}`, `hls${i}`)),
            '-map',
            '[v]',
            ...(audio ? ['-map', '[a]'] : []),
            ...strip,
            ...x264,
            '-b:v',
            `${Math.round(b / 1000)}k`,
            '-maxrate',
            `${Math.round((b * 1.1) / 1000)}k`,
            '-bufsize',
            `${Math.round((b * 2) / 1000)}k`,
            '-g',
            gop,
            '-keyint_min',
            gop,
            '-sc_threshold',
            '0',
            ...(audio ? ['-c:a', 'aac', '-b:a', '96k', '-ac', '2'] : []),
            '-f',
            'hls',
            '-hls_time',
            '4',
            '-hls_playlist_type',
            'vod',
            '-hls_flags',
            'independent_segments',
            '-hls_segment_type',
            'mpegts',
            '-hls_segment_filename',
            join(dir, 'seg_%05d.ts'),
            join(dir, 'index.m3u8'),
          ],
        };
      }),
      {
        name: 'poster',
        args: [
          ...common,
          '-filter_complex',
          `[0:v:0]${base},${chain('vposter', 'poster')}[poster]`,
          ...plan.outputs[2].args,
          join(per, 'poster.jpg'),
        ],
      },
      {
        name: 'thumbnail strip',
        args: [
          ...common,
          '-filter_complex',
          `[0:v:0]${base},${chain('vthumbs', 'thumbs')}[thumbs]`,
          ...plan.outputs[3].args,
          join(per, 'thumbs.jpg'),
        ],
      },
    ];
    const perTimes: Array<{ name: string; s: number; cpu: number }> = [];
    for (const r of runs) {
      ctx.log(`one run per rendition: ${r.name}…`);
      await mkdir(join(per, r.name.replace(/^HLS /, '')), { recursive: true });
      const cpu0 = await cpuSeconds('self');
      const s = await ffmpeg(r.args);
      perTimes.push({ name: r.name, s, cpu: (await cpuSeconds('self')) - cpu0 });
    }
    await rm(work, { recursive: true, force: true });

    const bareS = Math.min(...bareRuns);
    const pipelineS = Math.min(...pipelineRuns);
    const perSum = perTimes.reduce((a, b) => a + b.s, 0);
    const proxyS = perTimes[0]!.s;
    const figures = {
      pipeline_vs_bare: round(pipelineS / bareS, 3),
      pipeline_target: TARGET_PIPELINE_RATIO,
      pipeline_meets_target: pipelineS / bareS <= TARGET_PIPELINE_RATIO,
      pipeline_vs_bare_mean: round(mean(pipelineRuns) / mean(bareRuns), 3),
      pipeline_s: round(pipelineS, 1),
      bare_s: round(bareS, 1),
      pipeline_runs_s: pipelineRuns.map((x) => round(x, 1)),
      bare_runs_s: bareRuns.map((x) => round(x, 1)),
      load_average_1m_at_end: round(loadavg()[0]!, 1),
      per_rendition_vs_single: round(perSum / bareS, 2),
      per_rendition_s: round(perSum, 1),
      // CPU seconds: the same comparisons, insensitive to other work on the machine.
      pipeline_vs_bare_cpu: pipelineCpu.length ? round(Math.min(...pipelineCpu) / Math.min(...bareCpu), 3) : null,
      per_rendition_vs_single_cpu: round(perTimes.reduce((a, b) => a + b.cpu, 0) / Math.min(...bareCpu), 2),
      bare_cpu_s: bareCpu.map((x) => round(x, 1)),
      pipeline_cpu_s: pipelineCpu.map((x) => round(x, 1)),
      proxy_720p_rtf: round(SOURCE_SECONDS / proxyS, 2),
      single_invocation_rtf: round(SOURCE_SECONDS / bareS, 2),
      pipeline_rtf: round(SOURCE_SECONDS / pipelineS, 2),
      x264_preset: preset,
      rounds,
      source: '60 s 1920x1080 30 fps, stereo AAC',
    };
    const table = [
      `transcode: ${SOURCE_SECONDS} s 1080p source, x264 preset ${preset}, ${rounds} round(s)`,
      `  bare ffmpeg (single invocation)   ${bareRuns.map((s) => `${round(s, 1)} s`).join(', ')}`,
      `  pipeline (probe→S3→ffmpeg→S3→ready) ${pipelineRuns.map((s) => `${round(s, 1)} s`).join(', ')}`,
      `  pipeline / bare (fastest of each) ${figures.pipeline_vs_bare} (target ≤ ${TARGET_PIPELINE_RATIO}); of the means ${figures.pipeline_vs_bare_mean}`,
      `  one run per rendition             ${perTimes.map((p) => `${p.name} ${round(p.s, 1)} s`).join(', ')}`,
      `  per-rendition sum / single        ${figures.per_rendition_vs_single} (CPU seconds: ${figures.per_rendition_vs_single_cpu})`,
      `  CPU seconds: bare ${figures.bare_cpu_s.join(', ')}; pipeline worker (node + ffprobe + ffmpeg) ${figures.pipeline_cpu_s.join(', ')}; ratio ${figures.pipeline_vs_bare_cpu}`,
      `  720p proxy alone: real-time factor ${figures.proxy_720p_rtf}× (single invocation of everything: ${figures.single_invocation_rtf}×)`,
    ];
    return { figures, table };
  } finally {
    await db.end();
    await jobs.stop();
  }
}
