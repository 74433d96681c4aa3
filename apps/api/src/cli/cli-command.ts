import type { AppConfig } from '@atelier/config';

/** One flag of a command: `--name value`. */
export interface CliFlag {
  required: boolean;
  /** `VALUE` placeholder and meaning, for the usage text. */
  value: string;
  description: string;
}

/**
 * What a command needs before it runs: nothing (help); the migrated database through Nest
 * (`app`: the services); or only the configuration (`config`: migrate, backup, restore — which must
 * see the database as it is).
 */
export type CliNeeds = 'nothing' | 'config' | 'app';

/** What a running command may use. `get` resolves a provider of the booted Nest application context. */
export interface CliContext {
  config: AppConfig;
  get<T>(type: abstract new (...args: never[]) => T): T;
  out(line: string): void;
}

export interface CliCommand {
  summary: string;
  needs: CliNeeds;
  flags: Record<string, CliFlag>;
  run(ctx: CliContext, flags: Record<string, string>): Promise<void>;
}

/** Wrong command line: the runner prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
