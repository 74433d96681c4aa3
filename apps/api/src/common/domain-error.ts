import { ErrorCode, type ApiError } from '@atelier/contracts';

/**
 * The one error type services throw. The exception filter turns it into an HTTP status and an
 * `ApiError` body; socket gateways turn it into an error ack of the same shape.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ApiError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }

  static notFound(what: string): DomainError {
    return new DomainError(404, ErrorCode.NotFound, `${what} was not found.`);
  }

  static forbidden(message = 'Your role does not allow this.'): DomainError {
    return new DomainError(403, ErrorCode.Forbidden, message);
  }

  static unauthenticated(message = 'Sign in to continue.'): DomainError {
    return new DomainError(401, ErrorCode.Unauthenticated, message);
  }

  static conflict(code: ErrorCode, message: string): DomainError {
    return new DomainError(409, code, message);
  }

  static invalid(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(400, ErrorCode.ValidationFailed, message, details);
  }
}
