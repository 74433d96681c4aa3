import { describe, expect, it } from '@jest/globals';
import { parseFfmpegTime, percentOf, ProgressThrottle } from './progress.js';

describe('parseFfmpegTime', () => {
  it('reads the time from a stats line', () => {
    expect(
      parseFfmpegTime('frame=  312 fps= 45 q=28.0 size=    1024kB time=00:01:02.50 bitrate=1342.2kbits/s speed=1.5x'),
    ).toBe(62.5);
    expect(parseFfmpegTime('size=     512kB time=01:00:00.00 bitrate= 100kbits/s')).toBe(3600);
  });

  it('ignores lines without a time, and negative times at the start', () => {
    expect(parseFfmpegTime('Stream mapping:')).toBeNull();
    expect(parseFfmpegTime('frame=0 time=-00:00:00.02 bitrate=N/A')).toBeNull();
  });
});

describe('percentOf', () => {
  it('is 0–99 (100 means ready, which only the worker says)', () => {
    expect(percentOf(30, 60)).toBe(50);
    expect(percentOf(61, 60)).toBe(99);
    expect(percentOf(5, null)).toBe(0);
  });
});

describe(ProgressThrottle.name, () => {
  it('lets at most one change through per interval and never repeats a value', () => {
    let now = 0;
    const t = new ProgressThrottle(500, () => now);
    expect(t.offer(1)).toBe(true);
    now = 100;
    expect(t.offer(2)).toBe(false);
    now = 499;
    expect(t.offer(3)).toBe(false);
    now = 500;
    expect(t.offer(4)).toBe(true);
    now = 2000;
    expect(t.offer(4)).toBe(false);
    expect(t.offer(5)).toBe(true);
  });

  it('allows at most two events a second over a long run', () => {
    let now = 0;
    const t = new ProgressThrottle(500, () => now);
    let sent = 0;
    for (let i = 0; i < 10_000; i++) {
      now += 7;
      if (t.offer(i)) sent++;
    }
    expect(sent).toBeLessThanOrEqual(Math.ceil(70_000 / 500) + 1);
    expect(sent).toBeGreaterThan(100);
  });
});
