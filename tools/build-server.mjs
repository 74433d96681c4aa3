// Compiles the Nest apps, the launcher and the libraries they use from TypeScript to ESM JavaScript
// under dist/, keeping the source layout. swc (not tsc) because it is fast and keeps the decorator
// metadata Nest's dependency injection needs; `npm run typecheck` is the type check.
import { transformFile } from '@swc/core';
import { swcOptions } from './swc-options.mjs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const sources = [
  'apps/api/src',
  'apps/worker/src',
  'apps/launcher/src',
  'libs/contracts/src',
  'libs/database/src',
  'libs/config/src',
  'libs/storage/src',
  'libs/queue/src',
  'libs/board-engine/src',
  'libs/media/src',
  'libs/backup/src',
];
const aliases = {
  '@atelier/contracts': 'libs/contracts/src/index.js',
  '@atelier/database': 'libs/database/src/index.js',
  '@atelier/config': 'libs/config/src/index.js',
  '@atelier/storage': 'libs/storage/src/index.js',
  '@atelier/queue': 'libs/queue/src/index.js',
  '@atelier/board-engine': 'libs/board-engine/src/index.js',
  '@atelier/media': 'libs/media/src/index.js',
  '@atelier/backup': 'libs/backup/src/index.js',
};

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOENT') return;
    throw e;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
      yield path;
  }
}

function rewriteAliases(code, fileOut) {
  return code.replace(/(from\s+|import\s*\(\s*)(['"])(@atelier\/[a-z-]+)\2/g, (whole, lead, quote, alias) => {
    const target = aliases[alias];
    if (!target) throw new Error(`Unknown path alias ${alias} in ${fileOut}`);
    let rel = relative(dirname(fileOut), join(out, target));
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}${quote}${rel}${quote}`;
  });
}

const started = Date.now();
await rm(out + '/apps', { recursive: true, force: true });
await rm(out + '/libs', { recursive: true, force: true });
let count = 0;
const jobs = [];
for (const src of sources) {
  for await (const file of walk(join(root, src))) {
    const fileOut = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    jobs.push(
      transformFile(file, { ...swcOptions, sourceMaps: true }).then(async ({ code, map }) => {
        await mkdir(dirname(fileOut), { recursive: true });
        await writeFile(
          fileOut,
          `${rewriteAliases(code, fileOut)}\n//# sourceMappingURL=${fileOut.split('/').pop()}.map\n`,
        );
        if (map) await writeFile(`${fileOut}.map`, map);
        count++;
      }),
    );
  }
}
await Promise.all(jobs);
await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
console.log(`build:server compiled ${count} files in ${Date.now() - started} ms`);
