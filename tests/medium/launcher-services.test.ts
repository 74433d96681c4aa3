import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LaunchError } from '../../apps/launcher/src/launch-error.js';
import { freePort } from '../../apps/launcher/src/ports.js';
import { startStack, type Stack } from '../../apps/launcher/src/stack.js';
import { newClient } from '../support/e2e.js';

/**
 * `npm start` with its embedded PostgreSQL (a process of its own): killed with kill -9, it is
 * restarted by the launcher (loudly), the API and the worker keep running and answer again; when
 * it cannot be restarted (its port taken meanwhile), the platform stops with one sentence.
 */
const log: string[] = [];
let dir: string;
let stack: Stack;
let pgPort: number;
let fatal: LaunchError | null = null;

async function until<T>(what: string, read: () => Promise<T | null | false>, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await read().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what} after ${seconds} s\n${log.slice(-40).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A request that needs the database: signing in as the demo trainer. */
async function signIn(): Promise<boolean> {
  const trainer = stack.seed!.staff.find((s) => s.role === 'trainer')!;
  await newClient().signIn(trainer.email, stack.seed!.password!);
  return true;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-launcher-services-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
  pgPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'info',
    EMBEDDED_PG_PORT: String(pgPort),
    EMBEDDED_S3_PORT: String(await freePort()),
  };
  for (const name of [
    'DATABASE_URL',
    'S3_ENDPOINT',
    'S3_ACCESS_KEY',
    'S3_SECRET_KEY',
    'S3_BUCKET',
    'REDIS_URL',
    'PUBLIC_URL',
    'WEB_DIST',
    'PORT',
  ])
    delete env[name];
  stack = await startStack({
    root: resolve(import.meta.dirname, '../..'),
    dataDir: dir,
    port: await freePort(),
    env,
    serveWeb: false,
    seedDemo: true,
    healthTimeoutMs: 240_000,
    serviceRestartPolicy: { attempts: 5, firstDelayMs: 500, maxDelayMs: 8000 },
    onFatal: (e) => (fatal = e),
    out: (l) => log.push(l),
  });
  process.env.ATELIER_E2E_URL = stack.url;
}, 300_000);

afterAll(async () => {
  await stack?.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}, 60_000);

describe('the launcher supervising its embedded PostgreSQL', () => {
  it('restarts PostgreSQL killed with kill -9; the API and the worker stay up and answer again', async () => {
    expect(await signIn()).toBe(true);
    const pid = stack.postgres!.service.pid;
    const killed = Date.now();
    process.kill(pid, 'SIGKILL');
    await until('PostgreSQL to be restarted', async () => stack.postgres!.restarts === 1, 120);
    expect(stack.postgres!.service.pid).not.toBe(pid);
    await until('a sign-in to work again', signIn, 120);
    console.log(
      `[launcher, embedded PostgreSQL killed -9] restarted and answering ${Math.round((Date.now() - killed) / 1000)} s after the kill; ` +
        `API/worker restarts ${JSON.stringify(stack.restarts())}`,
    );
    expect(log.filter((l) => l.includes('[launcher] !!! the embedded PostgreSQL was killed (SIGKILL)'))).toHaveLength(
      1,
    );
    expect(stack.restarts()).toEqual({ api: 0, worker: 0 });
    expect([stack.api.process.exitCode, stack.worker.process.exitCode]).toEqual([null, null]);
    expect(fatal).toBeNull();
  }, 300_000);

  it('stops the platform with one sentence when PostgreSQL cannot be restarted (its port taken meanwhile)', async () => {
    const squatter = createServer();
    process.kill(stack.postgres!.service.pid, 'SIGKILL');
    await until(
      'the port to be free to take',
      () =>
        new Promise<boolean>((ok) =>
          squatter.once('error', () => ok(false)).listen(pgPort, '127.0.0.1', () => ok(true)),
        ),
      30,
    );
    try {
      const sentence = await until('the launcher to give up', async () => fatal?.message ?? null, 120);
      expect(sentence).not.toContain('\n');
      expect(sentence).toMatch(
        /^The embedded PostgreSQL stopped and could not be restarted after 5 tries \(.+\): check that nothing else uses port \d+/,
      );
      expect(sentence).toContain(`port ${pgPort}`);
      // the platform is stopped, not left half-running
      await until(
        'the API and the worker to be stopped',
        async () => stack.api.process.exitCode !== null || stack.api.process.signalCode !== null,
        30,
      );
      expect(stack.worker.process.exitCode !== null || stack.worker.process.signalCode !== null).toBe(true);
      console.log(`[launcher, embedded PostgreSQL cannot restart] ${sentence}`);
    } finally {
      squatter.close();
    }
  }, 300_000);
});
