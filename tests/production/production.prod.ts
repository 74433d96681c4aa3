import {
  ClipStatus,
  CreditName,
  Visibility,
  type Clip,
  type ConsentChoice,
  type MediaGroup,
  type ParticipantWithJoinCode,
} from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoardClient } from '../support/board-client.js';
import { Browserish, eventually } from '../support/e2e.js';
import { runUpload } from '../support/tus.js';
import { boardSockets, cli, nginxBinary, root, startShape, type Shape } from './shape.js';

/**
 * The production shape, driven through nginx only (see shape.ts): first run with the admin command,
 * staff sign-in, participants on both API nodes sharing a live board, a 50 MB resumable upload,
 * transcode by a worker, HLS playback with byte ranges, publishing, the public catalogue.
 * Needs nginx: skipped (with this message) when it is absent outside CI; in CI it must run.
 */
const nginx = nginxBinary();
const inCi = Boolean(process.env.CI);
if (!nginx && !inCi)
  console.warn(
    'production.prod.ts: SKIPPED — nginx is not installed (apt-get install nginx); CI installs it and runs this suite',
  );
const suite = nginx || inCi ? describe : describe.skip;

const MB = 1024 * 1024;
const SLUG = 'atelier-liege';
const ADMIN = { name: 'Nadia Admin', email: 'nadia@atelier-liege.example', password: 'correct horse battery 42' };
const full: ConsentChoice = {
  appearOnScreen: true,
  voice: true,
  creditAs: CreditName.FullName,
  pseudonym: null,
  maxVisibility: Visibility.Public,
};

let shape: Shape;
let work: string;
const e2eUrl = process.env.ATELIER_E2E_URL;
let staff: Browserish;
const people: Array<{ id: string; name: string; phone: Browserish }> = [];
const sockets: BoardClient[] = [];
let projectId: string;
let clipId: string;

/** The session token of a signed-in client (the board socket authenticates with it). */
const tokenOf = (c: Browserish): string => decodeURIComponent(c.cookies.get('atelier_session')!);
let cards = 0;
const cardId = (): string => `card-prod-${Date.now().toString(36)}-${++cards}`;

