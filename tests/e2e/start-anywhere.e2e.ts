import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * `npm ci && npm start` as root in a fresh VM or container: the project sits in a mode-700 home
 * folder the `postgres` user (who runs embedded PostgreSQL) cannot enter. The launcher must still
 * come up: PostgreSQL's binaries and data go to ATELIER_SHARED_DIR (here a temporary stand-in for
 * /var/lib/atelier), and the banner says where. Only meaningful as root (CI runs as root).
 */
const root = join(import.meta.dirname, '../..');
const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('start-anywhere.e2e.ts: skipped, it checks a start as root and this run is not root');

const made: string[] = [];
let launcher: ChildProcess | undefined;
afterAll(async () => {
  if (launcher && launcher.exitCode === null) {
    launcher.kill('SIGTERM');
    await new Promise((r) => launcher!.once('exit', r));
  }
  for (const dir of made) await rm(dir, { recursive: true, force: true });
}, 60_000);

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

(asRoot ? describe : describe.skip)('npm start as root from a folder the postgres user cannot reach', () => {
  it('comes up, with PostgreSQL in the shared folder the banner names', async () => {
    const home = await mkdtemp(join(tmpdir(), 'atelier-root-home-'));
    made.push(home);
    await chmod(home, 0o700);
    const project = join(home, 'atelier');
    await mkdir(project);
    // The installed project, as `npm ci && npm run build` leaves it (hard links: quick, no copy).
    for (const part of ['node_modules', 'dist', 'package.json']) {
      const cp = spawnSync('cp', ['-al', join(root, part), join(project, part)]);
      expect(cp.status).toBe(0);
    }
    const shared = await mkdtemp(join(tmpdir(), 'atelier-shared-'));
    made.push(shared);
    await chmod(shared, 0o755);

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      EMBEDDED_PG_PORT: '0',
      EMBEDDED_S3_PORT: '0',
      SEED_DEMO: 'false',
      ATELIER_SHARED_DIR: shared,
    };
    for (const name of [
      'DATABASE_URL',
      'S3_ENDPOINT',
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
      'REDIS_URL',
      'PUBLIC_URL',
      'WEB_DIST',
      'ATELIER_DATA_DIR',
    ])
      delete env[name];
    launcher = spawn(process.execPath, [join(project, 'dist/apps/launcher/src/main.js')], {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    for (const s of [launcher.stdout!, launcher.stderr!])
      createInterface({ input: s }).on('line', (l) => lines.push(l));
    const exited = new Promise<number | null>((r) => launcher!.once('exit', r));

    const running = await Promise.race([
      (async () => {
        while (!lines.some((l) => l.includes('Atelier is running'))) await new Promise((r) => setTimeout(r, 250));
        return true;
      })(),
      exited.then(() => false),
    ]);
    expect({ running, output: running ? '' : lines.join('\n') }).toEqual({ running: true, output: '' });

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const banner = lines.find((l) => l.includes('PostgreSQL data:'));
    expect(banner).toContain(shared);
    expect(lines.join('\n')).not.toMatch(/EACCES|\n\s+at /);

    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 300_000);
});
