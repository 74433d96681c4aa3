import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

/**
 * An empty Atelier instance inside the e2e stack's services: a new database in its PostgreSQL and a
 * new bucket in its S3 store (the stack itself holds the demo organisation). For first-run tests.
 */
export interface FreshInstance {
  env: Record<string, string>;
  databaseUrl: string;
}

export async function freshInstance(): Promise<FreshInstance> {
  const stackEnv = JSON.parse(process.env.ATELIER_E2E_STACK_ENV!) as Record<string, string>;
  const name = `atelier_fresh_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: stackEnv['DATABASE_URL'] });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(stackEnv['DATABASE_URL']!);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return { databaseUrl, env: { ...stackEnv, DATABASE_URL: databaseUrl, S3_BUCKET: name.replace(/_/g, '-') } };
}

/** Runs the built admin command line against an instance; resolves with its exit code and output. */
export async function runAdmin(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/apps/api/src/cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, stdout, stderr };
}

export interface ApiNode {
  url: string;
  child: ChildProcess;
  /** Everything the process printed on stdout so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built API on a free port against an instance (serving the built web client) and waits for /health. */
export async function startApi(env: Record<string, string>, port: number): Promise<ApiNode> {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/apps/api/src/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info',
      WEB_DIST: join(process.cwd(), 'dist/web/browser'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const node: ApiNode = {
    url,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}: ${out.slice(-2000)}`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) return node;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await node.stop();
  throw new Error('the API did not become healthy within 180 s');
}

/** The one-time setup link the API printed, or null. */
export function setupLinkIn(output: string): string | null {
  return /https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+/.exec(output)?.[0] ?? null;
}
