/** Every job the worker knows. Later features add names and payloads here. */
export enum JobName {
  Ping = 'ping',
}

export interface JobPayloads {
  [JobName.Ping]: { requestedAt: string };
}

export interface JobResults {
  [JobName.Ping]: { handledBy: string; handledAt: string };
}

/** What a handler reports back: the worker logs it and the queue stores it with the job. */
export type JobOutcome<N extends JobName> =
  | { status: 'done'; result: JobResults[N] }
  | { status: 'failed'; reason: string; retry: boolean };
