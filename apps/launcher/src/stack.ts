import { join, resolve } from 'node:path';
import { startChild } from './child.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { startEmbeddedS3, type EmbeddedStorage } from './embedded-s3.js';
import { freePort } from './ports.js';
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
  env: NodeJS.ProcessEnv;
  seed: DemoSeed | null;
  /** The API and the worker, restarted with backoff when they crash. */
  api: Supervised;
  worker: Supervised;
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
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => o.out(`[launcher] stop failed: ${String(e)}`));
    stops.length = 0;
  };
  try {
    const env: NodeJS.ProcessEnv = { ...o.env, PORT: String(o.port), NODE_ENV: o.env.NODE_ENV ?? 'production' };
    env.PUBLIC_URL ??= `http://localhost:${o.port}`;
    if (!env.DATABASE_URL) {
      const port = await freePort(Number(env.EMBEDDED_PG_PORT ?? 54329));
      const db: EmbeddedDatabase = await startEmbeddedPostgres(join(o.dataDir, 'pg'), port, 'atelier', o.out);
      stops.push(db.stop);
      env.DATABASE_URL = db.url;
      o.out(`[launcher] embedded PostgreSQL on 127.0.0.1:${port} (data in ${join(o.dataDir, 'pg')})`);
    }
    if (!env.S3_ENDPOINT) {
      const port = await freePort(Number(env.EMBEDDED_S3_PORT ?? 9090));
      const s3: EmbeddedStorage = await startEmbeddedS3(join(o.dataDir, 's3'), port);
      stops.push(s3.stop);
      Object.assign(env, { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey });
      o.out(`[launcher] embedded S3 on ${s3.endpoint} (objects in ${join(o.dataDir, 's3')})`);
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
    await waitForHealth(url, api, o.healthTimeoutMs ?? 60_000);
    return { url, env, seed, api, worker, restarts: () => ({ api: api.restarts, worker: worker.restarts }), stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function runSeed(root: string, env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<DemoSeed> {
  const lines: string[] = [];
  const seeder = startChild('seed', join(root, 'dist/apps/api/src/seed/demo-seed.js'), env, (line) => lines.push(line), true);
  const code = await seeder.exited;
  const result = lines.find((l) => l.startsWith('{"created"'));
  if (code !== 0 || !result) {
    for (const l of lines) out(`[seed] ${l}`);
    throw new Error(`Seeding the demo organisation failed (exit code ${code})`);
  }
  return JSON.parse(result) as DemoSeed;
}

async function waitForHealth(url: string, api: Supervised, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (api.process.exitCode !== null) throw new Error(`The API exited with code ${api.process.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The API did not become healthy within ${timeoutMs / 1000} s (${last})`);
}

export function repoRoot(fromDistFile: string): string {
  return resolve(fromDistFile, '../../../../..');
}
