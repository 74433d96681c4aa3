import { ErrorCode } from '@atelier/contracts';
import { describe, expect, it, jest } from '@jest/globals';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  type ArgumentsHost,
} from '@nestjs/common';
import { ApiExceptionFilter, ERROR_STATUS, toApiError } from './api-exception.filter.js';
import { DomainError } from './domain-error.js';

describe(toApiError.name, () => {
  it('passes a DomainError through with its status, code, message and details', () => {
    const err = new DomainError(ErrorCode.AccountLocked, 'Locked for 5 more minutes.', { retryAfterSeconds: 300 });

    expect(toApiError(err)).toEqual([
      423,
      { code: 'account_locked', message: 'Locked for 5 more minutes.', details: { retryAfterSeconds: 300 } },
    ]);
  });

  it('takes the status from the one code table: the same code answers the same status wherever it is thrown', () => {
    for (const code of Object.values(ErrorCode)) {
      const [status, body] = toApiError(new DomainError(code, 'Refused.'));
      expect([code, status, body.code]).toEqual([code, ERROR_STATUS[code], code]);
      expect(status >= 400 && status < 600).toBe(true);
    }
    expect(toApiError(new DomainError(ErrorCode.NotEnrolled, 'Not enrolled.'))[0]).toBe(403);
  });

  it('leaves details out of the body when there are none', () => {
    expect(toApiError(DomainError.forbidden())).toEqual([
      403,
      { code: 'forbidden', message: 'Your role does not allow this.' },
    ]);
  });

  it('answers an unknown route with a readable 404', () => {
    expect(toApiError(new NotFoundException('Cannot GET /api/nope'))).toEqual([
      404,
      { code: 'not_found', message: 'There is nothing at this address.' },
    ]);
  });

  it.each([
    ['BadRequestException', new BadRequestException('Bad thing'), 400, 'validation_failed'],
    ['ForbiddenException', new ForbiddenException('No'), 403, 'forbidden'],
    ['ConflictException', new ConflictException('Clash'), 409, 'conflict'],
    ['PayloadTooLargeException', new PayloadTooLargeException('Too big'), 413, 'body_too_large'],
    ['HttpException(429)', new HttpException('Slow down', 429), 429, 'rate_limited'],
    ['ServiceUnavailableException', new ServiceUnavailableException('Down'), 503, 'internal_error'],
  ])('maps Nest’s %s to %i %s, keeping its message', (_, error, status, code) => {
    expect(toApiError(error)).toEqual([status, { code, message: error.message }]);
  });

  it('never shows the message of an unexpected error', () => {
    const [status, body] = toApiError(new Error('relation "users" does not exist at 10.0.0.5'));

    expect(status).toBe(500);
    expect(body).toEqual({
      code: 'internal_error',
      message: 'Something went wrong on our side. Try again in a moment.',
    });
  });

  it.each([
    [
      'a terminated session (57P01)',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['a server starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    [
      'a TypeORM QueryFailedError around it',
      Object.assign(new Error('Query failed'), { driverError: Object.assign(new Error('x'), { code: '57P01' }) }),
    ],
  ])('answers %s with a retryable 503 service_unavailable', (_, error) => {
    const [status, body] = toApiError(error);

    expect(status).toBe(503);
    expect(body).toMatchObject({ code: 'service_unavailable', details: { retryAfterSeconds: 5 } });
  });

  it('keeps a statement error a 500', () => {
    expect(toApiError(Object.assign(new Error('duplicate key'), { code: '23505' }))[0]).toBe(500);
  });

  it('copes with something thrown that is not an Error', () => {
    expect(toApiError('boom')[0]).toBe(500);
  });
});

describe(ApiExceptionFilter.name, () => {
  function fakeHost() {
    const res = { setHeader: jest.fn(), status: jest.fn(), json: jest.fn() };
    res.status.mockReturnValue(res);
    const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
    return { res, host };
  }

  it('tells the client when to retry with a Retry-After header', () => {
    const { res, host } = fakeHost();

    new ApiExceptionFilter().catch(
      new DomainError(ErrorCode.RateLimited, 'Too many attempts.', { retryAfterSeconds: 120 }),
      host,
    );

    expect(res.setHeader).toHaveBeenCalledWith('Retry-After', '120');
    expect(res.status).toHaveBeenCalledWith(429);
    expect(res.json).toHaveBeenCalledWith({
      code: 'rate_limited',
      message: 'Too many attempts.',
      details: { retryAfterSeconds: 120 },
    });
  });

  it('sends no Retry-After header for other errors', () => {
    const { res, host } = fakeHost();

    new ApiExceptionFilter().catch(DomainError.notFound('This participant'), host);

    expect(res.setHeader).not.toHaveBeenCalled();
    expect(res.status).toHaveBeenCalledWith(404);
    expect(res.json).toHaveBeenCalledWith({ code: 'not_found', message: 'This participant was not found.' });
  });
});
