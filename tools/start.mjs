// `npm start`: builds what is stale (the server in ~1 s with swc, the Angular client only when its
// sources or a lib it imports changed), then runs the launcher: embedded PostgreSQL + S3 when none are configured,
// the API, one worker and the web client on http://localhost:3000.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webIsStale } from './web-build-inputs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function run(label, args) {
  console.log(`[start] ${label}…`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[start] ${label} failed.`);
    process.exit(r.status ?? 1);
  }
}

export function buildIfStale() {
  run('building the server', [join(root, 'tools/build-server.mjs')]);
  if (webIsStale(root)) {
    run('building the web client (first time takes a minute)', [
      join(root, 'node_modules/@angular/cli/bin/ng.js'),
      'build',
      'web',
    ]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    console.error(
      `[start] Atelier needs Node.js 24 or newer, this is ${process.version}: install Node 24 (see README "Prerequisites") and run npm start again.`,
    );
    process.exit(1);
  }
  if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
    console.error('[start] The dependencies are not installed: run "npm ci" first, then npm start.');
    process.exit(1);
  }
  buildIfStale();
  // The launcher runs in its own process group: Ctrl-C in a terminal signals the whole foreground
  // group, and PostgreSQL would otherwise shut down at once, before the API and the worker have
  // finished with it. We forward the signal; the launcher stops everything in order.
  const launcher = spawn(process.execPath, [join(root, 'dist/apps/launcher/src/main.js')], {
    stdio: 'inherit',
    detached: true,
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => launcher.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal));
  launcher.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
