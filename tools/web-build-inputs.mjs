// What the web client's build reads: apps/web, angular.json, and every lib it imports (`@atelier/<name>`),
// followed through the libs' own imports. `npm start` and the e2e set-up rebuild the client when any of it
// is newer than the last build, so a change to libs/board-engine reaches the client's prediction too.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const IMPORT = /from\s+['"](@atelier\/[a-z0-9-]+)['"]/g;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** The directories and files the web build depends on, relative to `root`. */
export function webBuildInputs(root) {
  const paths = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions.paths;
  const libs = new Set();
  const queue = [join(root, 'apps/web/src')];
  while (queue.length > 0) {
    for (const file of sourceFiles(queue.pop())) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const entry = paths[name]?.[0];
        if (!entry) continue;
        const lib = dirname(dirname(join(root, entry))); // libs/<name>/src/index.ts → libs/<name>
        if (libs.has(lib)) continue;
        libs.add(lib);
        queue.push(join(lib, 'src'));
      }
    }
  }
  return ['apps/web', 'angular.json', ...[...libs].map((lib) => relative(root, lib)).sort()];
}

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/** True when the built client is missing or older than anything its build reads. */
export function webIsStale(root) {
  const index = join(root, 'dist/web/browser/index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return webBuildInputs(root).some((input) => newest(join(root, input)) > built);
}
