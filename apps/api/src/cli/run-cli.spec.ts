import { describe, expect, it, jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { ErrorCode } from '@atelier/contracts';
import { DomainError } from '../common/domain-error.js';
import type { CliCommand } from './cli-command.js';
import { EXIT, runCli } from './run-cli.js';

const ENV = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db',
  S3_ENDPOINT: 'http://127.0.0.1:9',
  S3_ACCESS_KEY: 'k',
  S3_SECRET_KEY: 's',
};

function newTestCli(run: CliCommand['run'], env: NodeJS.ProcessEnv = ENV) {
  const out: string[] = [];
  const err: string[] = [];
  const boot = jest.fn<() => Promise<INestApplicationContext>>();
  const commands: Record<string, CliCommand> = {
    hello: {
      summary: 'says hello',
      needs: 'config',
      flags: { to: { required: true, value: 'WHO', description: 'whom' } },
      run: jest.fn(run),
    },
  };
  const exec = (argv: string[]) =>
    runCli(argv, commands, { out: (l) => out.push(l), err: (l) => err.push(l), env }, boot);
  return { exec, out, err, boot, commands };
}

describe(runCli.name, () => {
  it('runs the named command with its flags and exits 0', async () => {
    const { exec, out, commands } = newTestCli(async (ctx, f) => ctx.out(`hello ${f['to']}`));
    await expect(exec(['hello', '--to', 'Els'])).resolves.toBe(EXIT.ok);
    expect(out).toEqual(['hello Els']);
    expect(commands['hello']!.run).toHaveBeenCalledTimes(1);
  });

  it('prints the usage and exits 2 for help, an unknown command or a bad flag, without running anything', async () => {
    for (const argv of [[], ['help'], ['nope'], ['hello'], ['hello', '--to']]) {
      const { exec, err, commands, boot } = newTestCli(async () => undefined);
      await expect(exec(argv)).resolves.toBe(EXIT.usage);
      expect(err.join('\n')).toContain('Usage: npm run admin');
      expect(commands['hello']!.run).not.toHaveBeenCalled();
      expect(boot).not.toHaveBeenCalled();
    }
  });

  it('turns a refusal into one sentence and exit 1, not a stack trace', async () => {
    const { exec, err } = newTestCli(async () => {
      throw new DomainError(ErrorCode.SlugTaken, 'The address "gent" is already used.');
    });
    await expect(exec(['hello', '--to', 'x'])).resolves.toBe(EXIT.failed);
    expect(err).toEqual(['atelier admin: The address "gent" is already used.']);
  });

  it('reports an unexpected failure in one line, with the way to see more', async () => {
    const { exec, err } = newTestCli(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:1');
    });
    await expect(exec(['hello', '--to', 'x'])).resolves.toBe(EXIT.failed);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^atelier admin: connect ECONNREFUSED 127\.0\.0\.1:1 \(set ATELIER_CLI_DEBUG=1/);
  });

  it('names the missing setting and exits 78 when the environment is incomplete', async () => {
    const { exec, err, commands } = newTestCli(async () => undefined, {});
    await expect(exec(['hello', '--to', 'x'])).resolves.toBe(EXIT.config);
    expect(err.join('\n')).toContain('DATABASE_URL is required');
    expect(commands['hello']!.run).not.toHaveBeenCalled();
  });
});
