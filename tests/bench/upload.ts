// Benchmark "upload" — run with `npm run bench -- upload` (tools/bench.mjs starts the stack).
//
// A 1 GiB file (generated on disk, streamed; never held in memory) is sent to the same S3 server
// four times in the same run:
//   1. baseline: a direct multipart `putObject` with the minio client (8 MiB parts), as the API
//      itself stores objects;
//   2. through the resumable endpoint: the real tus-js-client (Node), as a signed-in trainer,
//      with 8 MiB requests like the web client, into S3 multipart (8 MiB parts) via the API;
//   3. the same as one streaming request (the server still stores 8 MiB parts);
//   4. the direct upload again: the baseline is the mean of (1) and (4), as the machine is shared.
// Figures: throughput of each, the ratio of (2) to (1) (target ≥ 0.5), and the API process's memory
// growth during the tus uploads (VmRSS from /proc/<pid>/status every 100 ms, peak minus the value just
// before; target ≤ 64 MiB). The stored object's sha256 is checked against the source.
//
// Each upload runs in a child process (upload-client.mjs), as a phone or a script would be a
// separate client: the embedded S3 server runs inside the bench runner's process.
//
// Only erasable TypeScript: Node runs this file by stripping its types.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { Client } from 'minio';

export interface BenchContext {
  url: string;
  databaseUrl: string;
  seed: { password?: string; staff: Array<{ email: string; role: string }> } | null;
  log: (line: string) => void;
  apiPid: number;
  env: Record<string, string | undefined>;
}

/** 1 GiB unless UPLOAD_BENCH_MIB asks for less (quick runs while investigating). */
const SIZE = Number(process.env['UPLOAD_BENCH_MIB'] ?? 1024) * 1024 * 1024;
const PART = 8 * 1024 * 1024;
/** What the web client sends per request (apps/web/src/app/studio/clip-uploads.ts). */
const WEB_CHUNK = 8 * 1024 * 1024;
const MIB = 1024 * 1024;
const TARGET_RATIO = 0.5;
const TARGET_GROWTH_MIB = 64;

/** Runs one upload in a child process (tests/bench/upload-client.mjs); the embedded S3 server lives in this one. */
function clientUpload(job: Record<string, unknown>): Promise<{ seconds: number; url: string | null }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'upload-client.mjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, JSON.stringify(job)], { maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`upload client failed: ${stderr || err.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as { seconds: number; url: string | null });
    });
  });
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

/** Writes `size` bytes of incompressible data in 8 MiB blocks; returns the sha256. */
async function generate(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const block = randomBytes(PART);
  for (let written = 0, i = 0; written < size; i++) {
    // Each block differs (its index in the first bytes), so no part repeats another.
    const b = Buffer.from(block);
    b.writeUInt32BE(i, 0);
    const chunk = b.subarray(0, Math.min(PART, size - written));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    written += chunk.length;
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return hash.digest('hex');
}

async function json(
  url: string,
  init: RequestInit & { cookies?: string[] } = {},
): Promise<{ body: any; cookies: string[] }> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return { body: await res.json(), cookies: res.headers.getSetCookie().map((c) => c.split(';')[0]!) };
}

