import {
  ClipStatus,
  ErrorCode,
  type BoardOp,
  type BoardSummary,
  type Clip,
  type MediaGroup,
  type ParticipantWithJoinCode,
} from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as tus from 'tus-js-client';
import { ResumeCheckRetryStack } from '../../apps/web/src/app/studio/resume-check-retry-stack.js';
import { BoardClient } from '../support/board-client.js';
import { type Browserish, newClient } from '../support/e2e.js';
import { FaultStack } from '../support/fault-stack.js';
import { mediaFixture } from '../support/media-fixtures.js';
import { sessionHeaders } from '../support/tus.js';

/**
 * Faults injected into a whole running platform of its own (FaultStack: API + worker under the
 * launcher's supervision, embedded PostgreSQL and S3).
 *
 * PostgreSQL restarted (fast shutdown: every session terminated, ~3 s down) — during board load,
 * during an upload and during a transcode. The API and the worker
 * must stay up (no process exits), requests that meet the outage fail with a retryable 503
 * `service_unavailable`, nothing acknowledged is lost, and the work completes once it is back.
 * The figures each run measures are printed (the resilience note quotes them).
 */
const fs = new FaultStack();
let trainer: Browserish;
let projectId: string;
let amina: { phone: Browserish; id: string };
const DOWN_MS = 3000;
const sockets: BoardClient[] = [];

async function participant(name: string): Promise<{ phone: Browserish; id: string }> {
  const created = (await trainer.post('/api/participants', { displayName: name, preferredLanguage: 'fr' }))
    .body as ParticipantWithJoinCode;
  const phone = newClient();
  expect((await phone.post('/api/auth/join', { code: created.joinCode.code })).status).toBe(200);
  return { phone, id: created.participant.id };
}

