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
    const ff = (args: string[]) =>
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: dir });
    ff([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=44100',
      '-t',
      '6',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '50',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-movflags',
      '+faststart',
      'proxy.mp4',
    ]);
    await mkdir(join(dir, 'hls/360p'), { recursive: true });
    ff([
      '-i',
      'proxy.mp4',
      '-c',
      'copy',
      '-f',
      'hls',
      '-hls_time',
      '2',
      '-hls_playlist_type',
      'vod',
      '-hls_segment_filename',
      'hls/360p/seg_%03d.ts',
      'hls/360p/index.m3u8',
    ]);
    ff(['-ss', '2', '-i', 'proxy.mp4', '-frames:v', '1', '-q:v', '4', 'poster.jpg']);
    // A render's poster is 1280 px wide (libs/media render-finish.ts).
    ff(['-ss', '2', '-i', 'proxy.mp4', '-vf', 'scale=1280:720', '-frames:v', '1', '-q:v', '3', 'render-poster.jpg']);
    // A render's layout names its segments with five digits (renders/<id>/hls/<rung>/seg_00000.ts).
    await mkdir(join(dir, 'render/hls/360p'), { recursive: true });
    ff([
      '-i',
      'proxy.mp4',
      '-c',
      'copy',
      '-f',
      'hls',
      '-hls_time',
      '2',
      '-hls_playlist_type',
      'vod',
      '-hls_segment_filename',
      'render/hls/360p/seg_%05d.ts',
      'render/hls/360p/index.m3u8',
    ]);
    // A render's sound-only rendition (as the worker writes it: AAC 64 kb/s, hls/audio/).
    await mkdir(join(dir, 'render/hls/audio'), { recursive: true });
    ff([
      '-i',
      'proxy.mp4',
      '-map',
      '0:a:0',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-f',
      'hls',
      '-hls_time',
      '2',
      '-hls_playlist_type',
      'vod',
      '-hls_segment_filename',
      'render/hls/audio/seg_%05d.ts',
      'render/hls/audio/index.m3u8',
    ]);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      join(dir, 'hls/master.m3u8'),
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n',
    );
    return dir;
  })();
  return media;
}

export function e2eStorage(): StorageRepository {
  const s3 = JSON.parse(process.env.ATELIER_E2E_S3!) as {
    endpoint: string;
    accessKey: string;
    secretKey: string;
    bucket: string;
  };
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

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
};

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
export async function projectWithFilm(
  organisationId: string,
  trainerId: string,
  participantIds: string[],
  name: string,
): Promise<{ projectId: string; clipId: string }> {
  const { projectId } = await withDb((db) => factory(db).mediaProject(organisationId, participantIds, name));
  return { projectId, clipId: await readyFilmClip(organisationId, projectId, trainerId) };
}

/** Another ready 6-second video clip in a project (e.g. a new cut), its renditions real files in S3. */
export async function readyFilmClip(organisationId: string, projectId: string, trainerId: string): Promise<string> {
  const dir = await generatedMedia();
  if (!existsSync(join(dir, 'hls/master.m3u8'))) throw new Error('ffmpeg did not produce the HLS test media');
  return withDb(async (db) => {
    const clip = await factory(db).readyClip({ organisationId, projectId, uploadedBy: trainerId, durationMs: 6000 });
    const storage = e2eStorage();
    for (const rel of await filesUnder(dir)) {
      const body = await readFile(join(dir, rel));
      await storage.put(
        `clips/${clip.id}/${rel}`,
        body,
        body.length,
        TYPES[rel.split('.').pop()!] ?? 'application/octet-stream',
      );
    }
    await storage.put(clip.sourceKey, Buffer.from('the uploaded original'), undefined, 'video/mp4');
    return clip.id;
  });
}

/**
 * A ready render of the project's timeline (version 1 saved by the trainer) whose outputs are real
 * files in S3 under `renders/<id>/`: master MP4, poster, HLS master, one rung and its segments, and
 * the sound-only rendition.
 */
export async function readyRender(organisationId: string, projectId: string, trainerId: string): Promise<string> {
  const dir = await generatedMedia();
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    join(dir, 'render/hls/master.m3u8'),
    '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n' +
      '#EXT-X-STREAM-INF:BANDWIDTH=70000,CODECS="mp4a.40.2"\naudio/index.m3u8\n',
  );
  return withDb(async (db) => {
    await db.query(
      `INSERT INTO timeline_versions (project_id, version, organisation_id, document, duration_ms, author_id, author_name)
       VALUES ($1, 1, $2, '{"target":"720p","segments":[],"music":null,"fadeOutAtEnd":false}', 6000, $3, 'Trainer')
       ON CONFLICT DO NOTHING`,
      [projectId, organisationId, trainerId],
    );
    const [row] = (await db.query(
      `INSERT INTO renders (organisation_id, project_id, timeline_version, document, target, status, progress, duration_ms, requested_by, requested_by_name, finished_at)
       VALUES ($1, $2, 1, '{}', '720p', 'ready', 100, 6000, $3, 'Trainer', now()) RETURNING id`,
      [organisationId, projectId, trainerId],
    )) as Array<{ id: string }>;
    const id = row!.id;
    const storage = e2eStorage();
    const files: Array<[string, string]> = [
      ['proxy.mp4', 'master.mp4'],
      ['render-poster.jpg', 'poster.jpg'],
      ...(await filesUnder(dir, 'render/hls')).map((rel): [string, string] => [rel, rel.slice('render/'.length)]),
    ];
    for (const [from, to] of files) {
      const body = await readFile(join(dir, from));
      await storage.put(
        `renders/${id}/${to}`,
        body,
        body.length,
        TYPES[to.split('.').pop()!] ?? 'application/octet-stream',
      );
    }
    await storage.put(`renders/${id}/document.json`, Buffer.from('{"not":"served"}'), undefined, 'application/json');
    await db.query(
      `UPDATE renders SET master_key = $2, hls_master_key = $3, poster_key = $4, size_bytes = 1 WHERE id = $1`,
      [id, `renders/${id}/master.mp4`, `renders/${id}/hls/master.m3u8`, `renders/${id}/poster.jpg`],
    );
    return id;
  });
}

export async function organisationOf(email: string): Promise<{ organisationId: string; userId: string }> {
  return withDb(async (db) => {
    const [row] = (await db.query(
      `SELECT m.organisation_id, u.id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = $1`,
      [email],
    )) as Array<{ organisation_id: string; id: string }>;
    return { organisationId: row!.organisation_id, userId: row!.id };
  });
}
