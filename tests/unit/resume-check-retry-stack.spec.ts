import { describe, expect, it } from '@jest/globals';
import * as tus from 'tus-js-client';
import { ResumeCheckRetryStack } from '../../apps/web/src/app/studio/resume-check-retry-stack.js';

/** A tus server in memory: answers HEAD with the scripted statuses first, then with the offset. */
class ScriptedServer implements tus.HttpStack {
  readonly calls: string[] = [];
  offset = 4;

  constructor(private readonly headStatuses: number[]) {}

  getName(): string {
    return 'scripted';
  }

  createRequest(method: string, url: string): tus.HttpRequest {
    const headers: Record<string, string> = {};
    const response = (status: number, h: Record<string, string> = {}): tus.HttpResponse => ({
      getStatus: () => status,
      getHeader: (name) => h[name.toLowerCase()] ?? h[name],
      getBody: () => '',
      getUnderlyingObject: () => null,
    });
    return {
      getMethod: () => method,
      getURL: () => url,
      setHeader: (k, v) => (headers[k] = v),
      getHeader: (k) => headers[k],
      setProgressHandler: () => undefined,
      abort: async () => undefined,
      getUnderlyingObject: () => null,
      send: async (body: unknown) => {
        this.calls.push(method);
        if (method === 'HEAD') {
          const scripted = this.headStatuses.shift();
          if (scripted !== undefined) return response(scripted);
          return response(200, { 'upload-offset': String(this.offset), 'upload-length': '8' });
        }
        if (method === 'POST') {
          this.offset = 0; // a new upload: every byte again
          return response(201, { location: 'http://server/api/uploads/new' });
        }
        this.offset += (body as Buffer | null)?.length ?? 0;
        return response(204, { 'upload-offset': String(this.offset) });
      },
    };
  }
}

function resume(stack: tus.HttpStack): Promise<void> {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(Buffer.from('01234567'), {
      endpoint: 'http://server/api/uploads',
      uploadUrl: 'http://server/api/uploads/first',
      httpStack: stack,
      retryDelays: [0, 0, 0],
      onSuccess: () => resolve(),
      onError: reject,
    });
    upload.start();
  });
}

describe(ResumeCheckRetryStack.name, () => {
  it('retries a resume check answered 503 on the same upload, sending only the missing bytes', async () => {
    const server = new ScriptedServer([503, 503]);

    await resume(new ResumeCheckRetryStack(server));

    expect(server.calls).toEqual(['HEAD', 'HEAD', 'HEAD', 'PATCH']);
    expect(server.offset).toBe(8);
  });

  it('still lets the client start over when the upload is really gone (404)', async () => {
    const server = new ScriptedServer([404]);

    await resume(new ResumeCheckRetryStack(server));

    expect(server.calls[0]).toBe('HEAD');
    expect(server.calls[1]).toBe('POST');
  });

  it('is needed: without it, tus-js-client answers a 503 resume check with a new upload from byte 0', async () => {
    const server = new ScriptedServer([503]);

    await resume(server);

    expect(server.calls.slice(0, 2)).toEqual(['HEAD', 'POST']);
  });
});
