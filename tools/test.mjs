// `npm test`: unit, then medium (real PostgreSQL + S3), then e2e (the whole stack, and Chromium), then
// production (nginx in front of two API nodes and two workers).
// One jest run over the three projects; prints jest's report and then one plain line
// "N passed, N failed" that CI reads. Extra arguments go to jest (e.g. a test file path).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(tmpdir(), `atelier-jest-${process.pid}`);
mkdirSync(out, { recursive: true });
const report = join(out, 'report.json');

const started = Date.now();
const r = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    join(root, 'node_modules/jest/bin/jest.js'),
    '--selectProjects',
    'unit',
    'web',
    'medium',
    'e2e',
    'production',
    '--json',
    '--outputFile',
    report,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let suitesFailed = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  suitesFailed = json.numRuntimeErrorTestSuites ?? 0;
} catch {
  failed = Math.max(failed, 1); // no report: jest itself failed (a global setup, a config error)
}
rmSync(out, { recursive: true, force: true });
if (suitesFailed > 0) failed += suitesFailed; // a suite that could not run counts as failed
console.log(`\nnpm test took ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
