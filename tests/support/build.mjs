import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Global setups run outside jest's module system, so they use the compiled server code under
 * dist/ — the same files `npm start` runs. This compiles it (about a second).
 */
export function buildServer() {
  const r = spawnSync(process.execPath, [join(root, 'tools/build-server.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error('tools/build-server.mjs failed');
}

export function dist(path) {
  return import(join(root, 'dist', path));
}
