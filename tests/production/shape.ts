import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The production shape without Docker: Debian's nginx running deploy/nginx.conf (the template
 * docker-compose.yml uses) in front of two API nodes (REALTIME_ADAPTER=postgres) and two workers, on
 * the machine's own PostgreSQL server (a fresh database, dropped at the end) and the embedded S3
 * server as the S3 endpoint. Migrations run first, as their own command, as in docker-compose.
 */
export const root = join(import.meta.dirname, '../..');

/** Debian's nginx, if installed (`apt-get install nginx`; .ci/run installs it when missing). */
export function nginxBinary(): string | null {
  for (const p of [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx']) if (p && existsSync(p)) return p;
  return null;
}

/** The machine's PostgreSQL server: ATELIER_PROD_PG_URL, or the local one with trust auth. */
export const adminDatabaseUrl = (): string =>
  process.env.ATELIER_PROD_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Fills deploy/nginx.conf's ${ATELIER_…} variables as envsubst does in the nginx image (only those:
 * nginx's own $variables stay), and fails on one the caller did not give.
 */
export function renderNginxTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(ATELIER_\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`deploy/nginx.conf uses \${${name}}, which the production suite does not set`);
    return v;
  });
}

interface Proc {
  name: string;
  child: ChildProcess;
}

export interface Shape {
  /** nginx's address: the only one the tests talk to (besides the nodes' internal /metrics). */
  url: string;
  nodes: string[];
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  stop(): Promise<void>;
}

