import { describe, expect, it, jest } from '@jest/globals';
import type { CliCommand } from './cli-command.js';
import { parseArgs, usage } from './parse-args.js';

const commands: Record<string, CliCommand> = {
  'create-organisation': {
    summary: 'create one',
    needs: 'app',
    flags: {
      name: { required: true, value: 'NAME', description: 'its name' },
      languages: { required: false, value: 'fr,nl', description: 'languages' },
    },
    run: jest.fn<CliCommand['run']>(),
  },
  migrate: { summary: 'migrate', needs: 'config', flags: {}, run: jest.fn<CliCommand['run']>() },
};

describe(parseArgs.name, () => {
  it('reads --flag value and --flag=value', () => {
    expect(parseArgs(['create-organisation', '--name', 'Atelier Gent', '--languages=fr,nl'], commands)).toEqual({
      command: 'create-organisation',
      flags: { name: 'Atelier Gent', languages: 'fr,nl' },
    });
    expect(parseArgs(['migrate'], commands)).toEqual({ command: 'migrate', flags: {} });
  });

  it('takes no command, help, --help and -h as a request for help', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) expect(parseArgs(argv, commands).command).toBe('help');
  });

  it.each([
    [['frobnicate'], 'Unknown command "frobnicate"'],
    [['toString'], 'Unknown command "toString"'],
    [['create-organisation'], 'needs --name'],
    [['create-organisation', '--name'], '--name needs a value'],
    [['create-organisation', '--name', '--languages', 'fr'], '--name needs a value'],
    [['create-organisation', '--name', ' '], '--name needs a value'],
    [['create-organisation', '--name', 'A', '--name', 'B'], '--name is given twice'],
    [['create-organisation', '--name', 'A', '--colour', 'red'], 'has no flag --colour'],
    [['create-organisation', 'A'], 'Unexpected argument "A"'],
    [['migrate', '--'], 'Unexpected argument "--"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseArgs(argv, commands)).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringContaining(message) }));
  });
});

describe(usage.name, () => {
  it('lists every command with its flags, optional ones in brackets', () => {
    const text = usage(commands);
    expect(text).toContain('create-organisation  create one');
    expect(text).toContain('--name NAME  its name');
    expect(text).toContain('[--languages fr,nl]  languages');
    expect(text).toContain('migrate  migrate');
  });
});
