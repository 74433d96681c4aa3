import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findPgTool } from '@atelier/backup';
import { Role } from '@atelier/contracts';
import { dataSourceOptions, runMigrations } from '@atelier/database';
import { StorageRepository } from '@atelier/storage';
import argon2 from 'argon2';
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { freePort } from '../../apps/launcher/src/ports.js';
import { factory } from '../support/factory.js';
import { generatedMedia } from '../support/publishing-e2e.js';

/**
 * Backup → wipe → restore with the built admin command line, on a database of its own. pg_dump must
 * be at least the server's major version: the medium PostgreSQL when the installed client allows it,
 * otherwise BACKUP_TEST_DATABASE_URL (default: the machine's PostgreSQL on 127.0.0.1:5432).
 */
const PASSWORD = 'backup test password';
const TABLES = ['organisations', 'users', 'memberships', 'programmes', 'programme_sessions', 'attendance_marks', 'boards', 'media_projects', 'clips', 'documentaries'];

let adminUrl: string;
let databaseUrl: string;
let dbName: string;
let storage: StorageRepository;
let env: Record<string, string>;
let backupRoot: string;

async function serverUrl(): Promise<string> {
  const candidates = [process.env.DATABASE_URL!, process.env.BACKUP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'];
  const problems: string[] = [];
  for (const url of candidates) {
    try {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const { rows } = await c.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
      await c.end();
      await findPgTool('pg_dump', Math.floor(Number(rows[0]!.v) / 10000));
      return url;
    } catch (e) {
      problems.push(`${url.replace(/:[^:@/]*@/, ':***@')}: ${(e as Error).message}`);
    }
  }
  throw new Error(`no PostgreSQL server that the installed pg_dump can back up:\n${problems.join('\n')}`);
}

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/apps/api/src/cli.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, stdout, stderr, ms: Date.now() - started };
}

/** Every row of the tables that matter, in a stable order, as JSON. */
async function rows(): Promise<Record<string, unknown[]>> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = (await c.query(`SELECT to_jsonb(x) AS r FROM ${t} x ORDER BY to_jsonb(x)::text`)).rows.map((r) => r.r);
    return out;
  } finally {
    await c.end();
  }
}

async function objectHashes(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { key } of await storage.list('')) {
    const h = createHash('sha256');
    for await (const chunk of await storage.get(key)) h.update(chunk as Buffer);
    out[key] = h.digest('hex');
  }
  return out;
}

async function sizeOf(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += (await stat(join(e.parentPath, e.name))).size;
  return n;
}

let documentaryId: string;
const staffEmail = `backup-${randomUUID().slice(0, 6)}@example.org`;

