import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Finds `pg_dump` / `pg_restore` whose major version is at least the server's (an older pg_dump
 * refuses to dump a newer server). Looks in `PG_BIN_DIR`, then every `/usr/lib/postgresql/<major>/bin`
 * (Debian's postgresql-client packages, newest first), then `PATH`.
 */
export async function findPgTool(
  tool: 'pg_dump' | 'pg_restore',
  serverMajor: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const candidates: string[] = [];
  if (env['PG_BIN_DIR']) candidates.push(join(env['PG_BIN_DIR'], tool));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const m of majors) candidates.push(join(debian, m, 'bin', tool));
  }
  candidates.push(tool);
  const found: string[] = [];
  for (const path of candidates) {
    const major = await toolMajor(path);
    if (major === null) continue;
    found.push(`${path} (${major})`);
    if (major >= serverMajor) return path;
  }
  throw new Error(
    found.length === 0
      ? `${tool} was not found: install Debian's postgresql-client (apt-get install postgresql-client) or set PG_BIN_DIR`
      : `the database server is PostgreSQL ${serverMajor} but the newest ${tool} found is older (${found.join(', ')}): ` +
          `install postgresql-client-${serverMajor} or set PG_BIN_DIR to its bin folder`,
  );
}

async function toolMajor(path: string): Promise<number | null> {
  try {
    const { stdout } = await run(path, ['--version']);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout.replace(/^[^)]*\)/, ''));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Runs a PostgreSQL client tool; a failure carries the tool's own last words, not a stack. */
export async function runPgTool(path: string, args: string[]): Promise<void> {
  try {
    await run(path, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? '').trim();
    throw new Error(
      `${path.split('/').pop()} failed: ${stderr.split('\n').slice(-3).join(' ') || (e as Error).message}`,
      { cause: e },
    );
  }
}
