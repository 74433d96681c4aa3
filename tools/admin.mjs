// `npm run admin -- <command> [--flag value]…`: builds the server when its sources are newer than the
// build, then runs the admin command line (dist/apps/api/src/cli.js) with the same environment.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/apps/api/src/cli.js');

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

const sources = Math.max(newest(join(root, 'apps/api/src')), newest(join(root, 'libs')));
if (!existsSync(cli) || statSync(cli).mtimeMs < sources) {
  const built = spawnSync(process.execPath, [join(root, 'tools/build-server.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) {
    console.error('atelier admin: building the server failed (see above).');
    process.exit(1);
  }
}
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