beforeAll(async () => {
  adminUrl = await serverUrl();
  dbName = `atelier_backup_${randomUUID().slice(0, 8)}`;
  await sql(adminUrl, `CREATE DATABASE ${dbName}`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
  const s3 = new URL(process.env.S3_ENDPOINT!);
  const bucket = dbName.replace(/_/g, '-');
  storage = new StorageRepository({ endPoint: s3.hostname, port: Number(s3.port || 80), useSSL: false, accessKey: process.env.S3_ACCESS_KEY!, secretKey: process.env.S3_SECRET_KEY!, region: 'us-east-1', bucket });
  await storage.ensureBucket();
  env = { DATABASE_URL: databaseUrl, S3_ENDPOINT: process.env.S3_ENDPOINT!, S3_ACCESS_KEY: process.env.S3_ACCESS_KEY!, S3_SECRET_KEY: process.env.S3_SECRET_KEY!, S3_BUCKET: bucket, LOG_LEVEL: 'warn' };
  backupRoot = await mkdtemp(join(tmpdir(), 'atelier-backup-test-'));

  const db = new DataSource(dataSourceOptions(databaseUrl));
  await db.initialize();
  try {
    await runMigrations(db);
    const f = factory(db);
    const org = await f.organisation('Atelier Sauvegarde');
    const staff = await f.member(org.id, Role.Admin, { email: staffEmail, passwordHash: await argon2.hash(PASSWORD, { type: argon2.argon2id }) });
    const amina = await f.member(org.id, Role.Participant, { name: 'Amina' });
    const [prog] = (await db.query(`INSERT INTO programmes (organisation_id, kind, title, join_code, calendar_key, check_in_secret)
       VALUES ($1, 'video_course', 'Cinéma pauvre', $2, $3, 'secret') RETURNING id`,
      [org.id, randomUUID().slice(0, 8), randomUUID()],)) as Array<{ id: string }>;
    const [session] = (await db.query(
      `INSERT INTO programme_sessions (programme_id, starts_at, ends_at) VALUES ($1, now() - interval '2 hours', now() - interval '1 hour') RETURNING id`,
      [prog!.id],
    )) as Array<{ id: string }>;
    await db.query(`INSERT INTO attendance_marks (session_id, participant_id, status, source, marked_by, marked_at) VALUES ($1, $2, 'present', 'trainer', $3, now())`, [session!.id, amina.id, staff.id]);
    await db.query(`INSERT INTO boards (organisation_id, session_id, title, template, code, facilitator_id) VALUES ($1, $2, 'Idées', 'blank', 'BKPBRD', $3)`, [org.id, session!.id, staff.id]);
    const { projectId } = await f.mediaProject(org.id, [amina.id]);
    const clip = await f.readyClip({ organisationId: org.id, projectId, uploadedBy: staff.id, durationMs: 6000 });
    const media = await generatedMedia();
    for (const rel of ['proxy.mp4', 'poster.jpg', 'hls/master.m3u8', ...(await readdir(join(media, 'hls/360p'))).map((n) => `hls/360p/${n}`)]) {
      const body = await readFile(join(media, rel));
      await storage.put(`clips/${clip.id}/${rel}`, body, body.length, rel.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'application/octet-stream');
    }
    await storage.put(clip.sourceKey, Buffer.from('the uploaded original'), undefined, 'video/mp4');
    const [doc] = (await db.query(
      `INSERT INTO documentaries (organisation_id, project_id, title, language, video_clip_id, visibility, published, published_at, unlisted_token)
       VALUES ($1, $2, 'Notre quartier', 'fr', $3, 'public', true, now(), $4) RETURNING id`,
      [org.id, projectId, clip.id, randomUUID()],
    )) as Array<{ id: string }>;
    documentaryId = doc!.id;
  } finally {
    await db.destroy();
  }
}, 180_000);

afterAll(async () => {
  await rm(backupRoot, { recursive: true, force: true });
  await storage?.removeMany((await storage.list('')).map((o) => o.key)).catch(() => undefined);
  if (dbName) await sql(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
});

describe('backup → wipe → restore (admin command line)', () => {
  it('gives back the same rows and the same objects; staff sign in and the published film plays', async () => {
    const rowsBefore = await rows();
    const objectsBefore = await objectHashes();
    expect(rowsBefore['attendance_marks']).toHaveLength(1);
    expect(Object.keys(objectsBefore).length).toBeGreaterThan(5);

    const backup = await admin(['backup', '--to', backupRoot]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const [name] = await readdir(backupRoot);
    const folder = join(backupRoot, name!);
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as { objects: Array<{ key: string; sha256: string }>; schemaVersion: string };
    expect(Object.fromEntries(manifest.objects.map((o) => [o.key, o.sha256]))).toEqual(objectsBefore);
    expect(manifest.schemaVersion).toMatch(/^\w+\d{13}$/);

    // Restore refuses a database and bucket that are not empty, and changes nothing.
    const refused = await admin(['restore', '--from', folder]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^atelier admin: Restore refused: the database is not empty/);

    // Wipe both, as after losing the server.
    await sql(adminUrl, `DROP DATABASE ${dbName} WITH (FORCE)`);
    await sql(adminUrl, `CREATE DATABASE ${dbName}`);
    await storage.removeMany((await storage.list('')).map((o) => o.key));
    expect(await storage.list('')).toEqual([]);

    const restore = await admin(['restore', '--from', folder]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    console.log(
      `backup: ${backup.ms} ms, ${await sizeOf(folder)} bytes on disk (${manifest.objects.length} objects); restore: ${restore.ms} ms (both include node start)`,
    );

    expect(await rows()).toEqual(rowsBefore);
    expect(await objectHashes()).toEqual(objectsBefore);

    // The restored instance works: staff sign in, the public film's HLS is served.
    const port = await freePort();
    const api = spawn(process.execPath, [join(process.cwd(), 'dist/apps/api/src/main.js')], {
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline && !(await fetch(`${url}/health`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 250));
      const health = (await (await fetch(`${url}/health`)).json()) as { schemaVersion: string; lastBackup: { ok: boolean } | null };
      expect(health.schemaVersion).toBe(manifest.schemaVersion);
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: staffEmail, password: PASSWORD }) });
      expect(login.status).toBe(200);
      const watch = await (await fetch(`${url}/api/watch/${documentaryId}`)).text();
      const master = /"([^"]*\/media\/hls\/master\.m3u8)"/.exec(watch)?.[1];
      expect(master).toBeDefined();
      const playlist = await fetch(new URL(master!, url));
      expect(playlist.status).toBe(200);
      expect(await playlist.text()).toContain('#EXTM3U');
      const segment = await fetch(new URL(master!.replace('master.m3u8', '360p/seg_000.ts'), url), { headers: { range: 'bytes=0-187' } });
      expect(segment.status).toBe(206);
      expect((await segment.arrayBuffer()).byteLength).toBe(188);
    } finally {
      api.kill('SIGTERM');
      if (api.exitCode === null) await once(api, 'exit');
    }
  }, 480_000);
});