suite('the production shape: nginx, two API nodes, two workers, PostgreSQL server, S3', () => {
  beforeAll(async () => {
    if (!nginx) throw new Error('nginx is required in CI: .ci/run installs it (apt-get install nginx)');
    const { buildIfStale } = (await import(join(root, 'tools/start.mjs'))) as { buildIfStale: () => void };
    buildIfStale();
    const artifacts = join(root, 'tests/e2e/artifacts');
    await mkdir(artifacts, { recursive: true });
    shape = await startShape(join(artifacts, 'production-shape.log'));
    // Browserish talks to ATELIER_E2E_URL: here, nginx and nothing else.
    process.env.ATELIER_E2E_URL = shape.url;
    work = await mkdtemp(join(tmpdir(), 'atelier-prod-media-'));
  }, 300_000);

  afterAll(async () => {
    for (const s of sockets) s.socket.close();
    await shape?.stop();
    if (e2eUrl === undefined) delete process.env.ATELIER_E2E_URL;
    else process.env.ATELIER_E2E_URL = e2eUrl;
    if (work) await rm(work, { recursive: true, force: true });
  }, 120_000);

  it('first run: the admin command creates the organisation and its admin, who signs in through nginx', async () => {
    expect((await fetch(`${shape.url}/health`)).status).toBe(200);
    const created = cli(shape, [
      'create-organisation',
      '--name',
      'Atelier Liège',
      '--slug',
      SLUG,
      '--languages',
      'fr,en',
      '--admin-name',
      ADMIN.name,
      '--admin-email',
      ADMIN.email,
      '--admin-password',
      ADMIN.password,
    ]);
    expect({ status: created.status, out: created.out }).toEqual({
      status: 0,
      out: expect.stringContaining('Organisation created'),
    });
    staff = new Browserish();
    const me = await staff.signIn(ADMIN.email, ADMIN.password);
    expect(me).toMatchObject({ role: 'admin' });
    // The web client itself comes from nginx (deep links fall back to the app).
    const page = await fetch(`${shape.url}/staff`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<app-root');
  }, 120_000);

  it('never answers /metrics through nginx; each node answers it on the internal network', async () => {
    const outside = await fetch(`${shape.url}/metrics`);
    expect(outside.status).toBe(404);
    expect(await outside.text()).not.toContain('atelier_');
    for (const n of shape.nodes) expect((await fetch(`${n}/metrics`)).status).toBe(200);
  });

  it('participants on node A and node B share one live board: a card from one reaches the other', async () => {
    for (const name of ['Amina', 'Bilal']) {
      const res = await staff.post('/api/participants', { displayName: name, preferredLanguage: 'fr' });
      expect(res.status).toBe(201);
      const created = res.body as ParticipantWithJoinCode;
      const phone = new Browserish();
      expect((await phone.post('/api/auth/join', { code: created.joinCode.code })).status).toBe(200);
      people.push({ id: created.participant.id, name, phone });
    }
    const board = await staff.post('/api/boards', { template: 'blank', title: 'Deux nœuds' });
    expect(board.status).toBe(201);

    // nginx keeps each client address on one node (hash): phones on different addresses
    // (127.0.0.x) until the two are on different nodes, as the nodes' own metrics show.
    const connectFrom = async (who: number, address: string): Promise<BoardClient> => {
      const c = new BoardClient(shape.url, tokenOf(people[who]!.phone), { localAddress: address });
      sockets.push(c);
      await c.connected();
      const joined = await c.join(board.body.id as string);
      if (!joined.ok) throw new Error(`board join refused: ${joined.error.code}`);
      return c;
    };
    const perNode = async (): Promise<number[]> => Promise.all(shape.nodes.map((n) => boardSockets(n)));
    const a = await connectFrom(0, '127.0.0.2');
    await eventually(async () => (await perNode()).reduce((x, y) => x + y), 1);
    const nodeOfA = (await perNode()).findIndex((n) => n === 1);
    let b: BoardClient | null = null;
    for (let i = 3; i < 40 && !b; i++) {
      const candidate = await connectFrom(1, `127.0.0.${i}`);
      await eventually(async () => (await perNode()).reduce((x, y) => x + y), 2);
      if ((await perNode())[1 - nodeOfA] === 1) b = candidate;
      else {
        candidate.socket.close();
        await eventually(async () => (await perNode()).reduce((x, y) => x + y), 1);
      }
    }
    expect(b).not.toBeNull();
    expect(await perNode()).toEqual([1, 1]);

    const ack = await a.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'Une idée du nœud A' });
    expect(ack.ok).toBe(true);
    await b!.until((v) => v.cards.some((c) => c.text === 'Une idée du nœud A'));
    const back = await b!.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'Réponse du nœud B' });
    expect(back.ok).toBe(true);
    await a.until((v) => v.cards.some((c) => c.text === 'Réponse du nœud B'));
  }, 120_000);

  it('takes a 50 MB resumable upload through nginx; a worker transcodes it; HLS and byte ranges play through nginx', async () => {
    const group = await staff.post('/api/media/groups', { name: 'Groupe Liège' });
    expect(group.status).toBe(201);
    for (const p of people)
      expect(
        (await staff.post(`/api/media/groups/${group.body.id}/members`, { participantId: p.id })).status,
      ).toBeLessThan(300);
    projectId = (group.body as MediaGroup).projectId;

    // Lossless noise: a real, decodable video that does not compress (about 11 MB a second).
    const file = join(work, 'noise.mp4');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=c=gray:s=640x360:r=25,noise=alls=60:allf=t',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440',
      '-t',
      '5',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-qp',
      '0',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      file,
    ]);
    const bytes = await readFile(file);
    expect(bytes.length).toBeGreaterThanOrEqual(50 * 1000 * 1000);

    const uploader = people[0]!.phone;
    const run = await runUpload(shape.url, uploader, bytes, {
      projectId,
      filename: 'noise.mp4',
      filetype: 'video/mp4',
      chunkSize: 8 * MB,
    });
    expect(run.outcome).toBe('success');
    clipId = new URL(run.url!).pathname.split('/').pop()!;
    expect(((await uploader.get(`/api/clips/${clipId}`)).body as Clip).sizeBytes).toBe(bytes.length);

    await eventually(
      async () => ((await uploader.get(`/api/clips/${clipId}`)).body as Clip).status,
      ClipStatus.Ready,
      240_000,
    );
    const playback = (await uploader.get(`/api/clips/${clipId}/playback`)).body as { hlsUrl: string; proxyUrl: string };
    const master = await uploader.get(playback.hlsUrl);
    expect(master.status).toBe(200);
    const variant = String(master.body)
      .split('\n')
      .find((l) => l.endsWith('.m3u8'))!;
    const variantUrl = new URL(variant, `${shape.url}${playback.hlsUrl}`);
    const playlist = await uploader.get(variantUrl.pathname);
    expect(playlist.status).toBe(200);
    const segment = String(playlist.body)
      .split('\n')
      .find((l) => l && !l.startsWith('#'))!;
    const segmentPath = new URL(segment, variantUrl).pathname;
    const whole = await fetch(`${shape.url}${segmentPath}`, { headers: { cookie: cookieOf(uploader) } });
    expect(whole.status).toBe(200);
    const size = (await whole.arrayBuffer()).byteLength;
    expect(size).toBeGreaterThan(1000);
    // A player's range requests (Safari, seeking in the MP4 proxy) pass through nginx as 206.
    for (const path of [segmentPath, playback.proxyUrl]) {
      const part = await fetch(`${shape.url}${path}`, {
        headers: { cookie: cookieOf(uploader), range: 'bytes=100-1099' },
      });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toMatch(/^bytes 100-1099\/\d+$/);
      expect((await part.arrayBuffer()).byteLength).toBe(1000);
    }
  }, 360_000);

  it('publishes the film publicly; the public catalogue and watch page list and play it through nginx', async () => {
    const saved = await staff.put(`/api/publishing/projects/${projectId}/documentary`, {
      title: 'Bruit blanc',
      description: 'Un essai',
      language: 'fr',
      videoClipId: clipId,
    });
    expect(saved.status).toBe(200);
    for (const p of people) expect((await p.phone.put(`/api/me/consents/${projectId}`, full)).status).toBe(200);
    const published = await staff.post(`/api/publishing/projects/${projectId}/publish`, {
      visibility: Visibility.Public,
    });
    expect(published.status).toBe(200);
    const filmId = saved.body.id as string;

    const anonymous = new Browserish();
    const list = await anonymous.get(`/api/catalogue/${SLUG}`);
    expect(list.status).toBe(200);
    expect((list.body.documentaries as Array<{ id: string }>).map((d) => d.id)).toContain(filmId);
    const page = await fetch(`${shape.url}/catalogue/${SLUG}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const watch = await fetch(`${shape.url}/watch/${filmId}`, { headers: { accept: 'text/html' } });
    expect(watch.status).toBe(200);
    expect(await watch.text()).toContain('og:title');
    const master = await anonymous.get(`/api/watch/${filmId}/_/media/hls/master.m3u8`);
    expect(master.status).toBe(200);
    expect(String(master.body)).toContain('#EXTM3U');
  }, 120_000);
});

function cookieOf(c: Browserish): string {
  return [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}
