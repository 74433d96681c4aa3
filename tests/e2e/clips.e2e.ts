import {
  ClipFailure,
  ClipStatus,
  ClipTag,
  ErrorCode,
  JobName,
  type Clip,
  type MediaGroup,
  type ParticipantWithJoinCode,
} from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { baseUrl, type Browserish, eventually, newClient, seed } from '../support/e2e.js';
import { mediaFixture } from '../support/media-fixtures.js';
import { runUpload, sessionHeaders } from '../support/tus.js';

const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const MB = 1024 * 1024;

/** Whether the worker half (probe/transcode handlers) is on this branch: then clips must end ready. */
let dir: string;
let trainer: Browserish;
let group: MediaGroup;
let amina: Browserish;
let aminaId: string;
let bilal: Browserish; // a participant of the same organisation, not in the group

const PROGRAMME = {
  description: '',
  languages: ['fr', 'ar'],
  place: 'Rue du Fort 5',
  capacity: null,
  requiredAttendanceRate: 80,
  contributionAsked: false,
  lateWeight: 0.5,
  lateGraceMinutes: 10,
  autoExcuse: false,
  alertAfterMisses: 2,
  retentionMonths: null,
};

async function participant(name: string): Promise<{ phone: Browserish; id: string }> {
  const created = (await trainer.post('/api/participants', { displayName: name, preferredLanguage: 'fr' }))
    .body as ParticipantWithJoinCode;
  const phone = newClient();
  expect((await phone.post('/api/auth/join', { code: created.joinCode.code })).status).toBe(200);
  return { phone, id: created.participant.id };
}

/** A raw tus creation request, as a client that declares a file (no bytes sent). */
function declare(c: Browserish, projectId: string, size: number, filename: string, filetype: string) {
  const meta = Object.entries({ projectId, filename, filetype })
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
  return c.request('POST', '/api/uploads', undefined, {
    'tus-resumable': '1.0.0',
    'upload-length': String(size),
    'upload-metadata': meta,
  });
}

