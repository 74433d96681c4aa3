import { chmod, mkdir, mkdtemp } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, root } from './build.mjs';
import { buildIfStale } from '../../tools/start.mjs';

/**
 * Boots the real stack once for all e2e tests, the way `npm start` does: embedded PostgreSQL and
 * S3 in a fresh temporary directory (configured services are ignored, so a run never touches a
 * developer's data), the demo seed, the API serving the built web client, and one worker.
 */
export default async function setup() {
  buildIfStale();
  const { startStack } = await dist('apps/launcher/src/stack.js');
  const { freePort } = await dist('apps/launcher/src/ports.js');
  const dataDir = await mkdtemp(join(tmpdir(), 'atelier-e2e-'));
  await chmod(dataDir, 0o755);
  const artifacts = join(root, 'tests/e2e/artifacts');
  await mkdir(artifacts, { recursive: true });
  const log = createWriteStream(join(artifacts, 'stack.log'));
  // The periodic re-check of open sockets' sessions (15 s by default) is pushed out of the tests' way:
  // a revocation made through the API must close its sockets at once, without waiting for it.
  const env = {
    ...process.env,
    LOG_LEVEL: 'info',
    EMBEDDED_PG_PORT: '0',
    EMBEDDED_S3_PORT: '0',
    REALTIME_SESSION_CHECK_SECONDS: '600',
  };
  for (const name of [
    'DATABASE_URL',
    'S3_ENDPOINT',
    'S3_ACCESS_KEY',
    'S3_SECRET_KEY',
    'REDIS_URL',
    'PUBLIC_URL',
    'WEB_DIST',
    'PORT',
  ])
    delete env[name];
  const port = await freePort();
  const started = Date.now();
  const stack = await startStack({
    root,
    dataDir,
    port,
    env,
    serveWeb: true,
    seedDemo: true,
    out: (line) => log.write(`${line}\n`),
  });
  log.write(`[e2e] stack healthy after ${Date.now() - started} ms\n`);
  Object.assign(process.env, {
    ATELIER_E2E_URL: stack.url,
    ATELIER_E2E_DATABASE_URL: stack.env.DATABASE_URL,
    // Tests that need objects in storage (e.g. a ready clip's renditions) write them here.
    ATELIER_E2E_S3: JSON.stringify({
      endpoint: stack.env.S3_ENDPOINT,
      accessKey: stack.env.S3_ACCESS_KEY,
      secretKey: stack.env.S3_SECRET_KEY,
      bucket: stack.env.S3_BUCKET ?? 'atelier',
    }),
    ATELIER_E2E_SEED: JSON.stringify(stack.seed),
    ATELIER_E2E_ARTIFACTS: artifacts,
    // What a second API process needs to join the same stack (the two-node board tests).
    ATELIER_E2E_STACK_ENV: JSON.stringify(
      Object.fromEntries(
        [
          'DATABASE_URL',
          'S3_ENDPOINT',
          'S3_ACCESS_KEY',
          'S3_SECRET_KEY',
          'S3_BUCKET',
          'S3_REGION',
          'PUBLIC_URL',
          'NODE_ENV',
        ]
          .filter((k) => stack.env[k])
          .map((k) => [k, stack.env[k]]),
      ),
    ),
  });
  globalThis.__atelierE2e = { stack, dataDir, log };
}
