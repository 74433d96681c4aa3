import { StorageRepository } from '@atelier/storage';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@atelier/database';
import { factory } from './factory.js';

/**
 * Publishing e2e helpers: a real HLS clip made with ffmpeg at test time (no binary fixtures), put
 * in the stack's S3 under a clip's key prefix, and a `ready` clip row pointing at it.
 */

let media: Promise<string> | null = null;

/** A 6-second 640×360 H.264/AAC clip, its HLS (2 s segments), and a poster, in a temporary directory. */
export function generatedMedia(): Promise<string> {
  media ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atelier-pub-media-'));
    const ff = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: dir });
    ff(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '6',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '50', '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', 'proxy.mp4']);
    await mkdir(join(dir, 'hls/360p'), { recursive: true });
    ff(['-i', 'proxy.mp4', '-c', 'copy', '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_filename', 'hls/360p/seg_%03d.ts', 'hls/360p/index.m3u8']);
    ff(['-ss', '2', '-i', 'proxy.mp4', '-frames:v', '1', '-q:v', '4', 'poster.jpg']);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'hls/master.m3u8'), '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n');
    return dir;
  })();
  return media;
}

export function e2eStorage(): StorageRepository {
  const s3 = JSON.parse(process.env.ATELIER_E2E_S3!) as { endpoint: string; accessKey: string; secretKey: string; bucket: string };
  const url = new URL(s3.endpoint);
  return new StorageRepository({
    endPoint: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    useSSL: url.protocol === 'https:',
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    region: 'us-east-1',
    bucket: s3.bucket,
  });
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, rel)));
    else out.push(rel);
  }
  return out;
}

const TYPES: Record<string, string> = { m3u8: 'application/vnd.apple.mpegurl', ts: 'video/mp2t', mp4: 'video/mp4', jpg: 'image/jpeg' };

export async function withDb<T>(run: (db: DataSource) => Promise<T>): Promise<T> {
  const db = new DataSource(dataSourceOptions(process.env.ATELIER_E2E_DATABASE_URL!));
  await db.initialize();
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

/**
 * A group (with these participants) and its media project in the demo organisation, with one
 * ready video clip whose renditions are real files in S3; also an "original" that must never be served.
 */
export async function projectWithFilm(organisationId: string, trainerId: string, participantIds: string[], name: string): Promise<{ projectId: string; clipId: string }> {
  const dir = await generatedMedia();
  if (!existsSync(join(dir, 'hls/master.m3u8'))) throw new Error('ffmpeg did not produce the HLS test media');
  return withDb(async (db) => {
    const make = factory(db);
    const { projectId } = await make.mediaProject(organisationId, participantIds, name);
    const clip = await make.readyClip({ organisationId, projectId, uploadedBy: trainerId, durationMs: 6000 });
    const storage = e2eStorage();
    for (const rel of await filesUnder(dir)) {
      const body = await readFile(join(dir, rel));
      await storage.put(`clips/${clip.id}/${rel}`, body, body.length, TYPES[rel.split('.').pop()!] ?? 'application/octet-stream');
    }
    await storage.put(clip.sourceKey, Buffer.from('the uploaded original'), undefined, 'video/mp4');
    return { projectId, clipId: clip.id };
  });
}

export async function organisationOf(email: string): Promise<{ organisationId: string; userId: string }> {
  return withDb(async (db) => {
    const [row] = (await db.query(`SELECT m.organisation_id, u.id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = $1`, [email])) as Array<{ organisation_id: string; id: string }>;
    return { organisationId: row!.organisation_id, userId: row!.id };
  });
}
