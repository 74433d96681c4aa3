import * as tus from 'tus-js-client';
import type { Browserish } from './e2e.js';

/** Headers a signed-in browser sends with each tus request: its cookies and the CSRF echo. */
export function sessionHeaders(c: Browserish): Record<string, string> {
  const h: Record<string, string> = { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const xsrf = c.cookies.get('XSRF-TOKEN');
  if (xsrf) h['x-xsrf-token'] = xsrf;
  return h;
}

export interface TusRun {
  url: string | null;
  /** The first offset the client reported in this run (where a resumed upload started). */
  firstOffset: number | null;
  outcome: 'success' | 'aborted' | 'error';
  error?: tus.DetailedError | Error;
}

/**
 * Runs one real tus-js-client upload (a new client instance each call). `abortAfter` aborts it once
 * that many bytes were sent, like a closed tab; `uploadUrl` resumes an earlier upload.
 */
export function runUpload(
  baseUrl: string,
  c: Browserish,
  input: Buffer | NodeJS.ReadableStream,
  o: {
    projectId: string;
    filename: string;
    filetype: string;
    uploadUrl?: string | null;
    abortAfter?: number;
    chunkSize?: number;
    size?: number;
    onChunk?: (sent: number) => void;
  },
): Promise<TusRun> {
  return new Promise((resolve) => {
    const run: TusRun = { url: o.uploadUrl ?? null, firstOffset: null, outcome: 'error' };
    let aborting = false;
    const upload: tus.Upload = new tus.Upload(input as Buffer, {
      endpoint: `${baseUrl}/api/uploads`,
      uploadUrl: o.uploadUrl ?? null,
      metadata: { projectId: o.projectId, filename: o.filename, filetype: o.filetype },
      headers: sessionHeaders(c),
      chunkSize: o.chunkSize ?? Number.POSITIVE_INFINITY,
      uploadSize: o.size ?? null,
      retryDelays: [],
      removeFingerprintOnSuccess: true,
      onUploadUrlAvailable: () => {
        run.url = upload.url;
      },
      onProgress: (sent) => {
        if (run.firstOffset === null) run.firstOffset = sent;
        if (o.abortAfter !== undefined && sent >= o.abortAfter && !aborting) {
          aborting = true;
          run.outcome = 'aborted';
          void upload.abort(false).then(() => resolve(run));
        }
      },
      onChunkComplete: (_chunk, accepted) => o.onChunk?.(accepted),
      onSuccess: () => {
        run.outcome = 'success';
        run.url = upload.url;
        resolve(run);
      },
      onError: (e) => {
        if (aborting) return;
        run.outcome = 'error';
        run.error = e;
        resolve(run);
      },
    });
    upload.start();
  });
}