async function download(c: Browserish, path: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(`${baseUrl()}${path}`, { headers: sessionHeaders(c) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-clips-'));
  trainer = newClient();
  await trainer.signIn(trainerEmail(), seed().password);
  const a = await participant('Amina');
  amina = a.phone;
  aminaId = a.id;
  bilal = (await participant('Bilal')).phone;
  const course = await trainer.post('/api/programmes', { ...PROGRAMME, kind: 'video_course', title: 'Poor cinema' });
  expect(course.status).toBe(201);
  const created = await trainer.post('/api/media/groups', { name: 'Group A', programmeId: course.body.id });
  expect(created.status).toBe(201);
  group = (await trainer.post(`/api/media/groups/${created.body.id}/members`, { participantId: aminaId }))
    .body as MediaGroup;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('groups', () => {
  it('lets a trainer build a group in a video course, and shows a participant only their own groups', async () => {
    expect(group.members.map((m) => m.displayName)).toEqual(['Amina']);
    expect(group.projectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await amina.get('/api/media/groups')).body as MediaGroup[]).map((g) => g.id)).toEqual([group.id]);
    expect((await bilal.get('/api/media/groups')).body).toEqual([]);
    expect((await bilal.get(`/api/media/groups/${group.id}`)).status).toBe(404);
    expect((await amina.post('/api/media/groups', { name: 'Mine' })).status).toBe(403);
  });

  it('refuses a group in a programme that is not a video course', async () => {
    const series = await trainer.post('/api/programmes', {
      ...PROGRAMME,
      kind: 'workshop_series',
      title: 'Welcome circle',
    });
    const res = await trainer.post('/api/media/groups', { name: 'Nope', programmeId: series.body.id });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(ErrorCode.NotVideoCourse);
  });
});

describe('resumable uploads', () => {
  it('resumes after random interruptions with new client instances, and stores exactly the bytes sent', async () => {
    const source = randomBytes(26 * MB + randomInt(1, MB));
    let url: string | null = null;
    let offset = 0;
    let interruptions = 0;
    let finished = false;
    while (!finished && interruptions < 3) {
      // Abort somewhere in the next few megabytes (bytes already in flight may still land).
      const run = await runUpload(baseUrl(), amina, source, {
        projectId: group.projectId,
        filename: 'random.mp4',
        filetype: 'video/mp4',
        uploadUrl: url,
        abortAfter: offset + randomInt(MB, 6 * MB),
      });
      if (url) expect(run.firstOffset).toBe(offset); // a new client instance continues, never restarts
      url = run.url;
      finished = run.outcome === 'success';
      if (finished) break;
      expect(run.outcome).toBe('aborted');
      interruptions++;
      const head = await amina.request('HEAD', new URL(url!).pathname, undefined, { 'tus-resumable': '1.0.0' });
      expect(head.status).toBe(200);
      const now = Number(head.headers.get('upload-offset'));
      expect(now).toBeGreaterThanOrEqual(offset);
      expect(now).toBeLessThan(source.length);
      offset = now;
    }
    expect(interruptions).toBeGreaterThan(0);
    if (!finished) {
      const done = await runUpload(baseUrl(), amina, source, {
        projectId: group.projectId,
        filename: 'random.mp4',
        filetype: 'video/mp4',
        uploadUrl: url,
      });
      expect(done.outcome).toBe('success');
      expect(done.firstOffset).toBe(offset);
    }

    const clipId = new URL(url!).pathname.split('/').pop()!;
    const clip = (await amina.get(`/api/clips/${clipId}`)).body as Clip;
    expect(clip).toMatchObject({
      status: expect.stringMatching(/^(processing|ready|failed)$/),
      sizeBytes: source.length,
      uploadedBy: { displayName: 'Amina' },
    });
    // The original is held back while the clip is processed (its metadata is removed then).
    await eventually(
      async () => ((await amina.get(`/api/clips/${clipId}`)).body as Clip).status !== 'processing',
      true,
      120_000,
    );
    const original = await download(trainer, `/api/clips/${clipId}/original`);
    expect(original.status).toBe(200);
    expect(original.body.length).toBe(source.length);
    expect(sha256(original.body)).toBe(sha256(source));
  });

  it('continues exactly where the server stopped, after a part was confirmed', async () => {
    const source = randomBytes(20 * MB);
    const first = await runUpload(baseUrl(), amina, source, {
      projectId: group.projectId,
      filename: 'two-parts.mp4',
      filetype: 'video/mp4',
      chunkSize: 8 * MB,
      abortAfter: 8 * MB + 1,
    });
    expect(first.outcome).toBe('aborted');
    const head = await amina.request('HEAD', new URL(first.url!).pathname, undefined, { 'tus-resumable': '1.0.0' });
    expect(Number(head.headers.get('upload-offset'))).toBe(8 * MB);
    const second = await runUpload(baseUrl(), amina, source, {
      projectId: group.projectId,
      filename: 'two-parts.mp4',
      filetype: 'video/mp4',
      uploadUrl: first.url,
    });
    expect(second.outcome).toBe('success');
    expect(second.firstOffset).toBe(8 * MB);
    const clipId = new URL(first.url!).pathname.split('/').pop()!;
    // The original is held back while the clip is processed (random bytes end failed, kept as they came).
    await eventually(
      async () => ((await amina.get(`/api/clips/${clipId}`)).body as Clip).status !== 'processing',
      true,
      120_000,
    );
    expect(sha256((await download(trainer, `/api/clips/${clipId}/original`)).body)).toBe(sha256(source));
  });

  it('puts a finished upload in the bin as processing with its probe job queued, then (with the worker) ready', async () => {
    const file = join(dir, 'phone.mp4');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=640x360:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440',
      '-t',
      '2',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      '-y',
      file,
    ]);
    const bytes = await readFile(file);
    const run = await runUpload(baseUrl(), amina, bytes, {
      projectId: group.projectId,
      filename: 'phone.mp4',
      filetype: 'video/mp4',
    });
    expect(run.outcome).toBe('success');
    const clipId = new URL(run.url!).pathname.split('/').pop()!;

    const bin = (await amina.get(`/api/media/projects/${group.projectId}/clips`)).body as Clip[];
    expect(bin.find((c) => c.id === clipId)).toMatchObject({ title: 'phone', originalFilename: 'phone.mp4' });
    const db = new pg.Client({ connectionString: process.env.ATELIER_E2E_DATABASE_URL });
    await db.connect();
    try {
      const jobs = await db.query(`SELECT id FROM pgboss.job WHERE name = $1 AND data->>'clipId' = $2`, [
        JobName.ProbeClip,
        clipId,
      ]);
      expect(jobs.rowCount).toBe(1);
      const row = await db.query(`SELECT uploaded_at, received_bytes FROM clips WHERE id = $1`, [clipId]);
      expect(row.rows[0].uploaded_at).not.toBeNull();
      expect(Number(row.rows[0].received_bytes)).toBe(bytes.length);
    } finally {
      await db.end();
    }
    // The worker probes and transcodes it; its HLS then plays for the group and nobody else.
    await eventually(
      async () => ((await amina.get(`/api/clips/${clipId}`)).body as Clip).status,
      ClipStatus.Ready,
      120_000,
    );
    const playback = (await amina.get(`/api/clips/${clipId}/playback`)).body;
    expect((await download(amina, playback.hlsUrl)).status).toBe(200);
    expect((await download(bilal, playback.hlsUrl)).status).toBe(404);
  }, 180_000);
});

