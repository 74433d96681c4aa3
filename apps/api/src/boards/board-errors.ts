import { ErrorCode } from '@atelier/contracts';
import { DomainError } from '../common/domain-error.js';

/** Refusals the board's HTTP routes and its socket both give: one sentence each. */
export const boardClosed = (): DomainError =>
  new DomainError(ErrorCode.BoardClosed, 'This board is closed. Ask your trainer which board to open.');

export const presenterForStaffOnly = (): DomainError =>
  DomainError.forbidden('Only staff can open the presenter view.');
