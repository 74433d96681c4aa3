import type { S3Config } from '@atelier/config';
import { StorageRepository } from '@atelier/storage';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { type BackupStore, readSmall } from './backup-store.js';
import { findPgTool, runPgTool } from './pg-tools.js';

export const MANIFEST_FORMAT = 1;

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  createdAt: string;
  schemaVersion: string | null;
  postgresVersion: string;
  database: { file: 'database.dump'; size: number; sha256: string };
  bucket: string;
  objects: Array<{ key: string; size: number; sha256: string; contentType: string }>;
}

export interface BackupResult {
  name: string;
  location: string;
  sizeBytes: number;
  objects: number;
  schemaVersion: string | null;
  /** Backups removed by the retention rule. */
  pruned: string[];
}

export interface BackupSource {
  databaseUrl: string;
  s3: S3Config;
}

/** Raised for a refusal the operator can act on (target not empty, a hash that does not match). */
export class BackupRefused extends Error {
  constructor(
    readonly reason: 'target_not_empty' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'BackupRefused';
  }
}

/**
 * One backup: `pg_dump -Fc` of the database, every object of the bucket (hashed on the way) and a
 * manifest written last (a folder without manifest.json is an unfinished backup and is ignored).
 * With `keep`, older backups beyond the newest `keep` are removed afterwards.
 */
export async function createBackup(src: BackupSource, store: BackupStore, o: { keep?: number; now?: Date } = {}): Promise<BackupResult> {
  const now = o.now ?? new Date();
  const name = `atelier-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  const server = await serverFacts(src.databaseUrl);
  const pgDump = await findPgTool('pg_dump', server.major);
  const scratch = await mkdtemp(join(tmpdir(), 'atelier-backup-'));
  try {
    const dumpFile = join(scratch, 'database.dump');
    await runPgTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${dumpFile}`, `--dbname=${src.databaseUrl}`]);
    const dumpHash = await hashFile(dumpFile);
    await store.write(`${name}/database.dump`, createReadStream(dumpFile), 'application/octet-stream');
    const storage = new StorageRepository(src.s3);
    const objects: BackupManifest['objects'] = [];
    for (const { key } of await storage.list('')) {
      const info = await storage.stat(key);
      if (!info) continue; // deleted since listed
      const hashed = hashing(await storage.get(key));
      await store.write(`${name}/objects/${key}`, hashed.stream, info.contentType);
      objects.push({ key, size: hashed.size(), sha256: hashed.digest(), contentType: info.contentType });
    }
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      createdAt: now.toISOString(),
      schemaVersion: server.schemaVersion,
      postgresVersion: server.version,
      database: { file: 'database.dump', size: (await stat(dumpFile)).size, sha256: dumpHash },
      bucket: src.s3.bucket,
      objects,
    };
    await store.write(`${name}/manifest.json`, Readable.from([JSON.stringify(manifest, null, 2)]), 'application/json');
    const pruned = o.keep ? await pruneBackups(store, o.keep) : [];
    return {
      name,
      location: `${store.location.replace(/\/$/, '')}/${name}`,
      sizeBytes: manifest.database.size + objects.reduce((n, x) => n + x.size, 0),
      objects: objects.length,
      schemaVersion: server.schemaVersion,
      pruned,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Keeps the newest `keep` backups of the store; returns the names removed. */
export async function pruneBackups(store: BackupStore, keep: number): Promise<string[]> {
  const names = await store.backups();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) await store.removeBackup(name);
  return old;
}

/**
 * Puts a backup back into an EMPTY database and an EMPTY bucket (refuses otherwise, before touching
 * anything), checking the dump's and every object's sha256 against the manifest.
 * `store` is the backup itself (the folder holding manifest.json).
 */
export async function restoreBackup(dst: BackupSource, store: BackupStore): Promise<{ objects: number; sizeBytes: number; schemaVersion: string | null }> {
  if (!(await store.exists('manifest.json'))) {
    const inside = await store.backups();
    throw new BackupRefused(
      'invalid',
      inside.length > 0
        ? `${store.location} holds backups, not one backup: restore one of them, e.g. ${store.location.replace(/\/$/, '')}/${inside.at(-1)}`
        : `${store.location} is not a backup (no manifest.json)`,
    );
  }
  const manifest = JSON.parse(await readSmall(store, 'manifest.json')) as BackupManifest;
  if (manifest.format !== MANIFEST_FORMAT) throw new BackupRefused('invalid', `unknown backup format ${String(manifest.format)}`);
  const server = await serverFacts(dst.databaseUrl);
  if (server.tables > 0) {
    throw new BackupRefused('target_not_empty', `the database is not empty (${server.tables} tables): restore only into a new, empty database`);
  }
  const storage = new StorageRepository(dst.s3);
  await storage.ensureBucket();
  if ((await storage.list('')).length > 0) {
    throw new BackupRefused('target_not_empty', `the bucket ${dst.s3.bucket} is not empty: restore only into a new, empty bucket`);
  }
  const pgRestore = await findPgTool('pg_restore', server.major);
  const scratch = await mkdtemp(join(tmpdir(), 'atelier-restore-'));
  try {
    const dumpFile = join(scratch, 'database.dump');
    await pipeline(await store.read('database.dump'), createWriteStream(dumpFile));
    if ((await hashFile(dumpFile)) !== manifest.database.sha256) {
      throw new BackupRefused('invalid', 'database.dump does not match its sha256 in the manifest: the backup is damaged');
    }
    await runPgTool(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dst.databaseUrl}`, dumpFile]);
    const damaged: string[] = [];
    for (const o of manifest.objects) {
      const hashed = hashing(await store.read(`objects/${o.key}`));
      await storage.put(o.key, hashed.stream, o.size, o.contentType);
      if (hashed.digest() !== o.sha256 || hashed.size() !== o.size) damaged.push(o.key);
    }
    if (damaged.length > 0) {
      throw new BackupRefused('invalid', `${damaged.length} object(s) do not match their sha256 in the manifest (first: ${damaged[0]}): the backup is damaged`);
    }
    return { objects: manifest.objects.length, sizeBytes: manifest.database.size + manifest.objects.reduce((n, x) => n + x.size, 0), schemaVersion: manifest.schemaVersion };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface ServerFacts {
  major: number;
  version: string;
  /** Tables outside PostgreSQL's own schemas. */
  tables: number;
  schemaVersion: string | null;
}

async function serverFacts(databaseUrl: string): Promise<ServerFacts> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const v = await client.query<{ server_version_num: string; server_version: string }>(
      `SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version`,
    );
    const t = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg_toast%'`,
    );
    let schemaVersion: string | null = null;
    if (t.rows[0]!.n > 0) {
      const m = await client.query<{ name: string }>(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`).catch(() => ({ rows: [] }));
      schemaVersion = m.rows[0]?.name ?? null;
    }
    return { major: Math.floor(Number(v.rows[0]!.server_version_num) / 10000), version: v.rows[0]!.server_version, tables: t.rows[0]!.n, schemaVersion };
  } finally {
    await client.end();
  }
}

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** `source` read through a stream that hashes and counts it; `digest()` is ready once it has been read to the end. */
function hashing(source: Readable): { stream: Transform; digest(): string; size(): number } {
  const h = createHash('sha256');
  let size = 0;
  let digest = '';
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      h.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      digest = h.digest('hex');
      done();
    },
  });
  source.once('error', (e) => stream.destroy(e));
  source.pipe(stream);
  return { stream, digest: () => digest, size: () => size };
}
