import { HttpErrorResponse } from '@angular/common/http';
import { ErrorCode, type ApiError } from '@atelier/contracts';

/** Codes the client can show: every API error code plus "the phone is offline". */
export type ShownErrorCode = `${ErrorCode}` | 'offline';

/** An error ready to show a person: a code to translate and the facts it needs. */
export interface ShownError {
  code: ShownErrorCode;
  details?: Record<string, unknown>;
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    KNOWN_CODES.has((body as { code: string }).code)
  );
}

/** Turns whatever a failed call threw into an error the UI can translate. */
export function toShownError(error: unknown): ShownError {
  if (error instanceof HttpErrorResponse) {
    if (isApiError(error.error)) {
      return { code: error.error.code, details: error.error.details };
    }
    if (error.status === 0) {
      return { code: 'offline' };
    }
    if (error.status === 401) {
      return { code: ErrorCode.Unauthenticated };
    }
    if (error.status === 403) {
      return { code: ErrorCode.Forbidden };
    }
    if (error.status === 404) {
      return { code: ErrorCode.NotFound };
    }
  }
  return { code: ErrorCode.Internal };
}

/** The HTTP status of a failed call, or null when it was not an HTTP failure. */
export function httpStatus(error: unknown): number | null {
  return error instanceof HttpErrorResponse ? error.status : null;
}

/** Seconds the API asked us to wait (`details.retryAfterSeconds`), rounded up to whole minutes. */
export function retryAfterMinutes(error: ShownError): number {
  const seconds = Number(error.details?.['retryAfterSeconds']);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 1;
}
