import { ErrorCode } from '@atelier/contracts';

/** A refused op: a stable code the UI translates, and an English message a person can act on. */
export interface EngineError {
  code: ErrorCode;
  message: string;
}

export function refuse(code: ErrorCode, message: string): { ok: false; error: EngineError } {
  return { ok: false, error: { code, message } };
}

export const invalid = (message: string) => refuse(ErrorCode.BoardInvalidOp, message);
