import type { JobName, JobOutcome, JobPayloads } from '@atelier/contracts';
import type { Delivery } from '@atelier/queue';

/** How the worker runs one kind of job: its handler, how many at once on this process, and an optional cron. */
export interface JobRegistration<N extends JobName> {
  handler: (payload: JobPayloads[N], delivery: Delivery) => Promise<JobOutcome<N>>;
  concurrency: number;
  /**
   * Runs the job on this cron (Europe/Brussels), once per schedule whatever the number of workers; `null` removes
   * a schedule an earlier start stored (a job scheduled only when configured).
   */
  schedule?: { cron: string; payload: JobPayloads[N] } | null;
}

/** One registration per job name: a `JobName` without a handler does not compile. */
export type JobRegistrations = { [N in JobName]: JobRegistration<N> };
