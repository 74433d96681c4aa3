import { JobName, type JobOutcome, type JobPayloads, type JobResults } from '@atelier/contracts';
import { PgBoss } from 'pg-boss';

export interface QueueOptions {
  connectionString: string;
  /** pg-boss keeps its tables in this schema, apart from ours. */
  schema?: string;
}

export interface JobState<N extends JobName> {
  id: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  result: JobResults[N] | null;
}

/**
 * Runs SQL on the caller's connection (an open transaction), so a job can be enqueued atomically
 * with the rows that call for it. pg-boss's own `db` executor shape.
 */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Retry policy per job: transient failures retry with backoff; a handler can refuse retries. */
const RETRY = { retryLimit: 3, retryDelay: 5, retryBackoff: true } as const;

/**
 * The job queue (pg-boss on our PostgreSQL: no extra service). Typed by the payload map in
 * `@atelier/contracts`. The API enqueues; the worker handles.
 */
export class JobsRepository {
  private readonly boss: PgBoss;
  private started = false;

  constructor(options: QueueOptions) {
    this.boss = new PgBoss({ connectionString: options.connectionString, schema: options.schema ?? 'pgboss' });
    this.boss.on('error', (e: Error) => this.onError?.(e));
  }

  onError?: (e: Error) => void;

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const name of Object.values(JobName)) await this.boss.createQueue(name, { ...RETRY });
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<string> {
    const id = await this.boss.send(name, payload as object);
    if (!id) throw new Error(`The queue refused a ${name} job`);
    return id;
  }

  /**
   * Enqueues inside the caller's transaction: the job exists if and only if the transaction
   * commits (e.g. "upload finished" and its probe job are recorded together).
   */
  async enqueueWithin<N extends JobName>(tx: SqlExecutor, name: N, payload: JobPayloads[N]): Promise<string> {
    const id = await this.boss.send(name, payload as object, { db: tx });
    if (!id) throw new Error(`The queue refused a ${name} job`);
    return id;
  }

  /** Runs a job on a cron schedule (one schedule per name, whatever the number of workers). */
  async schedule<N extends JobName>(name: N, cron: string, payload: JobPayloads[N], tz = 'Europe/Brussels'): Promise<void> {
    await this.boss.schedule(name, cron, payload as object, { tz });
  }

  async state<N extends JobName>(name: N, id: string): Promise<JobState<N> | null> {
    const job = await this.boss.getJobById<JobPayloads[N]>(name, id);
    if (!job) return null;
    return { id: job.id, state: job.state as JobState<N>['state'], result: (job.output as JobResults[N] | undefined) ?? null };
  }

  /**
   * Handles jobs of one kind. A `done` outcome completes the job with its result. A `failed` outcome
   * with `retry: true` (or a thrown error) is retried with backoff up to the retry limit; with
   * `retry: false` ("not a video") it is final: the job is closed with `{ failed: reason }` as its
   * output and no retry. The domain state (e.g. a clip's status) is recorded by the handler itself;
   * the queue only tracks delivery.
   */
  async handle<N extends JobName>(
    name: N,
    concurrency: number,
    handler: (payload: JobPayloads[N], jobId: string) => Promise<JobOutcome<N>>,
    report: (jobId: string, outcome: JobOutcome<N>, ms: number) => void,
  ): Promise<void> {
    await this.boss.work<JobPayloads[N], JobResults[N]>(name, { localConcurrency: concurrency, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      const started = Date.now();
      let outcome: JobOutcome<N>;
      try {
        outcome = await handler(job!.data, job!.id);
      } catch (e) {
        outcome = { status: 'failed', reason: e instanceof Error ? e.message : String(e), retry: true };
      }
      report(job!.id, outcome, Date.now() - started);
      if (outcome.status === 'done') return outcome.result;
      if (!outcome.retry) return { failed: outcome.reason } as unknown as JobResults[N];
      throw new Error(outcome.reason);
    });
  }

  /** Round-trip check for /health: the queue's tables answer. */
  async ping(): Promise<void> {
    if (!(await this.boss.getQueue(JobName.Ping))) throw new Error('the ping queue does not exist');
  }
}
