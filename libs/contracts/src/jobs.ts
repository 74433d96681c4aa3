/** Every job the worker knows. Later features add names and payloads here. */
export enum JobName {
  Ping = 'ping',
  /** Daily: reduces marks older than a programme's retention period to totals. */
  AttendanceRetention = 'attendance-retention',
}

export interface JobPayloads {
  [JobName.Ping]: { requestedAt: string };
  [JobName.AttendanceRetention]: Record<string, never>;
}

export interface JobResults {
  [JobName.Ping]: { handledBy: string; handledAt: string };
  [JobName.AttendanceRetention]: { reducedMarks: number };
}

/** What a handler reports back: the worker logs it and the queue stores it with the job. */
export type JobOutcome<N extends JobName> =
  | { status: 'done'; result: JobResults[N] }
  | { status: 'failed'; reason: string; retry: boolean };
