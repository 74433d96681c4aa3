import { ErrorCode, JobName, type DependencyHealth, type HealthReport, type PingResult } from '@atelier/contracts';
import { JobsRepository } from '@atelier/queue';
import { StorageRepository } from '@atelier/storage';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { DatabaseProbe } from './database.probe.js';

const VERSION = process.env.npm_package_version ?? '0.1.0';
/** How long the ping waits for a worker before it says none answered. */
const PING_TIMEOUT_MS = 15_000;

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly database: DatabaseProbe,
    private readonly storage: StorageRepository,
    private readonly jobs: JobsRepository,
    private readonly clock: Clock,
  ) {}

  async report(): Promise<HealthReport> {
    const [database, storage, queue] = await Promise.all([
      this.check(() => this.database.ping()),
      this.check(() => this.storage.ping()),
      this.check(() => this.jobs.ping()),
    ]);
    // Details, not checks: a database that does not answer already shows in `database`.
    const [schemaVersion, lastBackup] = database.ok
      ? await Promise.all([this.database.schemaVersion(), this.database.lastBackup().catch(() => null)])
      : [null, null];
    return {
      status: database.ok && storage.ok && queue.ok ? 'ok' : 'degraded',
      database,
      storage,
      queue,
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      schemaVersion,
      lastBackup,
    };
  }

  /** Sends a `ping` job and waits for a worker to handle it: proves the queue and a worker are alive. */
  async pingWorker(): Promise<PingResult> {
    const started = Date.now();
    const jobId = await this.jobs.enqueue(JobName.Ping, { requestedAt: this.clock.now().toISOString() });
    while (Date.now() - started < PING_TIMEOUT_MS) {
      const job = await this.jobs.state(JobName.Ping, jobId);
      if (job?.state === 'completed' && job.result)
        return { jobId, handledBy: job.result.handledBy, roundTripMs: Date.now() - started };
      if (job?.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new DomainError(
      ErrorCode.WorkerUnavailable,
      `No worker handled the ping within ${PING_TIMEOUT_MS / 1000} s. Is the worker process running?`,
    );
  }

  private async check(probe: () => Promise<void>): Promise<DependencyHealth> {
    const started = performance.now();
    try {
      await probe();
      return { ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (e) {
      return {
        ok: false,
        latencyMs: Math.round(performance.now() - started),
        error: e instanceof Error ? e.message : String(e),
      };
    }
  }
}
