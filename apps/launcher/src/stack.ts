import { ConfigError, loadConfig } from '@atelier/config';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startChild } from './child.js';
import { DEFAULT_SHARED_DIR, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { startEmbeddedS3, type EmbeddedStorage } from './embedded-s3.js';
import { LaunchError } from './launch-error.js';
import { freePort, portIsFree } from './ports.js';
import { DEFAULT_SERVICE_RESTART_POLICY, SupervisedService, type ServiceRestartPolicy } from './service-supervisor.js';
import { Supervised, type RestartPolicy } from './supervisor.js';

export interface StackOptions {
  /** Repository root: the built apps are under dist/. */
  root: string;
  /** Where embedded services keep their data. */
  dataDir: string;
  port: number;
  /** The environment the stack starts from: DATABASE_URL, S3_* set there use real services. */
  env: NodeJS.ProcessEnv;
  /** Serve the built web client from the API. */
  serveWeb: boolean;
  /** Seed the demo organisation when the database has none. */
  seedDemo: boolean;
  out: (line: string) => void;
  /** How crashed API and worker processes are restarted (tests shorten the waits). */
  restartPolicy?: RestartPolicy;
  /** How long the API may take to answer /health at start (default 60 s; tests on a loaded machine wait longer). */
  healthTimeoutMs?: number;
  /** How a dead embedded PostgreSQL or S3 is restarted (tests shorten the waits). */
  serviceRestartPolicy?: ServiceRestartPolicy;
  /**
   * An embedded service died and could not be restarted: the sentence to print. The platform is
   * stopped before this is called (npm start then exits with code 1).
   */
  onFatal?: (error: LaunchError) => void;
}

export interface DemoSeed {
  created: boolean;
  organisation: string;
  password?: string;
  staff: Array<{ email: string; role: string }>;
  participants: Array<{ displayName: string; code: string; joinUrl: string }>;
}

export interface Stack {
  url: string;
  /** Where embedded PostgreSQL keeps its data (null with DATABASE_URL). */
  pgDataDir: string | null;
  env: NodeJS.ProcessEnv;
  seed: DemoSeed | null;
  /** The API and the worker, restarted with backoff when they crash. */
  api: Supervised;
  worker: Supervised;
  /** The embedded PostgreSQL and S3, restarted when they die (null when DATABASE_URL / S3_ENDPOINT are set). */
  postgres: SupervisedService<EmbeddedDatabase> | null;
  storage: SupervisedService<EmbeddedStorage> | null;
  /** Restarts after crashes so far. */
  restarts(): { api: number; worker: number };
  stop(): Promise<void>;
}

/**
 * Starts what is missing (embedded PostgreSQL, embedded S3), seeds demo data, then the API and one
 * worker, and resolves once /health answers. `stop()` ends everything in reverse order.
 */
export async function startStack(o: StackOptions): Promise<Stack> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse())
      await stop().catch((e: unknown) => o.out(`[launcher] stop failed: ${String(e)}`));
    stops.length = 0;
  };
  try {
    const env: NodeJS.ProcessEnv = { ...o.env, PORT: String(o.port), NODE_ENV: o.env.NODE_ENV ?? 'production' };
    env.PUBLIC_URL ??= `http://localhost:${o.port}`;
    await checkBeforeStart(env, o.port);
    let pgDataDir: string | null = null;
    // A dead embedded service is restarted; if it cannot be, the platform stops with one sentence.
    let fatal = false;
    const serviceFailed = (e: LaunchError): void => {
      if (fatal) return;
      fatal = true;
      void stopAll().finally(() =>
        (o.onFatal ?? ((x: LaunchError) => o.out(`[launcher] Atelier stopped: ${x.message}`)))(e),
      );
    };
    const policy = o.serviceRestartPolicy ?? DEFAULT_SERVICE_RESTART_POLICY;
    let postgres: SupervisedService<EmbeddedDatabase> | null = null;
    if (!env.DATABASE_URL) {
      const port = await freePort(Number(env.EMBEDDED_PG_PORT ?? 54329));
      const shared = env.ATELIER_SHARED_DIR || DEFAULT_SHARED_DIR;
      const dir = join(o.dataDir, 'pg');
      postgres = await SupervisedService.start({
        name: 'PostgreSQL',
        start: () => startEmbeddedPostgres(dir, port, 'atelier', o.out, shared),
        out: o.out,
        fatal: serviceFailed,
        advice: `check that nothing else uses port ${port} and that ${dir} is intact (its log lines are above), or set DATABASE_URL to a PostgreSQL server of your own`,
        policy,
      });
      const db = postgres.service;
      const supervised = postgres;
      stops.push(() => supervised.stop());
      env.DATABASE_URL = db.url;
      pgDataDir = db.dataDir;
      o.out(`[launcher] embedded PostgreSQL on 127.0.0.1:${port} (data in ${db.dataDir})`);
    }
    let storage: SupervisedService<EmbeddedStorage> | null = null;
    if (!env.S3_ENDPOINT) {
      const port = await freePort(Number(env.EMBEDDED_S3_PORT ?? 9090));
      const dir = join(o.dataDir, 's3');
      storage = await SupervisedService.start({
        name: 'S3',
        start: () => startEmbeddedS3(dir, port),
        out: o.out,
        fatal: serviceFailed,
        advice: `check that nothing else uses port ${port} and that ${dir} can be written, or set S3_ENDPOINT to a storage service of your own`,
        policy,
      });
      const s3 = storage.service;
      const supervised = storage;
      stops.push(() => supervised.stop());
      Object.assign(env, { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey });
      o.out(`[launcher] embedded S3 on ${s3.endpoint} (objects in ${dir})`);
    }
    if (o.serveWeb) env.WEB_DIST ??= join(o.root, 'dist/web/browser');

    const seed = o.seedDemo ? await runSeed(o.root, env, o.out) : null;

    const supervise = (name: string, script: string): Supervised => {
      const s = new Supervised(name, () => startChild(name, join(o.root, script), env, o.out), o.out, o.restartPolicy);
      stops.push(() => s.stop());
      return s;
    };
    const api = supervise('api', 'dist/apps/api/src/main.js');
    const worker = supervise('worker', 'dist/apps/worker/src/main.js');
    const url = `http://127.0.0.1:${o.port}`;
    // generous by default: a loaded 2-core machine took 86 s
    await waitForHealth(url, api, o.healthTimeoutMs ?? 180_000);
    return {
      url,
      pgDataDir,
      env,
      seed,
      api,
      worker,
      postgres,
      storage,
      restarts: () => ({ api: api.restarts, worker: worker.restarts }),
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function runSeed(root: string, env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<DemoSeed> {
  const lines: string[] = [];
  const seeder = startChild(
    'seed',
    join(root, 'dist/apps/api/src/seed/demo-seed.js'),
    env,
    (line) => lines.push(line),
    true,
  );
  const code = await seeder.exited;
  const result = lines.find((l) => l.startsWith('{"created"'));
  if (code !== 0 || !result) {
    for (const l of lines) out(`[seed] ${l}`);
    throw new LaunchError(
      `Seeding the demo organisation failed (exit code ${code}, lines above): fix what they say, or start with SEED_DEMO=false.`,
    );
  }
  return JSON.parse(result) as DemoSeed;
}

async function waitForHealth(url: string, api: Supervised, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (api.process.exitCode !== null)
      throw new LaunchError(
        `The API stopped before it was healthy (exit code ${api.process.exitCode}): the line above it printed says why.`,
      );
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new LaunchError(
    `The API did not become healthy within ${timeoutMs / 1000} s (${last}): check the lines above, and that the database and storage answer.`,
  );
}

/**
 * What would otherwise fail later with a stack trace: the configuration (checked with the API's own
 * rules; the embedded services' addresses are filled in later, so placeholders stand in for them),
 * the HTTP port, ffmpeg.
 */
async function checkBeforeStart(env: NodeJS.ProcessEnv, port: number): Promise<void> {
  const later: Record<string, string> = {
    DATABASE_URL: 'postgres://embedded@127.0.0.1/atelier',
    S3_ENDPOINT: 'http://127.0.0.1:9',
    S3_ACCESS_KEY: 'embedded',
    S3_SECRET_KEY: 'embedded',
  };
  try {
    loadConfig({ ...env, ...Object.fromEntries(Object.entries(later).filter(([k]) => !env[k])) });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new LaunchError(
      `The configuration is wrong — ${e.problems.join('; ')} — fix ${e.problems.length > 1 ? 'these variables' : 'this variable'} and start again.`,
    );
  }
  if (!(await portIsFree(port))) {
    throw new LaunchError(
      `Port ${port} is already in use (another Atelier, or another program): stop it, or choose another port, e.g. PORT=${port + 1} npm start.`,
    );
  }
  const ffmpeg = env.FFMPEG_PATH || 'ffmpeg';
  const probe = spawnSync(ffmpeg, ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new LaunchError(
      `ffmpeg was not found at "${ffmpeg}" (clips and films need it): install it (apt-get install ffmpeg), or set FFMPEG_PATH to where it is.`,
    );
  }
}

export function repoRoot(fromDistFile: string): string {
  return resolve(fromDistFile, '../../../../..');
}
