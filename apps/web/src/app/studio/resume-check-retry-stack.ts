import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';

/**
 * tus-js-client reads any failed answer to its resume check (HEAD), 423 aside, as "this upload is
 * gone" and creates a new one: the file starts again from byte 0, and the old upload stays behind.
 * A 5xx there (503 while the storage or the database restarts) only means "not now". This stack
 * turns such an answer into a failed request, which the client retries on the same upload with its
 * usual delays, so the upload resumes where it stopped once the server is back.
 */
export class ResumeCheckRetryStack implements HttpStack {
  constructor(private readonly inner: HttpStack) {}

  getName(): string {
    return `resume-check-retry(${this.inner.getName()})`;
  }

  createRequest(method: string, url: string): HttpRequest {
    const req = this.inner.createRequest(method, url);
    if (method !== 'HEAD') return req;
    return {
      getMethod: () => req.getMethod(),
      getURL: () => req.getURL(),
      setHeader: (header, value) => req.setHeader(header, value),
      getHeader: (header) => req.getHeader(header),
      setProgressHandler: (handler) => req.setProgressHandler(handler),
      abort: () => req.abort(),
      // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- tus-js-client types the underlying request as any
      getUnderlyingObject: () => req.getUnderlyingObject(),
      send: async (body: unknown): Promise<HttpResponse> => {
        const res = await req.send(body);
        if (res.getStatus() >= 500)
          throw new Error(`resume check answered ${res.getStatus()}: the server is not ready, try again`);
        return res;
      },
    };
  }
}