export default async function run(ctx: BenchContext): Promise<{ figures: Record<string, unknown>; table: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'atelier-bench-upload-'));
  try {
    const file = join(dir, 'one-gib.bin');
    ctx.log('generating a 1 GiB file on disk…');
    const sourceSha = await generate(file, SIZE);
    const size = (await stat(file)).size;

    // Setup (not measured): a trainer, a group with its project; the trainer uploads.
    const trainer = ctx.seed!.staff.find((s) => s.role === 'trainer')!.email;
    const login = await json(`${ctx.url}/api/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: trainer, password: ctx.seed!.password }),
    });
    const cookie = login.cookies.join('; ');
    const xsrf = /XSRF-TOKEN=([^;]+)/.exec(cookie)?.[1] ?? '';
    const auth = { cookie, 'x-xsrf-token': xsrf };
    const group = (
      await json(`${ctx.url}/api/media/groups`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'Bench group' }),
      })
    ).body;

    // 1. Baseline: straight to S3 with the minio client.
    const s3 = new URL(ctx.env['S3_ENDPOINT']!);
    const minio = new Client({
      endPoint: s3.hostname,
      port: Number(s3.port),
      useSSL: s3.protocol === 'https:',
      accessKey: ctx.env['S3_ACCESS_KEY']!,
      secretKey: ctx.env['S3_SECRET_KEY']!,
      region: ctx.env['S3_REGION'] ?? 'us-east-1',
      pathStyle: true,
      partSize: PART,
    });
    const bucket = ctx.env['S3_BUCKET'] ?? 'atelier';
    const s3Options = {
      endPoint: s3.hostname,
      port: Number(s3.port),
      useSSL: s3.protocol === 'https:',
      accessKey: ctx.env['S3_ACCESS_KEY']!,
      secretKey: ctx.env['S3_SECRET_KEY']!,
      region: ctx.env['S3_REGION'] ?? 'us-east-1',
    };
    const direct = async (): Promise<number> => {
      const { seconds } = await clientUpload({
        mode: 'direct',
        file,
        size,
        s3: s3Options,
        bucket,
        key: 'bench/direct.bin',
      });
      await minio.removeObject(bucket, 'bench/direct.bin');
      return seconds;
    };
    ctx.log('direct putObject (first)…');
    const directFirstS = await direct();

    // 2. Through the resumable endpoint, watching the API's memory: 8 MiB chunks as the web client
    //    sends them, then one streaming request (the server still stores 8 MiB parts).
    const viaTus = async (
      chunkSize: number,
    ): Promise<{ seconds: number; growthMiB: number; before: number; peak: number; sameBytes: boolean }> => {
      const before = await rssBytes(ctx.apiPid);
      let peak = before;
      const sampler = setInterval(() => {
        rssBytes(ctx.apiPid).then(
          (r) => (peak = Math.max(peak, r)),
          () => undefined,
        );
      }, 100);
      let result: { seconds: number; url: string | null };
      try {
        result = await clientUpload({
          mode: 'tus',
          file,
          size,
          endpoint: `${ctx.url}/api/uploads`,
          headers: auth,
          metadata: { projectId: group.projectId, filename: 'one-gib.mp4', filetype: 'video/mp4' },
          chunkSize: Number.isFinite(chunkSize) ? chunkSize : null,
        });
      } finally {
        clearInterval(sampler);
      }
      const uploadUrl = result.url ?? '';
      const seconds = result.seconds;
      peak = Math.max(peak, await rssBytes(ctx.apiPid));
      // The stored object is the source, byte for byte.
      const clipId = uploadUrl.split('/').pop()!;
      const stored = createHash('sha256');
      for await (const chunk of await minio.getObject(bucket, `clips/${clipId}/source`)) stored.update(chunk as Buffer);
      const sameBytes = stored.digest('hex') === sourceSha;
      await fetch(`${ctx.url}/api/clips/${clipId}`, { method: 'DELETE', headers: auth });
      return { seconds, growthMiB: (peak - before) / MIB, before, peak, sameBytes };
    };
    ctx.log('tus upload through the API, 8 MiB requests (the web client)…');
    const chunked = await viaTus(WEB_CHUNK);
    ctx.log('tus upload through the API, one streaming request…');
    const streamed = await viaTus(Number.POSITIVE_INFINITY);
    // The machine is shared: a second direct upload after the tus ones, and their mean as the
    // baseline, so a load change during the run does not favour one side.
    ctx.log('direct putObject (again)…');
    const directLastS = await direct();
    const directS = (directFirstS + directLastS) / 2;
    const tusS = chunked.seconds;
    const growthMiB = Math.max(chunked.growthMiB, streamed.growthMiB);
    const before = chunked.before;
    const peak = Math.max(chunked.peak, streamed.peak);
    const sameBytes = chunked.sameBytes && streamed.sameBytes;

    const directMBs = size / MIB / directS;
    const tusMBs = size / MIB / tusS;
    const ratio = tusMBs / directMBs;
    const r = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;
    const figures = {
      size_mib: size / MIB,
      direct_put_s: r(directS),
      direct_put_first_s: r(directFirstS),
      direct_put_again_s: r(directLastS),
      direct_put_mib_s: r(directMBs, 1),
      tus_upload_s: r(tusS),
      tus_upload_mib_s: r(tusMBs, 1),
      tus_vs_direct_ratio: r(ratio),
      tus_streamed_s: r(streamed.seconds),
      tus_streamed_mib_s: r(size / MIB / streamed.seconds, 1),
      tus_streamed_vs_direct_ratio: r(size / MIB / streamed.seconds / directMBs),
      target_ratio: TARGET_RATIO,
      api_rss_before_mib: r(before / MIB, 1),
      api_rss_peak_mib: r(peak / MIB, 1),
      api_rss_growth_mib: r(growthMiB, 1),
      api_rss_growth_8mib_requests_mib: r(chunked.growthMiB, 1),
      api_rss_growth_streamed_mib: r(streamed.growthMiB, 1),
      target_growth_mib: TARGET_GROWTH_MIB,
      stored_sha256_matches: sameBytes,
      met: ratio >= TARGET_RATIO && growthMiB <= TARGET_GROWTH_MIB && sameBytes,
    };
    const table = [
      `upload of ${SIZE / MIB} MiB                   seconds   MiB/s`,
      `direct putObject (minio, 8 MiB parts) ${directS.toFixed(1).padStart(7)} ${directMBs.toFixed(1).padStart(7)}   (mean of ${directFirstS.toFixed(1)} s before and ${directLastS.toFixed(1)} s after)`,
      `tus-js-client, 8 MiB requests (web)   ${tusS.toFixed(1).padStart(7)} ${tusMBs.toFixed(1).padStart(7)}`,
      `tus-js-client, one streaming request  ${streamed.seconds.toFixed(1).padStart(7)} ${(size / MIB / streamed.seconds).toFixed(1).padStart(7)}`,
      `ratio tus (8 MiB requests) / direct: ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}); one streaming request: ${(size / MIB / streamed.seconds / directMBs).toFixed(2)}`,
      `API RSS: ${(before / MIB).toFixed(0)} MiB before, ${(peak / MIB).toFixed(0)} MiB peak, growth ${growthMiB.toFixed(1)} MiB (8 MiB requests ${chunked.growthMiB.toFixed(1)}, one streaming request ${streamed.growthMiB.toFixed(1)}; target ≤ ${TARGET_GROWTH_MIB})`,
      `stored object sha256 = source: ${sameBytes}`,
    ];
    return { figures, table };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
