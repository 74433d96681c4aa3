import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../apps/launcher/src/embedded-postgres.js';
import { startEmbeddedS3, type EmbeddedStorage } from '../../apps/launcher/src/embedded-s3.js';
import { freePort } from '../../apps/launcher/src/ports.js';
import { startStack, type Stack } from '../../apps/launcher/src/stack.js';

/**
 * A whole platform of its own (API + worker from dist/, embedded PostgreSQL and S3 in a temporary
 * directory) for tests that stop and start its PostgreSQL or its S3 — faults no shared stack may see.
 */
export class FaultStack {
  readonly log: string[] = [];
  stack!: Stack;
  private db!: EmbeddedDatabase;
  private s3!: EmbeddedStorage | null;
  private dir!: string;
  private pgPort = 0;
  private s3Port = 0;

  async start(extraEnv: Record<string, string> = {}): Promise<this> {
    this.dir = await mkdtemp(join(tmpdir(), 'atelier-faults-'));
    await chmod(this.dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
    this.pgPort = await freePort();
    this.db = await startEmbeddedPostgres(join(this.dir, 'pg'), this.pgPort, 'atelier', (l) =>
      this.log.push(`[pg] ${l}`),
    );
    this.s3Port = await freePort();
    this.s3 = await startEmbeddedS3(join(this.dir, 's3'), this.s3Port);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: 'info',
      DATABASE_URL: this.db.url,
      S3_ENDPOINT: this.s3.endpoint,
      S3_ACCESS_KEY: this.s3.accessKey,
      S3_SECRET_KEY: this.s3.secretKey,
      TRANSCODE_CONCURRENCY: '1',
      X264_PRESET: 'ultrafast',
      ...extraEnv,
    };
    for (const name of ['REDIS_URL', 'PUBLIC_URL', 'WEB_DIST', 'PORT', 'S3_BUCKET']) delete env[name];
    const root = resolve(import.meta.dirname, '../..');
    this.stack = await startStack({
      root,
      dataDir: this.dir,
      port: await freePort(),
      env,
      serveWeb: false,
      seedDemo: true,
      healthTimeoutMs: 240_000,
      out: (l) => this.log.push(l),
    });
    return this;
  }

  get url(): string {
    return this.stack.url;
  }

  /** Stops PostgreSQL (fast shutdown: every session is terminated), waits `downMs`, starts it again on the same port. */
  async restartPostgres(downMs: number): Promise<{ stoppedAt: number; backAt: number }> {
    const stoppedAt = Date.now();
    await this.db.stop();
    await new Promise((r) => setTimeout(r, downMs));
    this.db = await startEmbeddedPostgres(join(this.dir, 'pg'), this.pgPort, 'atelier', (l) =>
      this.log.push(`[pg] ${l}`),
    );
    return { stoppedAt, backAt: Date.now() };
  }

  async stopS3(): Promise<void> {
    await this.s3?.stop();
    this.s3 = null;
  }

  /** Starts S3 again on the same port over the same objects (the clients' endpoint does not change). */
  async startS3(): Promise<void> {
    this.s3 = await startEmbeddedS3(join(this.dir, 's3'), this.s3Port);
  }

  /** Exit codes of the API and the worker (null: still running). */
  exits(): { api: number | string | null; worker: number | string | null } {
    const code = (p: Stack['api']['process']) => p.exitCode ?? p.signalCode ?? null;
    return { api: code(this.stack.api.process), worker: code(this.stack.worker.process) };
  }

  tail(n = 60): string {
    return this.log
      .filter((l) => !/ GET \/api\/clips\//.test(l))
      .slice(-n)
      .join('\n');
  }

  async stop(): Promise<void> {
    await this.stack?.stop().catch(() => undefined);
    await this.s3?.stop().catch(() => undefined);
    await this.db?.stop().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
