import { type CliCommand, UsageError } from './cli-command.js';

export interface ParsedArgs {
  command: string;
  flags: Record<string, string>;
}

/**
 * `<command> [--flag value | --flag=value]…` checked against the command's declared flags: an
 * unknown flag, a flag without its value, a repeated flag or a missing required one is a UsageError.
 */
export function parseArgs(argv: readonly string[], commands: Record<string, CliCommand>): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help', flags: {} };
  const spec = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!spec) throw new UsageError(`Unknown command "${command}".`);
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--') || arg.length < 3) throw new UsageError(`Unexpected argument "${arg}": flags look like --name value.`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!Object.hasOwn(spec.flags, name)) throw new UsageError(`"${command}" has no flag --${name}.`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value (${spec.flags[name]!.value}).`);
      i++;
    }
    if (Object.hasOwn(flags, name)) throw new UsageError(`--${name} is given twice.`);
    if (value.trim() === '') throw new UsageError(`--${name} needs a value (${spec.flags[name]!.value}).`);
    flags[name] = value;
  }
  const missing = Object.entries(spec.flags)
    .filter(([name, f]) => f.required && !Object.hasOwn(flags, name))
    .map(([name]) => `--${name}`);
  if (missing.length > 0) throw new UsageError(`"${command}" needs ${missing.join(', ')}.`);
  return { command, flags };
}

/** The usage text: every command with its flags, or one command's. */
export function usage(commands: Record<string, CliCommand>, only?: string): string {
  const lines = ['Usage: npm run admin -- <command> [--flag value]…', '   or: node dist/apps/api/src/cli.js <command> [--flag value]…', ''];
  lines.push('It reads the same environment as the API (DATABASE_URL, S3_*, PUBLIC_URL…).', '', 'Commands:');
  for (const [name, c] of Object.entries(commands)) {
    if (only && name !== only) continue;
    lines.push(`  ${name}  ${c.summary}`);
    for (const [flag, f] of Object.entries(c.flags)) {
      lines.push(`      ${f.required ? '' : '['}--${flag} ${f.value}${f.required ? '' : ']'}  ${f.description}`);
    }
  }
  lines.push('  help  this text');
  return lines.join('\n');
}
