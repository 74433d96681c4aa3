import { StorageRepository } from '@atelier/storage';
import type { S3Config } from '@atelier/config';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where backups live: a folder or a prefix of a second bucket. Each backup is a sub-folder
 * (`atelier-<UTC time>/`) holding `manifest.json`, `database.dump` and `objects/<key>`.
 */
export interface BackupStore {
  /** Human form, for messages and the backup record. */
  readonly location: string;
  write(path: string, body: Readable, contentType?: string): Promise<void>;
  read(path: string): Promise<Readable>;
  exists(path: string): Promise<boolean>;
  /** Names of the backups (sub-folders holding a manifest.json), oldest first. */
  backups(): Promise<string[]>;
  removeBackup(name: string): Promise<void>;
}

export class DirectoryStore implements BackupStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get location(): string {
    return this.root;
  }

  async write(path: string, body: Readable): Promise<void> {
    const file = this.resolve(path);
    await mkdir(dirname(file), { recursive: true });
    await pipeline(body, createWriteStream(file));
  }

  async read(path: string): Promise<Readable> {
    const file = this.resolve(path);
    await stat(file);
    return createReadStream(file);
  }

  async exists(path: string): Promise<boolean> {
    return stat(this.resolve(path)).then(
      () => true,
      () => false,
    );
  }

  async backups(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const names: string[] = [];
    for (const e of entries) if (e.isDirectory() && (await this.exists(`${e.name}/manifest.json`))) names.push(e.name);
    return names.sort();
  }

  async removeBackup(name: string): Promise<void> {
    await rm(this.resolve(name), { recursive: true, force: true });
  }

  /** A path inside the root, never outside it (object keys come from the bucket). */
  private resolve(path: string): string {
    const file = resolve(this.root, path);
    if (!file.startsWith(this.root + sep)) throw new Error(`refusing a backup path outside ${this.root}: ${path}`);
    return file;
  }
}

export class BucketStore implements BackupStore {
  private readonly storage: StorageRepository;

  constructor(
    s3: S3Config,
    bucket: string,
    private readonly prefix: string,
  ) {
    this.storage = new StorageRepository({ ...s3, bucket });
  }

  get location(): string {
    return `s3://${this.storage.bucket}/${this.prefix}`;
  }

  async write(path: string, body: Readable, contentType?: string): Promise<void> {
    await this.storage.ensureBucket();
    await this.storage.put(this.key(path), body, undefined, contentType);
  }

  read(path: string): Promise<Readable> {
    return this.storage.get(this.key(path));
  }

  async exists(path: string): Promise<boolean> {
    return (await this.storage.stat(this.key(path))) !== null;
  }

  async backups(): Promise<string[]> {
    const manifests = await this.storage.list(this.prefix);
    return manifests
      .map((o) => o.key.slice(this.prefix.length))
      .filter((k) => /^[^/]+\/manifest\.json$/.test(k))
      .map((k) => k.split('/')[0]!)
      .sort();
  }

  async removeBackup(name: string): Promise<void> {
    await this.storage.removePrefix(this.key(`${name}/`));
  }

  private key(path: string): string {
    return `${this.prefix}${path}`;
  }
}

/** `s3://bucket/prefix` → a bucket store (same S3 endpoint and keys as the app); anything else is a folder. */
export function backupStore(target: string, s3: S3Config): BackupStore {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(target);
  if (!m) return new DirectoryStore(target);
  const prefix = m[2] ? (m[2].endsWith('/') ? m[2] : `${m[2]}/`) : '';
  if (m[1] === s3.bucket) throw new Error(`back up to another bucket than the app's own (${s3.bucket})`);
  return new BucketStore(s3, m[1]!, prefix);
}

/** Reads a small file (the manifest) whole. */
export async function readSmall(store: BackupStore, path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await store.read(path)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
