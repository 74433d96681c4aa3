import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, dist } from './build.mjs';

/**
 * Medium tests run against a real PostgreSQL: DATABASE_URL when set, otherwise an embedded one
 * started here in a temporary directory. Storage tests use S3_ENDPOINT when set, otherwise the
 * embedded S3 server. Migrations run once for the whole run; each test makes its own rows.
 */
export default async function setup() {
  buildServer();
  const { startEmbeddedPostgres } = await dist('apps/launcher/src/embedded-postgres.js');
  const { startEmbeddedS3 } = await dist('apps/launcher/src/embedded-s3.js');
  const { freePort } = await dist('apps/launcher/src/ports.js');
  const { dataSourceOptions, runMigrations } = await dist('libs/database/src/index.js');
  const { DataSource } = await import('typeorm');

  const dir = await mkdtemp(join(tmpdir(), 'atelier-medium-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
  const stops = [];
  if (!process.env.DATABASE_URL) {
    const db = await startEmbeddedPostgres(join(dir, 'pg'), await freePort(), 'atelier_test', (l) => console.error(l));
    stops.push(db.stop);
    process.env.DATABASE_URL = db.url;
  }
  if (!process.env.S3_ENDPOINT) {
    const s3 = await startEmbeddedS3(join(dir, 's3'), await freePort());
    stops.push(s3.stop);
    Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey });
  }
  const ds = new DataSource(dataSourceOptions(process.env.DATABASE_URL));
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  globalThis.__atelierMedium = { stops, dir };
}
