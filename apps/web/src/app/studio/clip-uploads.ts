import { Injectable, signal, type WritableSignal } from '@angular/core';
import { ErrorCode, type ApiError, type UploadLimits } from '@atelier/contracts';
import * as tus from 'tus-js-client';
import { uploadPrecheck, type UploadProblem } from './upload-precheck';
import { ResumeCheckRetryStack } from './resume-check-retry-stack';

/**
 * Bytes per request: small, as phones on prepaid data need (a request cut off by the network loses
 * at most this much), and the same as the server's part size, so each request is one stored part.
 */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Automatic retries after a network drop, then the person decides. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000];

export type UploadState = 'uploading' | 'retrying' | 'done' | 'failed' | 'refused';

export type { UploadProblem } from './upload-precheck';

export interface UploadTask {
  key: string;
  projectId: string;
  file: File;
  sent: WritableSignal<number>;
  state: WritableSignal<UploadState>;
  problem: WritableSignal<UploadProblem | null>;
  /** Bytes already on the server when this upload (re)started: more than 0 means it resumed. */
  resumedFrom: WritableSignal<number>;
  clipId: WritableSignal<string | null>;
  upload: tus.Upload | null;
}

function xsrfToken(): string {
  return /(?:^|;\s*)XSRF-TOKEN=([^;]+)/.exec(document.cookie)?.[1] ?? '';
}

/** The API's refusal (`{code, message, details}`) inside a tus error, if that is what it was. */
function problemOf(error: Error): UploadProblem {
  const res = (error as tus.DetailedError).originalResponse;
  if (res) {
    try {
      const body = JSON.parse(res.getBody()) as ApiError;
      if (body && typeof body.code === 'string') return { code: body.code, details: body.details ?? {} };
    } catch {
      /* not ours */
    }
    return { code: ErrorCode.Internal, details: {} };
  }
  return { code: 'offline', details: {} };
}

/**
 * Clip uploads over tus, with what phones on prepaid data need: limits checked before a byte
 * leaves the phone, automatic retries after a drop, and resumption after the browser was closed —
 * choosing the same file again continues where it stopped (the upload address is remembered in
 * this browser's storage, keyed by project and file).
 */
@Injectable({ providedIn: 'root' })
export class ClipUploads {
  readonly tasks = signal<UploadTask[]>([]);
  /** Bumped whenever an upload finishes, so bins reload. */
  readonly finished = signal(0);

  /** Checks each file against the limits and starts the ones that fit. */
  add(projectId: string, files: File[], limits: UploadLimits): void {
    let used = limits.usedBytes;
    for (const file of files) {
      const task: UploadTask = {
        key: `${projectId}:${file.name}:${file.size}:${file.lastModified}:${Math.random()}`,
        projectId,
        file,
        sent: signal(0),
        state: signal<UploadState>('uploading'),
        problem: signal<UploadProblem | null>(null),
        resumedFrom: signal(0),
        clipId: signal<string | null>(null),
        upload: null,
      };
      const refusal = uploadPrecheck(file, limits, used);
      if (refusal) {
        task.state.set('refused');
        task.problem.set(refusal);
      } else {
        used += file.size;
      }
      this.tasks.update((all) => [task, ...all]);
      if (!refusal) void this.start(task);
    }
  }

  retry(task: UploadTask): void {
    task.problem.set(null);
    task.state.set('uploading');
    void this.start(task);
  }

  async cancel(task: UploadTask): Promise<void> {
    if (task.upload && task.state() !== 'done') await task.upload.abort(true).catch(() => undefined);
    this.dismiss(task);
  }

  dismiss(task: UploadTask): void {
    this.tasks.update((all) => all.filter((t) => t !== task));
  }

  private async start(task: UploadTask): Promise<void> {
    const { file, projectId } = task;
    let first = true;
    const upload = new tus.Upload(file, {
      endpoint: '/api/uploads',
      httpStack: new ResumeCheckRetryStack(new tus.DefaultHttpStack({})),
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS,
      metadata: { projectId, filename: file.name, filetype: file.type },
      headers: { 'X-XSRF-TOKEN': xsrfToken() },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      fingerprint: (f) =>
        Promise.resolve(['atelier-clip', projectId, f.name, f.type, f.size, f.lastModified].join(':')),
      onUploadUrlAvailable: () => task.clipId.set(upload.url?.split('/').pop() ?? null),
      onProgress: (sent) => {
        if (first) {
          first = false;
          task.resumedFrom.set(sent);
        }
        task.sent.set(sent);
        if (task.state() === 'retrying') task.state.set('uploading');
      },
      onShouldRetry: (err, attempt, options) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        const retry =
          (status === 0 || status >= 500 || status === 409 || status === 423) &&
          attempt < (options.retryDelays?.length ?? 0);
        if (retry) task.state.set('retrying');
        return retry;
      },
      onSuccess: () => {
        task.sent.set(file.size);
        task.state.set('done');
        this.finished.update((n) => n + 1);
      },
      onError: (err) => {
        const problem = problemOf(err);
        task.problem.set(problem);
        task.state.set(problem.code === 'offline' || problem.code === ErrorCode.Internal ? 'failed' : 'refused');
      },
    });
    task.upload = upload;
    const previous = await upload.findPreviousUploads().catch(() => []);
    if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
    upload.start();
  }
}
