/**
 * ffmpeg's progress, from the `time=HH:MM:SS.cc` it prints on stderr (every `-stats_period`), as a
 * percentage of the source's duration, and a throttle so listeners get at most a few events a second.
 */
const TIME = /\btime=\s*(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/;

/** Seconds of output ffmpeg reports in a stats line, or null when the line has none. */
export function parseFfmpegTime(line: string): number | null {
  const m = TIME.exec(line);
  if (!m || m[1] === '-') return null;
  return Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/** 0–99 while running: 100 is kept for "ready", which only the worker can declare. */
export function percentOf(seconds: number, durationSeconds: number | null): number {
  if (!durationSeconds || durationSeconds <= 0) return 0;
  return Math.max(0, Math.min(99, Math.floor((seconds / durationSeconds) * 100)));
}

/**
 * Lets a value through when it changed and at least `intervalMs` passed since the last one let
 * through (≤ 1000 / intervalMs events per second). The clock is injected for tests.
 */
export class ProgressThrottle {
  private lastAt = -Infinity;
  private lastValue = -1;

  constructor(
    private readonly intervalMs = 500,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when `value` should be published now. */
  offer(value: number): boolean {
    if (value === this.lastValue) return false;
    const t = this.now();
    if (t - this.lastAt < this.intervalMs) return false;
    this.lastAt = t;
    this.lastValue = value;
    return true;
  }
}