describe('live progress', () => {
  function connect(c: Browserish): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = io(`${baseUrl()}/clips`, {
        transports: ['websocket'],
        extraHeaders: { cookie: sessionHeaders(c).cookie! },
        reconnection: false,
      });
      socket.on('connect', () => resolve(socket));
      socket.on('connect_error', reject);
    });
  }
  const join = (s: Socket, projectId: string): Promise<{ ok: boolean; error?: { code: string } }> =>
    s.emitWithAck('clips:join', { projectId });

  it('pushes a clip becoming processing to the members of its room, once; outsiders cannot join', async () => {
    const member = await connect(amina);
    const staffSocket = await connect(trainer);
    const outsider = await connect(bilal);
    try {
      expect(await join(member, group.projectId)).toMatchObject({ ok: true });
      expect(await join(staffSocket, group.projectId)).toMatchObject({ ok: true });
      expect(await join(outsider, group.projectId)).toMatchObject({ ok: false, error: { code: ErrorCode.NotFound } });
      const seen: Array<{ clipId: string; status: string }> = [];
      const outsiderSaw: unknown[] = [];
      member.on('clips:progress', (e) => seen.push(e));
      outsider.on('clips:progress', (e) => outsiderSaw.push(e));
      const staffSaw = new Promise<{ clipId: string; status: string }>((resolve) =>
        staffSocket.on('clips:progress', resolve),
      );

      const run = await runUpload(baseUrl(), amina, randomBytes(64 * 1024), {
        projectId: group.projectId,
        filename: 'live.mp4',
        filetype: 'video/mp4',
      });
      const clipId = new URL(run.url!).pathname.split('/').pop()!;
      expect(await staffSaw).toMatchObject({ clipId, projectId: group.projectId, status: ClipStatus.Processing });
      await eventually(async () => seen.some((e) => e.clipId === clipId && e.status === ClipStatus.Processing), true);
      // The staff socket saw it, so the member's copy has arrived too: exactly one, and none for the outsider.
      expect(seen.filter((e) => e.clipId === clipId && e.status === ClipStatus.Processing)).toHaveLength(1);
      expect(outsiderSaw).toEqual([]);
    } finally {
      member.close();
      staffSocket.close();
      outsider.close();
    }
  });
});

