import { ErrorCode, type ApiError } from '@atelier/contracts';

/**
 * The one error type services throw: a stable code the client translates, a sentence for people reading the
 * raw response, and optional details. It carries no HTTP status: the exception filter owns the one table from
 * code to status (`ERROR_STATUS`), and socket gateways ack `toBody()` — code, message and details only.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ApiError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} was not found.`);
  }

  static forbidden(message = 'Your role does not allow this.'): DomainError {
    return new DomainError(ErrorCode.Forbidden, message);
  }

  static unauthenticated(message = 'Sign in to continue.'): DomainError {
    return new DomainError(ErrorCode.Unauthenticated, message);
  }

  static invalid(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, message, details);
  }
}
