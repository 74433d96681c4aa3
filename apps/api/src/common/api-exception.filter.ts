import { ErrorCode, type ApiError } from '@atelier/contracts';
import { isDatabaseUnavailable } from '@atelier/database';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error.js';

/**
 * The one place an error code becomes an HTTP status. A `Record` over the whole enum: a new code does not compile
 * until it has a status here. Socket acks never see these numbers.
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.MalformedJson]: 400,
  [ErrorCode.BodyTooLarge]: 413,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.AccountLocked]: 423,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.CsrfMismatch]: 403,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.EmailTaken]: 409,
  [ErrorCode.InvalidJoinCode]: 404,
  [ErrorCode.InvitationInvalid]: 404,
  [ErrorCode.LastAdmin]: 409,
  [ErrorCode.WorkerUnavailable]: 503,
  [ErrorCode.ProgrammeFull]: 409,
  [ErrorCode.AlreadyEnrolled]: 409,
  [ErrorCode.NotEnrolled]: 403,
  [ErrorCode.InvalidProgrammeCode]: 404,
  [ErrorCode.SessionCancelled]: 409,
  [ErrorCode.SessionPast]: 409,
  [ErrorCode.CheckInClosed]: 409,
  [ErrorCode.CheckInCodeExpired]: 400,
  [ErrorCode.CheckInCodeOtherSession]: 400,
  [ErrorCode.CheckInCodeInvalid]: 400,
  [ErrorCode.CheckInTypedTooLongAgo]: 400,
  [ErrorCode.IdempotencyKeyInvalid]: 400,
  [ErrorCode.IdempotencyKeyReused]: 422,
  [ErrorCode.IdempotencyInProgress]: 409,
  [ErrorCode.NotCompleted]: 409,
  [ErrorCode.BoardClosed]: 410,
  [ErrorCode.BoardLocked]: 409,
  [ErrorCode.BoardReadOnly]: 409,
  [ErrorCode.BoardPhaseClosed]: 409,
  [ErrorCode.BoardNotFacilitator]: 409,
  [ErrorCode.BoardNotAuthor]: 409,
  [ErrorCode.BoardCardGone]: 409,
  [ErrorCode.BoardCardTooLong]: 409,
  [ErrorCode.BoardCardEmpty]: 409,
  [ErrorCode.BoardFull]: 409,
  [ErrorCode.BoardVoteClosed]: 409,
  [ErrorCode.BoardVoteBudgetSpent]: 409,
  [ErrorCode.BoardVoteCardMax]: 409,
  [ErrorCode.BoardInvalidOp]: 400,
  [ErrorCode.BoardOpConflict]: 409,
  [ErrorCode.BoardPhotoInvalid]: 400,
  [ErrorCode.UploadTooLarge]: 413,
  [ErrorCode.QuotaExceeded]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.UploadLengthRequired]: 400,
  [ErrorCode.ClipNotReady]: 409,
  [ErrorCode.ClipNotFailed]: 409,
  [ErrorCode.OriginalNotKept]: 409,
  [ErrorCode.NotVideoCourse]: 400,
  [ErrorCode.NotAParticipant]: 400,
  [ErrorCode.TimelineStale]: 409,
  [ErrorCode.TimelineInvalid]: 400,
  [ErrorCode.TimelineNotRenderable]: 409,
  [ErrorCode.RenderInProgress]: 409,
  [ErrorCode.RenderNotActive]: 409,
  [ErrorCode.RenderNotReady]: 409,
  [ErrorCode.ConsentMissing]: 409,
  [ErrorCode.DocumentaryNotReady]: 409,
  [ErrorCode.SubtitleMalformed]: 400,
  [ErrorCode.UnsupportedFileType]: 415,
  [ErrorCode.FileTooLarge]: 413,
  [ErrorCode.BodyTooDeep]: 400,
  [ErrorCode.InvalidText]: 400,
  [ErrorCode.OrganisationSuspended]: 403,
  [ErrorCode.NotInstanceAdmin]: 403,
  [ErrorCode.CurrentPasswordWrong]: 400,
  [ErrorCode.ResetLinkInvalid]: 404,
  [ErrorCode.AbsenceAnswered]: 409,
  [ErrorCode.BoardTextInvalid]: 400,
  [ErrorCode.BoardMessageTooLarge]: 413,
  [ErrorCode.UploadEmpty]: 400,
  [ErrorCode.SetupDone]: 404,
  [ErrorCode.SetupTokenInvalid]: 403,
  [ErrorCode.SlugTaken]: 409,
  [ErrorCode.BackupTargetNotEmpty]: 409,
  [ErrorCode.BackupInvalid]: 400,
  [ErrorCode.NoVoiceForLanguage]: 422,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.Internal]: 500,
};

/** Nest's own exceptions (unknown route, body parser limits…) carry a status; this names their code. */
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
    const retryAfter = Number(body.details?.['retryAfterSeconds'] ?? 0);
    if (retryAfter > 0) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(body);
  }
}

/** Seconds a client waits before retrying a request that met the database restarting. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

export function toApiError(error: unknown): [number, ApiError] {
  if (error instanceof DomainError) return [ERROR_STATUS[error.code], error.toBody()];
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