describe('live progress from the worker', () => {
  it('pushes processing percentages and then ready for a real clip, and failed with its reason for a file that is not media', async () => {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = io(`${baseUrl()}/clips`, {
        transports: ['websocket'],
        extraHeaders: { cookie: sessionHeaders(amina).cookie! },
        reconnection: false,
      });
      s.on('connect', () => resolve(s));
      s.on('connect_error', reject);
    });
    try {
      expect(await socket.emitWithAck('clips:join', { projectId: group.projectId })).toMatchObject({ ok: true });
      const events: Array<{ clipId: string; status: string; progress: number }> = [];
      socket.on('clips:progress', (e) => events.push(e));

      const video = await readFile(await mediaFixture('landscape'));
      const run = await runUpload(baseUrl(), amina, video, {
        projectId: group.projectId,
        filename: 'street.mp4',
        filetype: 'video/mp4',
      });
      expect(run.outcome).toBe('success');
      const clipId = new URL(run.url!).pathname.split('/').pop()!;
      await eventually(
        async () => events.some((e) => e.clipId === clipId && e.status === ClipStatus.Ready),
        true,
        180_000,
      );
      const mine = events.filter((e) => e.clipId === clipId);
      expect(mine.some((e) => e.status === ClipStatus.Processing && e.progress > 0 && e.progress < 100)).toBe(true);
      expect(mine.at(-1)).toMatchObject({ status: ClipStatus.Ready, progress: 100 });
      const ready = (await amina.get(`/api/clips/${clipId}`)).body as Clip;
      expect(ready).toMatchObject({ status: ClipStatus.Ready, kind: 'video' });
      expect(ready.durationMs).toBeGreaterThan(0);

      const text = await readFile(await mediaFixture('textAsMp4'));
      const bad = await runUpload(baseUrl(), amina, text, {
        projectId: group.projectId,
        filename: 'notes.mp4',
        filetype: 'video/mp4',
      });
      const badId = new URL(bad.url!).pathname.split('/').pop()!;
      await eventually(
        async () => events.some((e) => e.clipId === badId && e.status === ClipStatus.Failed),
        true,
        120_000,
      );
      const failed = (await amina.get(`/api/clips/${badId}`)).body as Clip;
      expect(failed.failure).toMatchObject({ code: ClipFailure.NotMedia });
      expect(failed.failure!.message.length).toBeGreaterThan(10);
    } finally {
      socket.close();
    }
  }, 360_000);
});

describe('limits, refused before the first byte', () => {
  it('refuses a file over the size limit, saying by how much', async () => {
    const res = await declare(amina, group.projectId, 3 * 1024 * MB, 'huge.mov', 'video/quicktime');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      code: ErrorCode.UploadTooLarge,
      details: { maxFileBytes: 2 * 1024 * MB, overBytes: 1024 * MB },
    });
    expect(res.body.message).toBe('"huge.mov" is 3 GB: that is 1 GB over the 2 GB allowed for one file.');
  });

  it('refuses what is not a video, a sound or a picture', async () => {
    const res = await declare(amina, group.projectId, 1000, 'notes.txt', 'text/plain');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe(ErrorCode.UnsupportedMediaType);
    expect(res.body.message).toContain('text/plain');
  });

  it('refuses a file that does not fit in the project quota, and the real client reports it', async () => {
    const other = (await trainer.post('/api/media/groups', { name: 'Small bin' })).body as MediaGroup;
    await trainer.post(`/api/media/groups/${other.id}/members`, { participantId: aminaId });
    const db = new pg.Client({ connectionString: process.env.ATELIER_E2E_DATABASE_URL });
    await db.connect();
    await db.query(`UPDATE media_projects SET quota_bytes = $2 WHERE id = $1`, [other.projectId, 3 * MB]);
    await db.end();
    const limits = (await amina.get(`/api/media/projects/${other.projectId}/upload-limits`)).body;
    expect(limits).toEqual({
      maxFileBytes: 2 * 1024 * MB,
      quotaBytes: 3 * MB,
      usedBytes: 0,
      acceptedTypes: ['video/', 'audio/', 'image/'],
    });

    const ok = await runUpload(baseUrl(), amina, randomBytes(2 * MB), {
      projectId: other.projectId,
      filename: 'a.mp4',
      filetype: 'video/mp4',
    });
    expect(ok.outcome).toBe('success');
    const refused = await runUpload(baseUrl(), amina, randomBytes(2 * MB), {
      projectId: other.projectId,
      filename: 'b.mp4',
      filetype: 'video/mp4',
    });
    expect(refused.outcome).toBe('error');
    const body = JSON.parse(
      (refused.error as { originalResponse?: { getBody(): string } }).originalResponse!.getBody(),
    );
    expect(body).toMatchObject({
      code: ErrorCode.QuotaExceeded,
      details: { quotaBytes: 3 * MB, usedBytes: 2 * MB, overBytes: MB },
    });
    expect(body.message).toContain('1 MB too big');
    expect((await amina.get(`/api/media/projects/${other.projectId}/clips`)).body).toHaveLength(1);
  });

  it('refuses an upload to a project the person is not in, and uploads without the CSRF header', async () => {
    expect((await declare(bilal, group.projectId, 1000, 'a.mp4', 'video/mp4')).status).toBe(404);
    const res = await bilal.request('POST', '/api/uploads', undefined, {
      'tus-resumable': '1.0.0',
      'upload-length': '10',
      'x-xsrf-token': 'forged',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe(ErrorCode.CsrfMismatch);
  });
});

