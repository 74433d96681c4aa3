import { JobName, type JobOutcome, type JobPayloads, type JobResults } from '@atelier/contracts';
import { PgBoss } from 'pg-boss';

export interface QueueOptions {
  connectionString: string;
  /** pg-boss keeps its tables in this schema, apart from ours. */
  schema?: string;
  /**
   * How often this instance looks for expired jobs and jobs whose worker stopped sending heartbeats
   * (pg-boss's supervision; any one instance does it for all). Default 60 s; tests shorten it.
   */
  superviseIntervalSeconds?: number;
}

/** Which delivery of a job a handler holds. */
export interface Delivery {
  jobId: string;
  /** 0 on the first delivery, then 1, 2, … (failures, expiries and lost heartbeats each count). */
  retryCount: number;
  /** No retry will follow if this delivery fails: the handler should record the final state. */
  lastAttempt: boolean;
  /** Aborted when this worker lost the job (expired, or its heartbeat was not seen in time). */
  signal: AbortSignal;
}

export interface JobState<N extends JobName> {
  id: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  result: JobResults[N] | null;
  /** Deliveries after the first (a failure, an expiry or a lost heartbeat each count one). */
  retryCount: number;
}

/**
 * Runs SQL on the caller's connection (an open transaction), so a job can be enqueued atomically
 * with the rows that call for it. pg-boss's own `db` executor shape.
 */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Retry policy per job: transient failures retry with backoff; a handler can refuse retries. */
const RETRY = { retryLimit: 3, retryDelay: 5, retryBackoff: true, retryDelayMax: 300 } as const;

/**
 * Per-queue delivery settings. Media jobs run for minutes in a child ffmpeg process, so they hold
 * their job with a heartbeat (pg-boss refreshes it every heartbeatSeconds / 2 while the handler
 * runs): a worker killed with `kill -9` stops the heartbeat, and supervision hands the job to
 * another worker after at most heartbeatSeconds + the supervision interval, instead of waiting out
 * the whole expiry. `expireInSeconds` still bounds a job whose worker is alive but stuck.
 */
export const QUEUE_POLICIES: Partial<Record<JobName, { expireInSeconds: number; heartbeatSeconds?: number }>> = {
  [JobName.ProbeClip]: { expireInSeconds: 30 * 60, heartbeatSeconds: 30 },
  [JobName.TranscodeClip]: { expireInSeconds: 6 * 3600, heartbeatSeconds: 30 },
  [JobName.UploadCleanup]: { expireInSeconds: 60 * 60 },
  [JobName.Render]: { expireInSeconds: 12 * 3600, heartbeatSeconds: 30 },
  [JobName.Backup]: { expireInSeconds: 12 * 3600 },
};

/**
 * Where a job goes when it ends failed for any reason — retries spent, a lost heartbeat or an expiry
 * on the last attempt included (pg-boss copies it to its dead-letter queue). Handlers of those queues
 * record the failure on the clip or render, which no handler of the original job could do once its
 * worker was dead.
 */
export const DEAD_LETTERS: Partial<Record<JobName, JobName>> = {
  [JobName.ProbeClip]: JobName.ClipJobFailed,
  [JobName.TranscodeClip]: JobName.ClipJobFailed,
  [JobName.Render]: JobName.RenderJobFailed,
};

/**
 * The job queue (pg-boss on our PostgreSQL: no extra service). Typed by the payload map in
 * `@atelier/contracts`. The API enqueues; the worker handles.
 */
export class JobsRepository {
  private readonly boss: PgBoss;
  private started = false;

  constructor(options: QueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema ?? 'pgboss',
      ...(options.superviseIntervalSeconds
        ? {
            superviseIntervalSeconds: options.superviseIntervalSeconds,
            monitorIntervalSeconds: options.superviseIntervalSeconds,
          }
        : {}),
    });
    this.boss.on('error', (e: Error) => this.onError?.(e));
  }

  onError?: (e: Error) => void;

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    // Dead-letter queues first: a queue may only name one that exists.
    const targets = new Set(Object.values(DEAD_LETTERS));
    const names = [...Object.values(JobName)].sort((a, b) => Number(targets.has(b)) - Number(targets.has(a)));
    for (const name of names) {
      const deadLetter = DEAD_LETTERS[name];
      const policy = { ...RETRY, ...QUEUE_POLICIES[name], ...(deadLetter ? { deadLetter } : {}) };
      await this.boss.createQueue(name, policy);
      // createQueue keeps an existing queue as it was; bring its expiry and retries up to date
      // (pg-boss cannot change heartbeatSeconds after creation).
      const { heartbeatSeconds: _fixedAtCreation, ...updatable } = policy as typeof policy & {
        heartbeatSeconds?: number;
      };
      await this.boss.updateQueue(name, updatable);
    }
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
  async schedule<N extends JobName>(
    name: N,
    cron: string,
    payload: JobPayloads[N],
    tz = 'Europe/Brussels',
  ): Promise<void> {
    await this.boss.schedule(name, cron, payload, { tz });
  }

  /** Stops a cron schedule (e.g. daily backups once their setting is removed). */
  async unschedule(name: JobName): Promise<void> {
    await this.boss.unschedule(name);
  }

  async state<N extends JobName>(name: N, id: string): Promise<JobState<N> | null> {
    const job = await this.boss.getJobById<JobPayloads[N]>(name, id);
    if (!job) return null;
    return {
      id: job.id,
      state: job.state,
      result: (job.output as JobResults[N] | undefined) ?? null,
      retryCount: job.retryCount,
    };
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
    handler: (payload: JobPayloads[N], delivery: Delivery) => Promise<JobOutcome<N>>,
    report: (jobId: string, outcome: JobOutcome<N>, ms: number) => void,
  ): Promise<void> {
    await this.boss.work<JobPayloads[N], JobResults[N]>(
      name,
      { localConcurrency: concurrency, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        const started = Date.now();
        let outcome: JobOutcome<N>;
        try {
          outcome = await handler(job!.data, {
            jobId: job!.id,
            retryCount: job!.retryCount,
            lastAttempt: job!.retryCount >= RETRY.retryLimit,
            signal: job!.signal,
          });
        } catch (e) {
          outcome = { status: 'failed', reason: e instanceof Error ? e.message : String(e), retry: true };
        }
        report(job!.id, outcome, Date.now() - started);
        if (outcome.status === 'done') return outcome.result;
        if (!outcome.retry) return { failed: outcome.reason } as unknown as JobResults[N];
        throw new Error(outcome.reason);
      },
    );
  }

  /** Round-trip check for /health: the queue's tables answer. */
  async ping(): Promise<void> {
    if (!(await this.boss.getQueue(JobName.Ping))) throw new Error('the ping queue does not exist');
  }
}
