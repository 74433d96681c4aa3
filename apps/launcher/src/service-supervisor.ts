import { explainFailure, LaunchError } from './launch-error.js';

/** An embedded service the launcher runs (PostgreSQL, S3): `ended` settles if it stops by itself. */
export interface EmbeddedService {
  /** Resolves with how it ended ("was killed (SIGKILL)", "closed") when it stops without `stop()`. */
  ended: Promise<string>;
  stop(): Promise<void>;
}

export interface ServiceRestartPolicy {
  /** Tries before giving up (then the platform stops with one sentence). */
  attempts: number;
  /** Wait before the first try; doubles with each failed try up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_SERVICE_RESTART_POLICY: ServiceRestartPolicy = {
  attempts: 6,
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
};

/**
 * Keeps an embedded service running under `npm start`: when it dies (killed, crashed), that is
 * logged loudly and it is started again — same data, same port — with backoff (1 s, 2 s, 4 s … 30 s).
 * The API and the worker ride the outage out (their connections recover by themselves). When every
 * try fails, `fatal` gets one sentence saying what to do, and the launcher stops the platform.
 */
export class SupervisedService<T extends EmbeddedService> {
  /** Restarts after the service died, since the start. */
  restarts = 0;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  private constructor(
    private current: T,
    private readonly o: {
      name: string;
      start: () => Promise<T>;
      out: (line: string) => void;
      fatal: (error: LaunchError) => void;
      /** What a person can do when it cannot be restarted (free its port, look at its data…). */
      advice: string;
      policy: ServiceRestartPolicy;
    },
  ) {
    this.watch(current);
  }

  static async start<T extends EmbeddedService>(o: SupervisedService<T>['o']): Promise<SupervisedService<T>> {
    return new SupervisedService(await o.start(), o);
  }

  /** The service running now (a new one after each restart). */
  get service(): T {
    return this.current;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.current.stop();
  }

  private watch(service: T): void {
    void service.ended.then((how) => {
      if (this.stopping || service !== this.current) return;
      this.o.out(
        `[launcher] !!! the embedded ${this.o.name} ${how} — restarting it (the API and the worker wait for it).`,
      );
      void this.restart();
    });
  }

  private async restart(): Promise<void> {
    const { attempts, firstDelayMs, maxDelayMs } = this.o.policy;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
      await new Promise<void>((done) => {
        this.wake = done;
        this.timer = setTimeout(done, delay);
      });
      if (this.stopping) return;
      try {
        const started = await this.o.start();
        if (this.stopping) return void (await started.stop());
        this.current = started;
        this.restarts++;
        this.watch(started);
        this.o.out(`[launcher] the embedded ${this.o.name} was restarted (try ${attempt}).`);
        return;
      } catch (e) {
        last = explainFailure(e);
        this.o.out(
          `[launcher] !!! restarting the embedded ${this.o.name} failed (try ${attempt} of ${attempts}): ${last}`,
        );
      }
    }
    this.o.fatal(
      new LaunchError(
        `The embedded ${this.o.name} stopped and could not be restarted after ${attempts} tries (${last.replace(/\.$/, '')}): ${this.o.advice}, then run npm start again.`,
      ),
    );
  }
}
