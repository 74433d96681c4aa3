import type { ChildProcess } from 'node:child_process';
import type { Child } from './child.js';

export interface RestartPolicy {
  /** Wait before the first restart after a crash. */
  firstDelayMs: number;
  /** The wait doubles with each crash in a row, up to this. */
  maxDelayMs: number;
  /** A process that ran this long before crashing starts the count again (it was not crash-looping). */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  stableAfterMs: 5 * 60_000,
};

/** The wait before restarting after the `crashesInARow`-th crash in a row (1, 2, …): 1 s, 2 s, 4 s … capped. */
export function restartDelay(crashesInARow: number, policy: RestartPolicy): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, crashesInARow - 1));
}

/**
 * Keeps one child process (the API or a worker) running: when it exits without being asked to, the
 * crash is logged loudly and the process is started again after a backoff (1 s, 2 s, 4 s … 60 s;
 * the count starts again once a process stayed up for five minutes). One crashed worker must not
 * cut every board participant and upload, as stopping the whole platform did.
 */
export class Supervised {
  private child: Child;
  private crashesInARow = 0;
  private startedAt: number;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  /** Restarts after crashes since the start. */
  restarts = 0;

  constructor(
    readonly name: string,
    private readonly spawnChild: () => Child,
    private readonly out: (line: string) => void,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = this.now();
    this.child = this.watch(this.spawnChild());
  }

  /** The process running now (a new one after each restart). */
  get process(): ChildProcess {
    return this.child.process;
  }

  /** Stops supervising, then the process (SIGTERM, SIGKILL after 10 s). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.child.stop();
  }

  private watch(child: Child): Child {
    void child.exited.then((code) => {
      if (this.stopping || child !== this.child) return;
      const ranMs = this.now() - this.startedAt;
      this.crashesInARow = ranMs >= this.policy.stableAfterMs ? 1 : this.crashesInARow + 1;
      const delay = restartDelay(this.crashesInARow, this.policy);
      const how = child.process.signalCode ? `was killed (${child.process.signalCode})` : `exited with code ${code}`;
      this.out(
        `[launcher] !!! the ${this.name} ${how} after ${Math.round(ranMs / 1000)} s — restarting it in ${delay / 1000} s ` +
          `(crash ${this.crashesInARow} in a row). Its log above says why.`,
      );
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.stopping) return;
        this.restarts++;
        this.startedAt = this.now();
        this.child = this.watch(this.spawnChild());
        this.out(`[launcher] the ${this.name} was restarted (pid ${this.child.process.pid}).`);
      }, delay);
    });
    return child;
  }
}
