import { ConfigError, loadConfig, type AppConfig } from '@atelier/config';
import { dataSourceOptions, runMigrations } from '@atelier/database';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { type CliCommand, type CliContext, UsageError } from './cli-command.js';
import { parseArgs, usage } from './parse-args.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

/** Exit codes: 0 done, 1 refused or failed (one sentence on stderr), 2 wrong command line, 78 bad configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2, config: 78 } as const;

/**
 * Parses the command line, prepares what the command needs (configuration; for `app` commands the
 * migrated schema and a Nest application context over the API's own modules) and runs it. Never
 * lets a stack trace reach the operator: every failure becomes one sentence and an exit code.
 */
export async function runCli(
  argv: readonly string[],
  commands: Record<string, CliCommand>,
  io: CliIo,
  bootApp: () => Promise<INestApplicationContext>,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv, commands);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`atelier admin: ${e.message}`);
    io.err(usage(commands));
    return EXIT.usage;
  }
  if (parsed.command === 'help') {
    io.err(usage(commands));
    return EXIT.usage;
  }
  const command = commands[parsed.command]!;
  let config: AppConfig;
  try {
    config = loadConfig(io.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(`atelier admin: ${e.message}`);
    return EXIT.config;
  }
  let app: INestApplicationContext | undefined;
  try {
    if (command.needs === 'app') {
      await migrate(config.databaseUrl);
      app = await bootApp();
    }
    const ctx: CliContext = {
      config,
      out: io.out,
      get: (type) => {
        if (!app) throw new Error(`the "${parsed.command}" command has no application context`);
        return app.get(type);
      },
    };
    await command.run(ctx, parsed.flags);
    return EXIT.ok;
  } catch (e) {
    io.err(`atelier admin: ${e instanceof DomainError ? e.message : describe(e)}`);
    if (io.env['ATELIER_CLI_DEBUG'] && e instanceof Error && e.stack) io.err(e.stack);
    return EXIT.failed;
  } finally {
    await app?.close();
  }
}

/** The same schema the API would migrate to at start, so a command never runs against an old one. */
async function migrate(databaseUrl: string): Promise<void> {
  const db = new DataSource(dataSourceOptions(databaseUrl));
  await db.initialize();
  try {
    await runMigrations(db);
  } finally {
    await db.destroy();
  }
}

function describe(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return describe(e.errors[0]);
  const message = e instanceof Error ? e.message : String(e);
  return `${message} (set ATELIER_CLI_DEBUG=1 to see where)`;
}

/** Boots the CLI's Nest application context quietly (its own errors still reach `runCli`). */
export function nestContext(module: unknown): () => Promise<INestApplicationContext> {
  return () => NestFactory.createApplicationContext(module as never, { logger: false, abortOnError: false });
}
