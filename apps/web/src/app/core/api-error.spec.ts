import { HttpErrorResponse } from '@angular/common/http';
import { ErrorCode } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { retryAfterMinutes, toShownError } from './api-error';

const failed = (status: number, error: unknown = null) => new HttpErrorResponse({ status, error });

describe(toShownError.name, () => {
  it('keeps the code and details of an API error body', () => {
    const body = { code: ErrorCode.QuotaExceeded, message: 'Too big.', details: { overBytes: 5 } };
    expect(toShownError(failed(413, body))).toEqual({ code: ErrorCode.QuotaExceeded, details: { overBytes: 5 } });
  });

  it('names a failure with no answer "offline", and plain 401/403/404 answers by their code', () => {
    expect(toShownError(failed(0))).toEqual({ code: 'offline' });
    expect(toShownError(failed(401, 'html page'))).toEqual({ code: ErrorCode.Unauthenticated });
    expect(toShownError(failed(403))).toEqual({ code: ErrorCode.Forbidden });
    expect(toShownError(failed(404, { code: 'not_a_code_we_know' }))).toEqual({ code: ErrorCode.NotFound });
  });

  it('shows anything else as an internal error rather than an untranslated text', () => {
    expect(toShownError(failed(502, '<html>Bad gateway</html>'))).toEqual({ code: ErrorCode.Internal });
    expect(toShownError(new TypeError('x is undefined'))).toEqual({ code: ErrorCode.Internal });
  });
});

describe(retryAfterMinutes.name, () => {
  it('rounds the seconds the API asked for up to whole minutes, and says 1 when it gave none', () => {
    expect(retryAfterMinutes({ code: ErrorCode.RateLimited, details: { retryAfterSeconds: 61 } })).toBe(2);
    expect(retryAfterMinutes({ code: ErrorCode.RateLimited, details: { retryAfterSeconds: 'soon' } })).toBe(1);
    expect(retryAfterMinutes({ code: ErrorCode.RateLimited })).toBe(1);
  });
});
