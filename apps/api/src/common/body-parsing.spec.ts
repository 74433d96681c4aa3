import { describe, expect, it, jest } from '@jest/globals';
import type { NextFunction, Request, Response } from 'express';
import { Readable } from 'node:stream';
import { jsonBody } from './body-parsing.js';

function fakeResponse() {
  const res = { status: jest.fn(), json: jest.fn() };
  res.status.mockReturnValue(res);
  return res;
}

/** Runs the error handler the way Express would after the parser failed with `err`. */
function explain(err: unknown, limitKb = 100) {
  const [, handler] = jsonBody(limitKb);
  const res = fakeResponse();
  const next = jest.fn<(err?: unknown) => void>();
  handler(err, {} as Request, res as unknown as Response, next as NextFunction);
  return { res, next };
}

/** A request stream carrying `body`, as the parser sees one from Node's HTTP server. */
function jsonRequest(body: string): Request {
  return Object.assign(Readable.from([Buffer.from(body)]), {
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  }) as unknown as Request;
}

/** Sends a request through the real parser, then the error handler if the parser fails. */
function parse(
  body: string,
  limitKb: number,
): Promise<{ res: ReturnType<typeof fakeResponse>; req: Request; passed: boolean }> {
  const [parser, handler] = jsonBody(limitKb);
  const req = jsonRequest(body);
  const res = fakeResponse();
  return new Promise((resolve, reject) => {
    void parser(req, res as unknown as Response, (err?: unknown) => {
      if (!err) return resolve({ res, req, passed: true });
      handler(err, req, res as unknown as Response, reject);
      resolve({ res, req, passed: false });
    });
  });
}

describe(jsonBody.name, () => {
  it('answers a body over the limit with 400 body_too_large naming the limit', () => {
    const { res, next } = explain({ type: 'entity.too.large' }, 64);

    expect(res.status).toHaveBeenCalledWith(400);
    expect(res.json).toHaveBeenCalledWith({
      code: 'body_too_large',
      message: 'The request body is larger than the 64 kB allowed.',
      details: { limitKb: 64 },
    });
    expect(next).not.toHaveBeenCalled();
  });

  it('answers a body that is not JSON with 400 malformed_json', () => {
    const { res, next } = explain({ type: 'entity.parse.failed' });

    expect(res.status).toHaveBeenCalledWith(400);
    expect(res.json).toHaveBeenCalledWith({ code: 'malformed_json', message: 'The request body is not valid JSON.' });
    expect(next).not.toHaveBeenCalled();
  });

  it.each(['encoding.unsupported', 'charset.unsupported'])('asks for UTF-8 JSON on %s', (type) => {
    const { res } = explain({ type });

    expect(res.status).toHaveBeenCalledWith(400);
    expect(res.json).toHaveBeenCalledWith({ code: 'malformed_json', message: 'The request body must be UTF-8 JSON.' });
  });

  it('hands every other error on to the next handler untouched', () => {
    const err = new Error('database is down');
    const { res, next } = explain(err);

    expect(next).toHaveBeenCalledWith(err);
    expect(res.status).not.toHaveBeenCalled();
    expect(res.json).not.toHaveBeenCalled();
  });

  describe('with the real parser', () => {
    it('parses a JSON body within the limit', async () => {
      const { req, passed } = await parse('{"email":"nora@example.org"}', 1);

      expect(passed).toBe(true);
      expect(req.body).toEqual({ email: 'nora@example.org' });
    });

    it('refuses a body over the limit with body_too_large', async () => {
      const { res } = await parse(JSON.stringify({ text: 'x'.repeat(2048) }), 1);

      expect(res.status).toHaveBeenCalledWith(400);
      expect(res.json).toHaveBeenCalledWith(
        expect.objectContaining({ code: 'body_too_large', details: { limitKb: 1 } }),
      );
    });

    it('refuses broken JSON with malformed_json', async () => {
      const { res } = await parse('{"email": ', 1);

      expect(res.status).toHaveBeenCalledWith(400);
      expect(res.json).toHaveBeenCalledWith(expect.objectContaining({ code: 'malformed_json' }));
    });
  });
});
