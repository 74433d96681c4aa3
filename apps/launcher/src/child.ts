import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };

/** Nest's start-up chatter (one line per module and route) that a person starting Atelier does not need. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Turns a pino JSON line into one short readable line (null to drop it); anything else passes through. */
export function formatLogLine(name: string, line: string): string | null {
  if (!line.startsWith('{')) return `[${name}] ${line}`;
  try {
    const entry = JSON.parse(line) as {
      context?: string;
      level?: number;
      msg?: string;
      err?: { message?: string };
      req?: { method?: string; url?: string };
      res?: { statusCode?: number };
      responseTime?: number;
    };
    if (entry.context && QUIET_CONTEXTS.has(entry.context) && (entry.level ?? 30) < 40) return null;
    const level = LEVELS[entry.level ?? 30] ?? 'INFO ';
    let msg = entry.msg ?? '';
    if (entry.req && entry.res)
      msg = `${entry.req.method} ${entry.req.url} ${entry.res.statusCode} ${entry.responseTime ?? ''}ms`;
    if (entry.err?.message) msg += ` — ${entry.err.message}`;
    return `[${name}] ${level} ${msg}`;
  } catch {
    return `[${name}] ${line}`;
  }
}

/**
 * Node flags of the API and worker (also in the Dockerfile and docker-compose.yml).
 * `--max-semi-space-size=4` caps V8's young generation at 4 MB per semi-space. On a machine with a
 * lot of memory V8 otherwise sizes it from the heap limit (tens of MB), scavenges rarely, and the
 * 64 KB buffers that uploads and media streams pass through stay allocated until V8's 64 MB
 * external-memory limit forces a full collection. `npm run bench -- upload`, API memory growth
 * during a 1 GiB tus upload: 66–83 MiB by default, 68 MiB at 8 MB, 50 MiB at 4 MB (512 MiB runs:
 * 22 at 2, 29–42 at 4, 49 at 8, 68 at 16); the idle API is also ~50 MB smaller. Smaller than 4 costs
 * the live boards extra scavenges (board benchmark p99 ×2.8 the baseline at 2 MB in one run).
 */
export const SERVER_NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=4'];

/**
 * Runs a Node program as a child process, prefixing its output. `stop()` sends SIGTERM, waits for
 * a clean exit and only then SIGKILLs (after 10 s).
 */
export function startChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  raw = false,
): Child {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...diagnosticArgs(), script], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      const shown = raw ? line : formatLogLine(name, line);
      if (shown !== null) out(shown);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    process: child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Extra Node flags for the API and worker processes, for diagnosis only: ATELIER_CHILD_NODE_ARGS
 * ("--cpu-prof --cpu-prof-dir=/tmp/prof", "--trace-gc"), which NODE_OPTIONS refuses or would also
 * apply to the launcher and the benchmark's own clients.
 */
function diagnosticArgs(): string[] {
  return (process.env['ATELIER_CHILD_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean);
}
