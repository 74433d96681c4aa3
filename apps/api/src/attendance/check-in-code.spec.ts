import { describe, expect, it } from '@jest/globals';
import { codeFor, matchCode, normaliseCheckInCode, ROTATE_SECONDS, slotOf } from './check-in-code.js';

const SECRET = 'programme-secret-zin-tv';
const SESSION = 'session-2026-03-04';
const OTHER_SESSION = 'session-2026-03-11';
const ROTATE_MS = ROTATE_SECONDS * 1000;

/** A slot well into 2026, and the instant it begins. */
const SLOT = slotOf(new Date('2026-03-04T17:05:00Z'));
const slotStart = (slot: number) => new Date(slot * ROTATE_MS);
const SLOTS = Array.from({ length: 1000 }, (_, i) => SLOT + i);

function collisions(a: (slot: number) => string, b: (slot: number) => string): number {
  return SLOTS.filter((slot) => a(slot) === b(slot)).length;
}

describe(slotOf.name, () => {
  it(`changes every ${ROTATE_SECONDS} seconds, on the boundary itself`, () => {
    const start = slotStart(SLOT);

    expect(slotOf(start)).toBe(SLOT);
    expect(slotOf(new Date(start.getTime() + ROTATE_MS - 1))).toBe(SLOT);
    expect(slotOf(new Date(start.getTime() + ROTATE_MS))).toBe(SLOT + 1);
    expect(slotOf(new Date(start.getTime() - 1))).toBe(SLOT - 1);
  });
});

describe(codeFor.name, () => {
  it('is always six digits, keeping leading zeros', () => {
    const codes = SLOTS.map((slot) => codeFor(SECRET, SESSION, slot));

    expect(codes.filter((code) => !/^\d{6}$/.test(code))).toEqual([]);
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  it('gives the same code for the same programme, session and slot', () => {
    expect(codeFor(SECRET, SESSION, SLOT)).toBe(codeFor(SECRET, SESSION, SLOT));
  });

  it('changes from one slot to the next', () => {
    expect(
      collisions(
        (s) => codeFor(SECRET, SESSION, s),
        (s) => codeFor(SECRET, SESSION, s + 1),
      ),
    ).toBeLessThan(10);
    expect(new Set(SLOTS.map((slot) => codeFor(SECRET, SESSION, slot))).size).toBeGreaterThan(990);
  });

  it('differs between two sessions at the same time', () => {
    expect(
      collisions(
        (s) => codeFor(SECRET, SESSION, s),
        (s) => codeFor(SECRET, OTHER_SESSION, s),
      ),
    ).toBeLessThan(10);
  });

  it("differs between two programmes' secrets for the same session", () => {
    expect(
      collisions(
        (s) => codeFor(SECRET, SESSION, s),
        (s) => codeFor('another-secret', SESSION, s),
      ),
    ).toBeLessThan(10);
  });
});

describe(matchCode.name, () => {
  const now = new Date(slotStart(SLOT).getTime() + 12_000);
  const code = (slot: number, sessionId = SESSION, secret = SECRET) => codeFor(secret, sessionId, slot);

  it('accepts the code on the screen now', () => {
    expect(matchCode(SECRET, SESSION, code(SLOT), now)).toBe('current');
  });

  it('accepts the code from the previous slot, for someone who was still typing', () => {
    expect(matchCode(SECRET, SESSION, code(SLOT - 1), now)).toBe('current');
  });

  it('says an older code has expired, back to the look-back window', () => {
    expect(matchCode(SECRET, SESSION, code(SLOT - 2), now)).toBe('expired');
    expect(matchCode(SECRET, SESSION, code(SLOT - 20), now)).toBe('expired');
    expect(matchCode(SECRET, SESSION, code(SLOT - 5), now, 5)).toBe('expired');
  });

  it('does not recognise a code older than the look-back window', () => {
    expect(matchCode(SECRET, SESSION, code(SLOT - 21), now)).toBe('none');
    expect(matchCode(SECRET, SESSION, code(SLOT - 6), now, 5)).toBe('none');
  });

  it("does not accept another session's code", () => {
    expect(matchCode(SECRET, SESSION, code(SLOT, OTHER_SESSION), now)).toBe('none');
  });

  it("does not accept the session's code under another programme secret", () => {
    expect(matchCode(SECRET, SESSION, code(SLOT, SESSION, 'another-secret'), now)).toBe('none');
  });

  it('does not accept the next slot’s code before it is shown', () => {
    expect(matchCode(SECRET, SESSION, code(SLOT + 1), now)).toBe('none');
  });

  it('does not accept a made-up or empty code', () => {
    const madeUp = ['000000', '123456', '999999'].find(
      (c) => !Array.from({ length: 21 }, (_, i) => code(SLOT - i)).includes(c),
    );

    expect(matchCode(SECRET, SESSION, madeUp!, now)).toBe('none');
    expect(matchCode(SECRET, SESSION, '', now)).toBe('none');
  });

  it(`keeps a code valid through the next ${ROTATE_SECONDS}-second slot and no longer`, () => {
    // Shown in the last millisecond of its slot …
    const shown = code(SLOT);
    const nextSlotStart = slotStart(SLOT + 1).getTime();

    expect(matchCode(SECRET, SESSION, shown, new Date(nextSlotStart - 1))).toBe('current');
    // … still good all through the next slot …
    expect(matchCode(SECRET, SESSION, shown, new Date(nextSlotStart))).toBe('current');
    expect(matchCode(SECRET, SESSION, shown, new Date(nextSlotStart + ROTATE_MS - 1))).toBe('current');
    // … and expired the moment the slot after that begins.
    expect(matchCode(SECRET, SESSION, shown, new Date(nextSlotStart + ROTATE_MS))).toBe('expired');
  });
});

describe(normaliseCheckInCode.name, () => {
  it('keeps only the digits of what was typed', () => {
    expect(normaliseCheckInCode('123 456')).toBe('123456');
    expect(normaliseCheckInCode('123-456')).toBe('123456');
    expect(normaliseCheckInCode(' 123456\n')).toBe('123456');
    expect(normaliseCheckInCode('012345')).toBe('012345');
  });

  it('lets a code typed with a space or dash check in', () => {
    const shown = codeFor(SECRET, SESSION, SLOT);
    const typed = `${shown.slice(0, 3)} ${shown.slice(3)}`;
    const now = slotStart(SLOT);

    expect(matchCode(SECRET, SESSION, normaliseCheckInCode(typed), now)).toBe('current');
    expect(matchCode(SECRET, SESSION, normaliseCheckInCode(`${shown.slice(0, 3)}-${shown.slice(3)}`), now)).toBe(
      'current',
    );
  });
});
