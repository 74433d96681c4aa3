import { describe, expect, it } from '@jest/globals';
import { TokenBuckets } from './token-buckets.js';

describe(TokenBuckets.name, () => {
  it('allows a burst, then one message per refill, per key', () => {
    let t = 0;
    const buckets = new TokenBuckets(3, 2, () => t);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0);
    t += 500;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
  });
});
