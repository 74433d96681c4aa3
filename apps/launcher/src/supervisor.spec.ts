import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import type { Child } from './child.js';
import { restartDelay, Supervised, type RestartPolicy } from './supervisor.js';

const POLICY: RestartPolicy = { firstDelayMs: 1000, maxDelayMs: 60_000, stableAfterMs: 300_000 };

describe(restartDelay.name, () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [6, 32_000],
    [7, 60_000],
    [50, 60_000],
  ])('waits after crash %i in a row %i ms', (crashes, ms) => {
    expect(restartDelay(crashes, POLICY)).toBe(ms);
  });
});

/** A child process that exits when the test says so. */
function fakeChild(pid: number): Child & { crash(code: number | null, signal?: NodeJS.Signals): void } {
  let exit!: (code: number | null) => void;
  const exited = new Promise<number | null>((r) => (exit = r));
  const process = { pid, exitCode: null, signalCode: null } as unknown as ChildProcess & {
    exitCode: number | null;
    signalCode: string | null;
  };
  return {
    name: 'worker',
    process,
    exited,
    stop: jest.fn(async () => exit(0)),
    crash(code, signal) {
      process.exitCode = code;
      process.signalCode = signal ?? null;
      exit(code);
    },
  };
}

describe(Supervised.name, () => {
  let now: number;
  let spawned: Array<ReturnType<typeof fakeChild>>;
  let lines: string[];
  let sut: Supervised;

  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
    spawned = [];
    lines = [];
    sut = new Supervised(
      'worker',
      () => {
        const c = fakeChild(100 + spawned.length);
        spawned.push(c);
        return c;
      },
      (l) => lines.push(l),
      POLICY,
      () => now,
    );
  });

  afterEach(async () => {
    await sut.stop();
    jest.useRealTimers();
  });

  it('restarts a crashed process after the backoff and says so loudly', async () => {
    spawned[0]!.crash(1);
    await flush();
    expect(lines.join('\n')).toContain('!!! the worker exited with code 1');
    jest.advanceTimersByTime(999);
    expect(spawned).toHaveLength(1);
    jest.advanceTimersByTime(1);

    expect(spawned).toHaveLength(2);
    expect(sut.process.pid).toBe(101);
    expect(sut.restarts).toBe(1);
  });

  it('names the signal of a killed process', async () => {
    spawned[0]!.crash(null, 'SIGKILL');
    await flush();

    expect(lines[0]).toContain('!!! the worker was killed (SIGKILL)');
  });

  it('doubles the wait while the process keeps crashing, and starts again from 1 s once it stayed up', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      spawned.at(-1)!.crash(1);
      await flush();
      const before = spawned.length;
      let waited = 0;
      while (spawned.length === before) {
        jest.advanceTimersByTime(500);
        waited += 500;
      }
      waits.push(waited);
    }
    now += POLICY.stableAfterMs; // the fifth process runs for five minutes
    spawned.at(-1)!.crash(1);
    await flush();
    jest.advanceTimersByTime(1000);

    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(spawned).toHaveLength(6);
  });

  it('does not restart a process it was asked to stop', async () => {
    await sut.stop();
    await flush();
    jest.advanceTimersByTime(120_000);

    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.stop).toHaveBeenCalled();
    expect(lines).toEqual([]);
  });
});
