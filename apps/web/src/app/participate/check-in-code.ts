/** Codes on the room's screen have 6 digits; "123 456" and "123-456" work too. */
export const CODE_DIGITS = 6;

/** The digits of what was typed or scanned, at most six. */
export function codeDigits(value: string): string {
  return value.replace(/\D/g, '').slice(0, CODE_DIGITS);
}

/** What the field shows: only digits, with a space in the middle for reading ("123 456"). */
export function shownCode(value: string): string {
  const digits = codeDigits(value);
  return digits.length > 3 ? `${digits.slice(0, 3)} ${digits.slice(3)}` : digits;
}

/** The request body's code, or null when it is not six digits yet (the form says so instead of sending). */
export function completeCode(value: string): string | null {
  const digits = codeDigits(value);
  return digits.length === CODE_DIGITS ? digits : null;
}
