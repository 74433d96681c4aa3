import { accountCommands } from './accounts.command.js';
import { backupCommands } from './backup.command.js';
import type { CliCommand } from './cli-command.js';
import { databaseCommands } from './database.command.js';
import { organisationCommands } from './organisations.command.js';

/** Every admin command by name; one file per group (`*.command.ts`). */
export const COMMANDS: Record<string, CliCommand> = {
  ...organisationCommands,
  ...accountCommands,
  ...databaseCommands,
  ...backupCommands,
};
