/** Every job the worker knows. Later features add names and payloads here. */
export enum JobName {
  Ping = 'ping',
  /** Daily: reduces marks older than a programme's retention period to totals. */
  AttendanceRetention = 'attendance-retention',
  /** ffprobe a finished upload: reject what is not media, record kind/duration/size, then enqueue transcode. */
  ProbeClip = 'probe-clip',
  /** One ffmpeg invocation: MP4 proxy + HLS ladder + poster + thumbnail strip (or AAC + waveform). */
  TranscodeClip = 'transcode-clip',
  /** Daily: aborts resumable uploads idle for more than 7 days and frees their bytes. */
  UploadCleanup = 'upload-cleanup',
  /** Turns a saved timeline version into the documentary: master MP4 + HLS ladder + poster under `renders/<renderId>/`. */
  Render = 'render',
  /** Daily when BACKUP_DIR or BACKUP_S3_URL is set: one backup, then only the newest BACKUP_RETENTION kept. */
  Backup = 'backup',
  /**
   * Dead letters: a probe or transcode job that ended failed for any reason — retries spent, the
   * worker's heartbeat lost on the last attempt (it died), expired — so its clip is marked failed.
   */
  ClipJobFailed = 'clip-job-failed',
  /** Dead letters of render jobs, for the same reason. */
  RenderJobFailed = 'render-job-failed',
  /** Daily: deletes the segment encodes kept for renders, unused for RENDER_CACHE_RETENTION_DAYS or of a deleted project. */
  RenderCacheRetention = 'render-cache-retention',
}

export interface JobPayloads {
  [JobName.Ping]: { requestedAt: string };
  [JobName.AttendanceRetention]: Record<string, never>;
  [JobName.ProbeClip]: { clipId: string };
  [JobName.TranscodeClip]: { clipId: string };
  [JobName.UploadCleanup]: Record<string, never>;
  [JobName.Render]: { renderId: string };
  [JobName.Backup]: Record<string, never>;
  [JobName.ClipJobFailed]: { clipId: string };
  [JobName.RenderJobFailed]: { renderId: string };
  [JobName.RenderCacheRetention]: Record<string, never>;
}

export interface JobResults {
  [JobName.Ping]: { handledBy: string; handledAt: string };
  [JobName.AttendanceRetention]: { reducedMarks: number };
  [JobName.ProbeClip]: { clipId: string; kind: string | null; failure: string | null };
  [JobName.TranscodeClip]: { clipId: string; outputs: number };
  [JobName.UploadCleanup]: { removedUploads: number; freedBytes: number };
  /** `encodedSegments`/`reusedSegments`: segments encoded by this run, and restored from the project's segment cache. */
  [JobName.Render]: {
    renderId: string;
    status: string;
    outputs: number;
    encodedSegments?: number;
    reusedSegments?: number;
  };
  [JobName.Backup]: { location: string; sizeBytes: number; objects: number; pruned: number };
  [JobName.ClipJobFailed]: { clipId: string; markedFailed: boolean };
  [JobName.RenderJobFailed]: { renderId: string; markedFailed: boolean };
  [JobName.RenderCacheRetention]: { removedSegments: number; freedBytes: number };
}

/** What a handler reports back: the worker logs it and the queue stores it with the job. */
export type JobOutcome<N extends JobName> =
  { status: 'done'; result: JobResults[N] } | { status: 'failed'; reason: string; retry: boolean };
