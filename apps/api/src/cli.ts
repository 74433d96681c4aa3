import 'reflect-metadata';
import { CliModule } from './cli/cli.module.js';
import { COMMANDS } from './cli/commands.js';
import { nestContext, runCli } from './cli/run-cli.js';

// The admin command line: `npm run admin -- <command> [--flag value]…`, or in docker-compose
// `docker compose exec api node dist/apps/api/src/cli.js <command> …`. See README "Admin commands".
process.exitCode = await runCli(
  process.argv.slice(2),
  COMMANDS,
  { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env },
  nestContext(CliModule),
);