async function waitFor(what: string, check: () => Promise<boolean>, procs: Proc[], ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const dead = procs.find((p) => p.child.exitCode !== null);
    if (dead)
      throw new Error(
        `${dead.name} exited with code ${dead.child.exitCode} while waiting for ${what} (see the shape's log)`,
      );
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up within ${ms / 1000} s`);
}

function node(args: string[], env: NodeJS.ProcessEnv, log: WriteStream, name: string): Proc {
  const child = spawn(process.execPath, ['--enable-source-maps', '--max-semi-space-size=4', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const s of [child.stdout, child.stderr])
    createInterface({ input: s }).on('line', (line) => log.write(`[${name}] ${line}\n`));
  return { name, child };
}

async function stopProc(p: Proc, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Runs the admin command line (dist/apps/api/src/cli.js) with the shape's environment. */
export function cli(shape: Pick<Shape, 'env'>, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(root, 'dist/apps/api/src/cli.js'), ...args], {
    env: shape.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

export async function startShape(logPath: string): Promise<Shape> {
  const nginx = nginxBinary()!;
  const dir = await mkdtemp(join(tmpdir(), 'atelier-prod-'));
  const log = createWriteStream(logPath);
  const procs: Proc[] = [];
  const cleanups: Array<() => Promise<void>> = [async () => void (await rm(dir, { recursive: true, force: true }))];
  const stop = async (): Promise<void> => {
    for (const p of [...procs].reverse())
      await stopProc(p, p.name === 'nginx' ? 'SIGQUIT' : 'SIGTERM').catch(() => undefined);
    for (const c of cleanups.reverse())
      await c().catch((e: unknown) => log.write(`[shape] cleanup failed: ${String(e)}\n`));
    log.end();
  };
  try {
    // A fresh database on the machine's PostgreSQL server, dropped at the end.
    const database = `atelier_prod_${randomBytes(5).toString('hex')}`;
    const admin = new URL(adminDatabaseUrl());
    const adminClient = async <T>(run: (c: pg.Client) => Promise<T>): Promise<T> => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        return await run(c);
      } finally {
        await c.end();
      }
    };
    await adminClient((c) => c.query(`CREATE DATABASE ${database}`));
    cleanups.push(() =>
      adminClient(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`))),
    );
    const dbUrl = new URL(admin);
    dbUrl.pathname = `/${database}`;

    // The embedded S3 server as the S3 endpoint (no MinIO server here).
    const { startEmbeddedS3 } = (await import(
      join(root, 'dist/apps/launcher/src/embedded-s3.js')
      // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- the built module, typed by its source
    )) as typeof import('../../apps/launcher/src/embedded-s3.js');
    const s3 = await startEmbeddedS3(join(dir, 's3'), await freePort());
    cleanups.push(() => s3.stop());

    const [nginxPort, portA, portB] = [await freePort(), await freePort(), await freePort()];
    const url = `http://127.0.0.1:${nginxPort}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl.toString(),
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: 'atelier',
      PUBLIC_URL: url,
      REALTIME_ADAPTER: 'postgres',
      // nginx is on loopback: the only proxy whose X-Forwarded-For the nodes believe.
      TRUST_PROXY: 'loopback',
      WEB_DIST: join(root, 'dist/web/browser'),
      LOG_LEVEL: 'info',
      X264_PRESET: 'ultrafast',
      WORKER_CONCURRENCY: '2',
    };

    // Migrations as their own step, before any API node starts (docker-compose's `migrate` service).
    const migrate = cli({ env }, ['migrate']);
    log.write(`[migrate] ${migrate.out}\n`);
    if (migrate.status !== 0) throw new Error(`cli.js migrate failed (${migrate.status}): ${migrate.out}`);

    const nodes = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    for (const [i, port] of [portA, portB].entries()) {
      procs.push(
        node(
          [join(root, 'dist/apps/api/src/main.js')],
          { ...env, PORT: String(port), HOST: '127.0.0.1' },
          log,
          `api-${'ab'[i]}`,
        ),
      );
    }
    for (const name of ['worker-a', 'worker-b'])
      procs.push(node([join(root, 'dist/apps/worker/src/main.js')], env, log, name));

    // nginx with its own prefix, temp folders and pid file: runs as any user, on a free port.
    const prefix = join(dir, 'nginx');
    for (const sub of ['logs', 'client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
      await mkdir(join(prefix, sub), { recursive: true });
    const site = renderNginxTemplate(readFileSync(join(root, 'deploy/nginx.conf'), 'utf8'), {
      ATELIER_LISTEN: `127.0.0.1:${nginxPort}`,
      ATELIER_API_SERVERS: nodes.map((n) => `server ${new URL(n).host};`).join(' '),
      ATELIER_WEB_ROOT: join(root, 'dist/web/browser'),
    });
    await writeFile(join(prefix, 'atelier.conf'), site);
    const asRoot = process.getuid?.() === 0;
    await writeFile(
      join(prefix, 'nginx.conf'),
      [
        // As root, workers would switch to `nobody`, who may not read a project in /root.
        asRoot ? 'user root;' : '',
        'worker_processes 1;',
        `pid ${join(prefix, 'nginx.pid')};`,
        `error_log ${join(prefix, 'logs/error.log')} warn;`,
        'events { worker_connections 512; }',
        'http {',
        `  include ${existsSync('/etc/nginx/mime.types') ? '/etc/nginx/mime.types' : join(prefix, 'mime.types')};`,
        '  default_type application/octet-stream;',
        `  log_format upstream '$remote_addr "$request" $status $body_bytes_sent -> $upstream_addr';`,
        `  access_log ${join(prefix, 'logs/access.log')} upstream;`,
        `  client_body_temp_path ${join(prefix, 'client_body')};`,
        `  proxy_temp_path ${join(prefix, 'proxy')};`,
        `  fastcgi_temp_path ${join(prefix, 'fastcgi')};`,
        `  uwsgi_temp_path ${join(prefix, 'uwsgi')};`,
        `  scgi_temp_path ${join(prefix, 'scgi')};`,
        `  include ${join(prefix, 'atelier.conf')};`,
        '}',
        '',
      ].join('\n'),
    );
    const check = spawnSync(nginx, ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx -t refused deploy/nginx.conf: ${check.stderr}`);
    procs.push({
      name: 'nginx',
      child: spawn(nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
        stdio: ['ignore', 'inherit', 'inherit'],
      }),
    });

    for (const n of nodes)
      await waitFor(`the API node ${n}`, async () => (await fetch(`${n}/health`)).status === 200, procs);
    await waitFor('nginx', async () => (await fetch(`${url}/health`)).status === 200, procs);
    return { url, nodes, env, databaseUrl: dbUrl.toString(), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Open /boards sockets of one API node, read from its /metrics on the internal network. */
export async function boardSockets(nodeUrl: string): Promise<number> {
  const text = await (await fetch(`${nodeUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('atelier_realtime_sockets{namespace="/boards"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}