async function until<T>(what: string, read: () => Promise<T | null | undefined | false>, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${seconds} s\n${fs.tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function expectAllUp(): void {
  expect({ exits: fs.exits(), restarts: fs.stack.restarts() }).toEqual({
    exits: { api: null, worker: null },
    restarts: { api: 0, worker: 0 },
  });
}

beforeAll(async () => {
  await fs.start();
  process.env.ATELIER_E2E_URL = fs.url;
  trainer = newClient();
  const staff = fs.stack.seed!.staff.find((s) => s.role === 'trainer')!;
  await trainer.signIn(staff.email, fs.stack.seed!.password!);
  amina = await participant('Amina');
  const course = await trainer.post('/api/programmes', {
    kind: 'video_course',
    title: 'Poor cinema',
    description: '',
    languages: ['fr'],
    place: 'Rue du Fort 5',
    capacity: null,
    requiredAttendanceRate: 80,
    contributionAsked: false,
    lateWeight: 0.5,
    lateGraceMinutes: 10,
    autoExcuse: false,
    alertAfterMisses: 2,
    retentionMonths: null,
  });
  expect(course.status).toBe(201);
  const created = await trainer.post('/api/media/groups', { name: 'Group A', programmeId: course.body.id });
  const group = (await trainer.post(`/api/media/groups/${created.body.id}/members`, { participantId: amina.id }))
    .body as MediaGroup;
  projectId = group.projectId;
}, 240_000);

afterAll(async () => {
  for (const c of sockets) c.close();
  await fs.stop();
}, 60_000);

describe('PostgreSQL restarting under a running platform', () => {
  it('during board load: no process exits, every acknowledged op is on the board, refused ops succeed when re-sent', async () => {
    const board = (await trainer.post('/api/boards', { template: 'blank', title: 'Restart' })).body as BoardSummary;
    const token = decodeURIComponent(amina.phone.cookies.get('atelier_session')!);
    const trainerToken = decodeURIComponent(trainer.cookies.get('atelier_session')!);
    const clients = [new BoardClient(fs.url, trainerToken), new BoardClient(fs.url, token)];
    sockets.push(...clients);
    for (const c of clients) {
      await c.connected();
      expect((await c.join(board.id)).ok).toBe(true);
    }
    const acked = new Set<string>();
    const refusals = new Map<string, number>();
    let restart: { stoppedAt: number; backAt: number } | null = null;
    let firstAckAfterBack: number | null = null;
    let stop = false;
    let n = 0;
    // Each client adds a card every 150 ms; a refused or unanswered op is re-sent (same opId) until acknowledged.
    const load = clients.map(async (c) => {
      while (!stop) {
        const cardId = `card-${String(++n).padStart(6, '0')}`;
        const op: BoardOp = { type: 'card.add', cardId, zoneId: 'main', text: `idea ${n}` };
        const opId = randomUUID();
        for (;;) {
          const ack = await c.send(opId, op);
          if (ack?.ok) {
            acked.add(cardId);
            if (restart && firstAckAfterBack === null) firstAckAfterBack = Date.now();
            break;
          }
          const code = ack ? ack.error.code : 'no_ack';
          refusals.set(code, (refusals.get(code) ?? 0) + 1);
          if (ack && code !== ErrorCode.ServiceUnavailable && code !== ErrorCode.RateLimited)
            throw new Error(`op refused: ${JSON.stringify(ack)}`);
          await new Promise((r) => setTimeout(r, 500));
          if (!c.socket.connected) await c.connected().catch(() => undefined);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    });
    await new Promise((r) => setTimeout(r, 3000));
    restart = await fs.restartPostgres(DOWN_MS);
    await until('an op acknowledged after the restart', async () => firstAckAfterBack !== null, 60);
    await new Promise((r) => setTimeout(r, 3000));
    stop = true;
    await Promise.all(load);

    expectAllUp();
    const check = new BoardClient(fs.url, trainerToken);
    sockets.push(check);
    await check.connected();
    expect((await check.join(board.id)).ok).toBe(true);
    const onBoard = new Set(check.view.cards.map((c) => c.id));
    const lost = [...acked].filter((id) => !onBoard.has(id));
    for (const c of [...clients, check]) c.close();
    console.log(
      `[postgres restart, board load] processes died 0; acked ops ${acked.size}, lost ${lost.length}; refused ${JSON.stringify(Object.fromEntries(refusals))}; ` +
        `recovery ${firstAckAfterBack! - restart.backAt} ms after PostgreSQL was back (${restart.backAt - restart.stoppedAt} ms down)`,
    );
    expect(lost).toEqual([]);
    expect(acked.size).toBeGreaterThan(20);
  }, 240_000);

  it('during an upload: no process exits and the upload resumes where it was and completes, with no second upload', async () => {
    const size = 48 * 1024 * 1024;
    const bytes = randomBytes(size);
    let creations = 0;
    let resent = 0;
    let highest = 0;
    let restarted: Promise<unknown> | null = null;
    const failures: number[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(bytes, {
        endpoint: `${fs.url}/api/uploads`,
        httpStack: new ResumeCheckRetryStack(new tus.DefaultHttpStack({})),
        metadata: { projectId, filename: 'restart.mp4', filetype: 'video/mp4' },
        headers: sessionHeaders(amina.phone),
        chunkSize: 4 * 1024 * 1024,
        retryDelays: Array.from({ length: 60 }, () => 1000),
        onBeforeRequest: (req) => {
          if (req.getMethod() === 'POST') creations++;
        },
        onAfterResponse: (_req, res) => {
          if (res.getStatus() >= 500) failures.push(res.getStatus());
        },
        onProgress: (sent) => {
          if (sent < highest) resent += highest - sent;
          highest = Math.max(highest, sent);
          if (sent > size / 3 && !restarted) restarted = fs.restartPostgres(DOWN_MS);
        },
        onSuccess: () => resolve(upload.url!),
        onError: reject,
      });
      upload.start();
    });
    await (restarted as Promise<unknown> | null); // assigned inside the upload's progress callback
    expectAllUp();
    const clipId = url.split('/').pop()!;
    const clips = (await trainer.get(`/api/media/projects/${projectId}/clips`)).body as Clip[];
    const mine = clips.filter((c) => c.originalFilename === 'restart.mp4');
    console.log(
      `[postgres restart, upload] processes died 0; uploads created ${creations}; bytes re-sent ≤ ${resent}; 5xx answers ${JSON.stringify(failures)}; clips ${mine.length}`,
    );
    expect(creations).toBe(1);
    expect(mine.map((c) => [c.id, c.sizeBytes])).toEqual([[clipId, size]]);
    expect(mine[0]!.status).not.toBe(ClipStatus.Uploading);
  }, 240_000);

  it('during a transcode: no process exits and the clip ends ready', async () => {
    const video = await readFile(await mediaFixture('long'));
    const clipId = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(video, {
        endpoint: `${fs.url}/api/uploads`,
        metadata: { projectId, filename: 'long.mp4', filetype: 'video/mp4' },
        headers: sessionHeaders(amina.phone),
        retryDelays: [1000, 2000, 4000],
        onSuccess: () => resolve(upload.url!.split('/').pop()!),
        onError: reject,
      });
      upload.start();
    });
    const clip = async () => (await trainer.get(`/api/clips/${clipId}`)).body as Clip;
    await until(
      'the transcode to be under way',
      async () => {
        const c = await clip();
        return c.status === ClipStatus.Processing && c.progress >= 3 && c.progress <= 70;
      },
      240,
    );
    const before = (await clip()).progress;
    const restart = await fs.restartPostgres(DOWN_MS);
    let last: Clip | null = null;
    let lowest = 100;
    const ready = await until(
      'the clip to be ready',
      async () => {
        const c = (last = await clip());
        if (typeof c.progress === 'number') lowest = Math.min(lowest, c.progress);
        if (c.status === ClipStatus.Failed) throw new Error(`the clip failed: ${JSON.stringify(c.failure)}`);
        return c.status === ClipStatus.Ready ? c : null;
      },
      1000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\nlast seen: ${JSON.stringify(last)}`);
    });
    expectAllUp();
    console.log(
      `[postgres restart, transcode] processes died 0; progress ${before} % at the restart, lowest seen after it ${lowest} %; ` +
        `clip ${ready.status} ${Math.round((Date.now() - restart.backAt) / 1000)} s after PostgreSQL was back`,
    );
    expect(lowest).toBeGreaterThanOrEqual(before); // it carried on; it did not start over
  }, 1_300_000);
});

describe('S3 down for 60 s under a running platform', () => {
  it('during an upload: the upload waits, resumes on the same upload and completes, with no phantom clip', async () => {
    const size = 48 * 1024 * 1024;
    const bytes = randomBytes(size);
    let creations = 0;
    let resent = 0;
    let highest = 0;
    let outage: Promise<void> | null = null;
    const failures: number[] = [];
    const started = Date.now();
    const url = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(bytes, {
        endpoint: `${fs.url}/api/uploads`,
        httpStack: new ResumeCheckRetryStack(new tus.DefaultHttpStack({})),
        metadata: { projectId, filename: 's3-outage.mp4', filetype: 'video/mp4' },
        headers: sessionHeaders(amina.phone),
        chunkSize: 4 * 1024 * 1024,
        retryDelays: Array.from({ length: 150 }, () => 1000),
        onBeforeRequest: (req) => {
          if (req.getMethod() === 'POST') creations++;
        },
        onAfterResponse: (_req, res) => {
          if (res.getStatus() >= 500) failures.push(res.getStatus());
        },
        onProgress: (sent) => {
          if (sent < highest) resent += highest - sent;
          highest = Math.max(highest, sent);
          if (sent > size / 3 && !outage) {
            outage = (async () => {
              await fs.stopS3();
              await new Promise((r) => setTimeout(r, 60_000));
              await fs.startS3();
            })();
          }
        },
        onSuccess: () => resolve(upload.url!),
        onError: reject,
      });
      upload.start();
    });
    await (outage as Promise<void> | null); // assigned inside the progress callback
    expectAllUp();
    const clipId = url.split('/').pop()!;
    const clips = ((await trainer.get(`/api/media/projects/${projectId}/clips`)).body as Clip[]).filter(
      (c) => c.originalFilename === 's3-outage.mp4',
    );
    const phantoms = ((await trainer.get(`/api/media/projects/${projectId}/clips`)).body as Clip[]).filter(
      (c) => c.status === ClipStatus.Uploading,
    );
    console.log(
      `[S3 down 60 s, upload] uploads created ${creations}; bytes re-sent ≤ ${resent} of ${size}; 5xx answers ${failures.length} (${[...new Set(failures)].join(', ')}); ` +
        `phantom clips ${phantoms.length}; outcome: completed in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    expect(creations).toBe(1);
    expect(clips.map((c) => [c.id, c.sizeBytes])).toEqual([[clipId, size]]);
    expect(phantoms).toEqual([]);
    expect(resent).toBeLessThan(size / 2);
  }, 400_000);
});

describe('the launcher supervising the API and the worker', () => {
  it('restarts a worker killed with kill -9, and then a killed API, and the platform answers again', async () => {
    const worker = fs.stack.worker.process.pid!;
    process.kill(worker, 'SIGKILL');
    await until(
      'the worker to be restarted',
      async () => fs.stack.restarts().worker === 1 && fs.stack.worker.process.exitCode === null,
      60,
    );
    expect(fs.stack.worker.process.pid).not.toBe(worker);
    await until(
      'the new worker to be ready',
      async () =>
        fs.log.some((l) => l.includes('restarted')) && fs.log.filter((l) => l.includes('worker ready')).length >= 2,
      120,
    );

    process.kill(fs.stack.api.process.pid!, 'SIGKILL');
    await until(
      'the API to be restarted and healthy',
      async () => {
        if (fs.stack.restarts().api !== 1) return false;
        return (await fetch(`${fs.url}/health`).catch(() => null))?.ok ?? false;
      },
      120,
    );
    expect(fs.log.filter((l) => l.includes('[launcher] !!!'))).toHaveLength(2);
  }, 300_000);
});
