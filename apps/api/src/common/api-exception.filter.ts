import { ErrorCode, type ApiError } from '@atelier/contracts';
import { isDatabaseUnavailable } from '@atelier/database';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error.js';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.BodyTooLarge,
  429: ErrorCode.RateLimited,
};

/** Maps every error to a status and an `ApiError` body. Unknown errors are logged, never leaked. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = toApiError(error);
    if (status === 503) this.logger.warn(`Answered 503: ${error instanceof Error ? error.message : String(error)}`);
    else if (status >= 500) this.logger.error({ err: error }, 'Unhandled error');
    if (body.details?.retryAfterSeconds) res.setHeader('Retry-After', String(body.details.retryAfterSeconds));
    res.status(status).json(body);
  }
}

/** Seconds a client waits before retrying a request that met the database restarting. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

export function toApiError(error: unknown): [number, ApiError] {
  if (error instanceof DomainError) return [error.status, error.toBody()];
  if (isDatabaseUnavailable(error)) return [503, serviceUnavailable()];
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed);
    const message = status === 404 ? 'There is nothing at this address.' : error.message;
    return [status, { code, message }];
  }
  return [500, { code: ErrorCode.Internal, message: 'Something went wrong on our side. Try again in a moment.' }];
}

/** A request that met the database restarting: nothing was saved, the client retries after a few seconds. */
export function serviceUnavailable(): ApiError {
  return {
    code: ErrorCode.ServiceUnavailable,
    message: 'Atelier is reconnecting to its database. Nothing was saved; try again in a few seconds.',
    details: { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS },
  };
}
