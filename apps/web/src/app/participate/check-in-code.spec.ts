import { describe, expect, it } from '@jest/globals';
import { codeDigits, completeCode, shownCode } from './check-in-code';

describe('check-in code', () => {
  it('keeps only the first six digits of what was typed or scanned', () => {
    expect(codeDigits('123-456')).toBe('123456');
    expect(codeDigits(' 12a3 4567 ')).toBe('123456');
  });

  it('shows the digits with a space in the middle once there are more than three', () => {
    expect(shownCode('123')).toBe('123');
    expect(shownCode('1234')).toBe('123 4');
    expect(shownCode('123-456')).toBe('123 456');
  });

  it('sends only a complete code', () => {
    expect(completeCode('123 456')).toBe('123456');
    expect(completeCode('12 345')).toBeNull();
    expect(completeCode('')).toBeNull();
  });
});
