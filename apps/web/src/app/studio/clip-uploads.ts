import { computed, Injectable, signal, type WritableSignal } from '@angular/core';
import { ErrorCode, type ApiError, type UploadLimits } from '@atelier/contracts';
import * as tus from 'tus-js-client';
import { uploadPrecheck, type UploadProblem } from './upload-precheck';
import { ResumeCheckRetryStack } from './resume-check-retry-stack';
import { networkKind, onNetworkChange, type NetworkKind } from './upload-network';
import { mayKeepFile, uploadKey, uploadStore, type StoredUpload } from './upload-store';

/**
 * Bytes per request: small, as phones on prepaid data need (a request cut off by the network loses
 * at most this much), and the same as the server's part size, so each request is one stored part.
 */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Automatic retries after a network drop, then the person decides. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000];
/** This device's "send only on Wi-Fi" choice. */
const WIFI_ONLY_KEY = 'atelier.uploads.wifiOnly';

/**
 * `needsFile`: restored after the page was closed, but the file was too big to keep in the browser:
 * the person chooses it again. `waitingForWifi`: held back by "send only on Wi-Fi" on mobile data.
 */
export type UploadState = 'uploading' | 'retrying' | 'done' | 'failed' | 'refused' | 'needsFile' | 'waitingForWifi';

export type { UploadProblem } from './upload-precheck';

/** An upload in the list: what is kept in the browser (see `StoredUpload`), and its live state. */
export interface UploadTask extends Omit<StoredUpload, 'blob' | 'sent'> {
  /** What is sent: the chosen file, or its copy kept in the browser; null until chosen again. */
  file: Blob | null;
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

function newTask(u: Omit<StoredUpload, 'blob'>, file: Blob | null): UploadTask {
  return {
    ...u,
    file,
    sent: signal(u.sent),
    state: signal<UploadState>('uploading'),
    problem: signal<UploadProblem | null>(null),
    resumedFrom: signal(0),
    clipId: signal<string | null>(u.url?.split('/').pop() ?? null),
    upload: null,
  };
}

/**
 * Clip uploads over tus, with what phones on prepaid data need: limits checked before a byte
 * leaves the phone, automatic retries after a drop, "send only on Wi-Fi", and an upload list that
 * survives a closed tab or browser (kept in IndexedDB, see `upload-store.ts`): when the page opens
 * again each unfinished upload is back in the list and continues from the bytes the server has —
 * on its own when the file was small enough to keep, once the person chooses it again otherwise.
 */
@Injectable({ providedIn: 'root' })
export class ClipUploads {
  readonly tasks = signal<UploadTask[]>([]);
  /** Bumped whenever an upload finishes, so bins reload. */
  readonly finished = signal(0);
  readonly wifiOnly = signal(localStorage.getItem(WIFI_ONLY_KEY) === 'true');
  readonly network = signal<NetworkKind>(networkKind());
  /** Uploads wait: the person asked for Wi-Fi only and the browser reports mobile data. */
  readonly heldBack = computed(() => this.wifiOnly() && this.network() === 'cellular');
  /** Resolves once the uploads of an earlier visit are back in the list. */
  readonly restored: Promise<void>;

  constructor() {
    onNetworkChange(() => {
      this.network.set(networkKind());
      this.applyNetwork();
    });
    this.restored = this.restore();
  }

  setWifiOnly(on: boolean): void {
    localStorage.setItem(WIFI_ONLY_KEY, String(on));
    this.wifiOnly.set(on);
    this.applyNetwork();
  }

  /** Checks each file against the limits and starts the ones that fit. */
  add(projectId: string, files: File[], limits: UploadLimits): void {
    let used = limits.usedBytes;
    for (const file of files) {
      const key = uploadKey(projectId, file);
      const known = this.tasks().find((t) => t.key === key);
      if (known && known.state() === 'needsFile') {
        this.reattach(known, file);
        continue;
      }
      // The same file twice: the upload already in the list goes on (tus would resume it anyway).
      if (known && known.state() !== 'done' && known.state() !== 'refused') continue;
      if (known) this.dismiss(known);
      const meta = { name: file.name, type: file.type, size: file.size, lastModified: file.lastModified };
      const task = newTask({ key, projectId, ...meta, url: null, sent: 0 }, file);
      const refusal = uploadPrecheck(file, limits, used);
      if (refusal) {
        task.state.set('refused');
        task.problem.set(refusal);
      } else {
        used += file.size;
      }
      this.tasks.update((all) => [task, ...all]);
      if (refusal) continue;
      void this.remember(task, file);
      this.start(task);
    }
  }

