import type { AbstractControl, ValidationErrors } from '@angular/forms';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, normaliseJoinCode } from '@atelier/contracts';

/**
 * A join code has exactly 8 characters from the join-code alphabet, whatever the case, spaces or
 * dashes. Reports `{ joinCode: true }` otherwise (an empty value is left to `required`).
 */
export function joinCodeValidator(control: AbstractControl<string>): ValidationErrors | null {
  const code = normaliseJoinCode(control.value ?? '');
  if (code.length === 0) return null;
  const valid = code.length === JOIN_CODE_LENGTH && [...code].every((c) => JOIN_CODE_ALPHABET.includes(c));
  return valid ? null : { joinCode: true };
}
