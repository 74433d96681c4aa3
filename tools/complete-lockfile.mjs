// Adds to package-lock.json the platform-specific optional packages (other operating systems and
// CPUs) that npm 11.19 leaves out when it writes the lock file, but then demands in `npm ci`
// ("Missing: @swc/core-darwin-arm64@ from lock file"). Run it after changing dependencies:
//   node tools/complete-lockfile.mjs
// Entries are marked optional with their os/cpu, so each machine still installs only its own.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lockPath = join(root, 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];

/** For a platform package the registry here does not carry: its os/cpu read off its name. */
function guessPlatform(name, range) {
  const parts = name.split('/').pop().split('-');
  const entry = { version: range.replace(/^[\^~=]/, ''), optional: true };
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.includes('wasi') ? 'wasm32' : parts.find((p) => CPU.includes(p) || p === 'arm64' || p === 'arm');
  if (os) entry.os = [os];
  if (cpu) entry.cpu = [cpu];
  return entry;
}

function view(spec) {
  let out;
  try {
    out = execFileSync(
      'npm',
      [
        'view',
        spec,
        'name',
        'version',
        'dist.integrity',
        'os',
        'cpu',
        'libc',
        'license',
        'engines',
        'dependencies',
        '--json',
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
  } catch {
    return null; // not in the registry this machine reaches
  }
  const parsed = JSON.parse(out);
  return Array.isArray(parsed) ? parsed[parsed.length - 1] : parsed;
}

let added = 0;
const queue = [];
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {}))
    queue.push({ from: location, name, range });
}
while (queue.length > 0) {
  const { from, name, range } = queue.shift();
  // Resolution walks up from the dependent's folder, as Node's does.
  let dir = from;
  let found = false;
  while (true) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) {
      found = true;
      break;
    }
    if (!dir) break;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
  if (found) continue;
  const meta = view(`${name}@${range}`);
  if (!meta) {
    packages[`node_modules/${name}`] = guessPlatform(name, range);
    added++;
    console.log(`added ${name}@${range} (not in this registry; platform from its name)`);
    continue;
  }
  const entry = { version: meta.version, integrity: meta['dist.integrity'], optional: true };
  for (const key of ['os', 'cpu', 'libc']) if (meta[key]) entry[key] = meta[key];
  if (meta.license) entry.license = meta.license;
  if (meta.dependencies) entry.dependencies = meta.dependencies;
  if (meta.engines) entry.engines = meta.engines;
  packages[`node_modules/${name}`] = entry;
  added++;
  console.log(`added ${name}@${meta.version}`);
  for (const [dep, depRange] of Object.entries(meta.dependencies ?? {}))
    queue.push({ from: `node_modules/${name}`, name: dep, range: depRange });
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform packages added`);