  /** The file chosen again for an upload restored without it; false when it is not the same file. */
  reattach(task: UploadTask, file: File): boolean {
    if (uploadKey(task.projectId, file) !== task.key) {
      task.problem.set({ code: 'not_same_file', details: { filename: task.name } });
      return false;
    }
    task.file = file;
    task.problem.set(null);
    this.start(task);
    return true;
  }

  retry(task: UploadTask): void {
    task.problem.set(null);
    this.start(task);
  }

  async cancel(task: UploadTask): Promise<void> {
    if (task.state() !== 'done') {
      if (task.upload) await task.upload.abort(true).catch(() => undefined);
      else if (task.url)
        await tus.Upload.terminate(task.url, { headers: { 'X-XSRF-TOKEN': xsrfToken() } }).catch(() => undefined);
    }
    this.dismiss(task);
  }

  dismiss(task: UploadTask): void {
    this.tasks.update((all) => all.filter((t) => t !== task));
    void uploadStore.remove(task.key);
  }

  private async remember(task: UploadTask, file: File): Promise<void> {
    const keep = await mayKeepFile(file.size);
    const { key, projectId, name, type, size, lastModified } = task;
    await uploadStore.put({
      key,
      projectId,
      name,
      type,
      size,
      lastModified,
      url: task.url,
      sent: task.sent(),
      blob: keep ? file : null,
    });
  }

  /** The uploads an earlier visit left unfinished, back in the list (and going on when they can). */
  private async restore(): Promise<void> {
    const stored = await uploadStore.all().catch(() => []);
    for (const s of stored) {
      if (this.tasks().some((t) => t.key === s.key)) continue;
      const task = newTask(s, s.blob);
      this.tasks.update((all) => [...all, task]);
      this.start(task);
    }
  }

  /** Holds uploads back on mobile data when asked to, and lets them go again on Wi-Fi. */
  private applyNetwork(): void {
    for (const task of this.tasks()) {
      const state = task.state();
      if (this.heldBack() && (state === 'uploading' || state === 'retrying')) {
        const upload = task.upload;
        task.upload = null;
        task.state.set('waitingForWifi');
        void upload?.abort(false).catch(() => undefined);
      } else if (!this.heldBack() && state === 'waitingForWifi') {
        this.start(task);
      }
    }
  }

  private start(task: UploadTask): void {
    const { file, projectId } = task;
    if (!file) return task.state.set('needsFile');
    if (this.heldBack()) return task.state.set('waitingForWifi');
    task.state.set('uploading');
    let first = true;
    const upload = new tus.Upload(file, {
      endpoint: '/api/uploads',
      uploadUrl: task.url,
      httpStack: new ResumeCheckRetryStack(new tus.DefaultHttpStack({})),
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS,
      metadata: { projectId, filename: task.name, filetype: task.type },
      headers: { 'X-XSRF-TOKEN': xsrfToken() },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      fingerprint: () => Promise.resolve(task.key),
      onUploadUrlAvailable: () => {
        task.url = upload.url;
        task.clipId.set(upload.url?.split('/').pop() ?? null);
        void uploadStore.patch(task.key, { url: upload.url });
      },
      onProgress: (sent) => {
        if (first) {
          first = false;
          task.resumedFrom.set(sent);
        }
        task.sent.set(sent);
        if (task.state() === 'retrying') task.state.set('uploading');
      },
      onChunkComplete: (_, accepted) => void uploadStore.patch(task.key, { sent: accepted }),
      onShouldRetry: (err, attempt, options) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        const retry =
          (status === 0 || status >= 500 || status === 409 || status === 423) &&
          attempt < (options.retryDelays?.length ?? 0);
        if (retry) task.state.set('retrying');
        return retry;
      },
      onSuccess: () => {
        task.sent.set(task.size);
        task.state.set('done');
        void uploadStore.remove(task.key);
        this.finished.update((n) => n + 1);
      },
      onError: (err) => {
        if (task.upload !== upload) return;
        const problem = problemOf(err);
        task.problem.set(problem);
        const failed = problem.code === 'offline' || problem.code === ErrorCode.Internal;
        task.state.set(failed ? 'failed' : 'refused');
        if (!failed) void uploadStore.remove(task.key);
      },
    });
    task.upload = upload;
    if (!task.url) {
      void upload
        .findPreviousUploads()
        .catch(() => [])
        .then((previous) => {
          if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
          if (task.upload === upload) upload.start();
        });
    } else {
      upload.start();
    }
  }
}