describe('the bin', () => {
  let clipId: string;

  beforeAll(async () => {
    const run = await runUpload(baseUrl(), amina, randomBytes(MB), {
      projectId: group.projectId,
      filename: 'interview-1.mp4',
      filetype: 'video/mp4',
    });
    clipId = new URL(run.url!).pathname.split('/').pop()!;
  });

  it('lets a trainer rename and tag a clip, but not a participant', async () => {
    const res = await trainer.patch(`/api/clips/${clipId}`, {
      title: 'Interview with Amina',
      tags: [ClipTag.Interview, ClipTag.Interview, ClipTag.BRoll],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Interview with Amina', tags: ['interview', 'b_roll'] });
    expect((await amina.patch(`/api/clips/${clipId}`, { title: 'x' })).status).toBe(403);
    expect((await trainer.patch(`/api/clips/${clipId}`, { tags: ['selfie'] })).status).toBe(400);
  });

  it('gives members of another group or organisation 404 for the clip, its media and its upload', async () => {
    const db = new pg.Client({ connectionString: process.env.ATELIER_E2E_DATABASE_URL });
    await db.connect();
    const hash = (await db.query(`SELECT password_hash FROM users WHERE email = $1`, [trainerEmail()])).rows[0]
      .password_hash;
    const org = (await db.query(`INSERT INTO organisations (name) VALUES ('Atelier Gent') RETURNING id`)).rows[0].id;
    const other = (
      await db.query(
        `INSERT INTO users (display_name, email, password_hash) VALUES ('Gent trainer', 'trainer@gent.local', $1) RETURNING id`,
        [hash],
      )
    ).rows[0].id;
    await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'trainer')`, [org, other]);
    await db.end();
    const them = newClient();
    await them.signIn('trainer@gent.local', seed().password);

    for (const outsider of [bilal, them]) {
      expect((await outsider.get(`/api/clips/${clipId}`)).status).toBe(404);
      expect((await outsider.get(`/api/clips/${clipId}/playback`)).status).toBe(404);
      expect((await outsider.get(`/api/clips/${clipId}/media/hls/master.m3u8`)).status).toBe(404);
      expect((await outsider.get(`/api/media/projects/${group.projectId}/clips`)).status).toBe(404);
      expect((await outsider.get(`/api/media/projects/${group.projectId}/upload-limits`)).status).toBe(404);
      expect(
        (await outsider.request('HEAD', `/api/uploads/${clipId}`, undefined, { 'tus-resumable': '1.0.0' })).status,
      ).toBe(404);
      expect((await outsider.delete(`/api/clips/${clipId}`)).status).toBe(404);
    }
    expect((await them.get(`/api/clips/${clipId}/original`)).status).toBe(404);
    // a participant never downloads the original, even their own
    expect((await amina.get(`/api/clips/${clipId}/original`)).status).toBe(403);
    expect((await amina.get(`/api/clips/${clipId}/media/source`)).status).toBe(404);
  });

  it('lets a participant delete their own clip, which removes its files', async () => {
    const res = await amina.delete(`/api/clips/${clipId}`);
    expect(res.status).toBe(204);
    expect((await amina.get(`/api/clips/${clipId}`)).status).toBe(404);
    expect((await trainer.get(`/api/clips/${clipId}/original`)).status).toBe(404);
  });

  it('refuses to retry a clip that has not failed', async () => {
    const bin = (await trainer.get(`/api/media/projects/${group.projectId}/clips`)).body as Clip[];
    const notFailed = bin.find((c) => c.status !== ClipStatus.Failed)!;
    const res = await trainer.post(`/api/clips/${notFailed.id}/retry`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe(ErrorCode.ClipNotFailed);
  });
});
