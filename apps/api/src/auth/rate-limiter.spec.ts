import { describe, expect, it } from '@jest/globals';
import { as, fixedClock } from '../../../../tests/support/unit-fixtures.js';
import { type Clock } from '../common/clock.js';
import { RateLimiter } from './rate-limiter.js';

function newTestService() {
  const time = fixedClock();
  const mocks = { clock: time.clock };
  return { sut: new RateLimiter(as<Clock>(mocks.clock)), mocks, time };
}

function hits(sut: RateLimiter, key: string, times: number, limit: number, windowSeconds: number): number[] {
  return Array.from({ length: times }, () => sut.hit(key, limit, windowSeconds));
}

describe(RateLimiter.name, () => {
  it('lets `limit` attempts through, then asks to wait for the rest of the window', () => {
    const { sut } = newTestService();

    expect(hits(sut, 'login:203.0.113.7', 3, 3, 60)).toEqual([0, 0, 0]);
    expect(sut.hit('login:203.0.113.7', 3, 60)).toBe(60);
  });

  it('counts each key on its own', () => {
    const { sut } = newTestService();
    hits(sut, 'login:203.0.113.7', 4, 3, 60);

    expect(sut.hit('login:198.51.100.4', 3, 60)).toBe(0);
    expect(sut.hit('join:203.0.113.7', 3, 60)).toBe(0);
  });

  it('counts the wait down as time passes, rounding up to whole seconds', () => {
    const { sut, time } = newTestService();
    hits(sut, 'k', 2, 2, 900);

    time.advance(100_000);
    expect(sut.hit('k', 2, 900)).toBe(800);
    time.advance(500);
    expect(sut.hit('k', 2, 900)).toBe(800);
    time.advance(799_000);
    expect(sut.hit('k', 2, 900)).toBe(1);
  });

  it('starts a fresh window once windowSeconds have passed since its first attempt', () => {
    const { sut, time } = newTestService();
    hits(sut, 'k', 5, 2, 60);

    time.advance(59_999);
    expect(sut.hit('k', 2, 60)).toBe(1);
    time.advance(1);
    expect(hits(sut, 'k', 3, 2, 60)).toEqual([0, 0, 60]);
  });

  it('does not extend the window for attempts made while blocked', () => {
    const { sut, time } = newTestService();
    sut.hit('k', 1, 60);
    for (let s = 0; s < 59; s++) {
      time.advance(1000);
      sut.hit('k', 1, 60);
    }

    time.advance(1000);
    expect(sut.hit('k', 1, 60)).toBe(0);
  });
});
