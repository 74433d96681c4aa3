import { ErrorCode, type BoardOp, type BoardSummary, type Me } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { BoardClient } from '../support/board-client.js';
import { baseUrl, newClient, seed, type Browserish } from '../support/e2e.js';

/**
 * Live boards over real socket.io-client connections against the real stack: what reaches each
 * device (hidden cards, anonymous authors), vote budgets under concurrent votes, a dropped network,
 * bad input, and two API processes sharing boards through the PostgreSQL adapter.
 */

interface Person {
  http: Browserish;
  me: Me;
  token: string;
}

let trainer: Person;
const clients: BoardClient[] = [];

function tokenOf(http: Browserish): string {
  const token = http.cookies.get('atelier_session');
  if (!token) throw new Error('no session cookie');
  return decodeURIComponent(token);
}

async function newParticipant(name: string): Promise<Person> {
  const created = await trainer.http.post('/api/participants', { displayName: name, preferredLanguage: 'fr' });
  expect(created.status).toBe(201);
  const phone = newClient();
  const joined = await phone.post('/api/auth/join', { code: created.body.joinCode.code });
  expect(joined.status).toBe(200);
  return { http: phone, me: joined.body as Me, token: tokenOf(phone) };
}

async function newBoard(title: string, template = 'blank'): Promise<BoardSummary> {
  const res = await trainer.http.post('/api/boards', { template, title });
  expect(res.status).toBe(201);
  return res.body as BoardSummary;
}

async function connect(person: Person, boardId: string, url = baseUrl()): Promise<BoardClient> {
  const c = new BoardClient(url, person.token);
  clients.push(c);
  await c.connected();
  const res = await c.join(boardId);
  if (!res.ok) throw new Error(`join failed: ${res.error.code} ${res.error.message}`);
  return c;
}

async function ok(c: BoardClient, op: BoardOp): Promise<number> {
  const res = await c.op(op);
  if (!res.ok) throw new Error(`${op.type} refused: ${res.error.code} ${res.error.message}`);
  return res.seq;
}

/** A real JPEG made by ffmpeg, with a comment and an EXIF-like APP1 segment (GPS text) spliced in after SOI. */
async function ffmpegJpeg(): Promise<Buffer> {
  const child = spawn('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x48:rate=1',
    '-frames:v',
    '1',
    '-f',
    'image2',
    '-c:v',
    'mjpeg',
    '-metadata',
    'comment=GPS home',
    'pipe:1',
  ]);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`ffmpeg exited with ${code}`);
  const jpeg = Buffer.concat(chunks);
  const exif = Buffer.from('Exif\0\0GPSLatitude 50.85 N GPSLongitude 4.35 E');
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), exif]);
  app1.writeUInt16BE(exif.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

let n = 0;
const cardId = () => `card-${Date.now().toString(36)}-${++n}`;

beforeAll(async () => {
  const http = newClient();
  const me = await http.signIn(seed().staff.find((s) => s.role === 'trainer')!.email, seed().password);
  trainer = { http, me, token: tokenOf(http) };
});

afterAll(() => {
  for (const c of clients) c.close();
});

describe('board sockets', () => {
  it('refuses a handshake without a valid session, with a code the client can show', async () => {
    const socket = io(`${baseUrl()}/boards`, {
      auth: { token: 'not-a-session' },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) =>
      socket.once('connect_error', resolve),
    );
    socket.close();
    expect(err.data?.code).toBe(ErrorCode.Unauthenticated);
  });

  it('a device the trainer signs out is cut off from the live board at once, and cannot come back', async () => {
    const board = await newBoard('Revoked phone');
    const facilitator = await connect(trainer, board.id);
    const phone = await newParticipant('Shared phone');
    const c = await connect(phone, board.id);
    const cut = new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));

    const devices = await trainer.http.get(`/api/participants/${phone.me.user.id}/devices`);
    expect(devices.status).toBe(200);
    const revokedAt = Date.now();
    expect(
      (await trainer.http.delete(`/api/participants/${phone.me.user.id}/devices/${devices.body[0].id}`)).status,
    ).toBe(204);

    // The server closes the socket itself, at once: the e2e stack's periodic re-check is every 600 s,
    // so only the revocation itself can have done it within this bound.
    expect(await cut).toBe('io server disconnect');
    expect(Date.now() - revokedAt).toBeLessThan(10_000);
    // What the web client does next: connect again — refused, with the reason to show.
    const refusal = new Promise<{ code?: string; message?: string }>((resolve) =>
      c.socket.once('connect_error', (e: Error & { data?: { code?: string; message?: string } }) =>
        resolve(e.data ?? {}),
      ),
    );
    c.socket.connect();
    expect(await refusal).toEqual({
      code: ErrorCode.Unauthenticated,
      message: expect.stringMatching(/signed out on this device/),
    });
    // Nothing more reaches it: the facilitator's next card is not delivered to the cut-off phone.
    const before = c.wire.length;
    await ok(facilitator, { type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'after the revocation' });
    await new Promise((r) => setTimeout(r, 300));
    expect(c.wire.slice(before).join('')).not.toContain('after the revocation');
  });

  it('hidden mode: a participant’s device never receives another’s card before the reveal, then gets it', async () => {
    const board = await newBoard('Hidden ideas');
    const [amina, yusuf] = [await newParticipant('Amina'), await newParticipant('Yusuf')];
    const fac = await connect(trainer, board.id);
    await ok(fac, { type: 'hidden.set', on: true });
    const a = await connect(amina, board.id);
    const y = await connect(yusuf, board.id);
    const secretId = cardId();

    await ok(a, { type: 'card.add', cardId: secretId, zoneId: 'main', text: 'Un potager sur le toit' });
    await ok(y, { type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'Yusuf idea' });
    await y.until((v) => v.hiddenCounts['main'] === 2);
    await fac.until((v) => v.hiddenCounts['main'] === 2);

    for (const other of [y, fac]) {
      const wire = other.wire.join('\n');
      expect(wire).not.toContain('Un potager sur le toit');
      expect(wire).not.toContain(secretId);
    }
    expect(a.view.cards.map((c) => c.text)).toEqual(['Un potager sur le toit']);

    await ok(fac, { type: 'hidden.set', on: false });
    await y.until((v) => v.cards.some((c) => c.text === 'Un potager sur le toit'));
    expect(y.view.hiddenCounts).toEqual({});
  });

  it('anonymous mode: no author id or name reaches the other devices, the room screen included', async () => {
    const board = await newBoard('Anonymous');
    const [amina, yusuf] = [await newParticipant('Amina Anon'), await newParticipant('Yusuf Anon')];
    const fac = await connect(trainer, board.id);
    await ok(fac, { type: 'anonymous.set', on: true });
    const screen = new BoardClient(baseUrl(), trainer.token);
    clients.push(screen);
    await screen.connected();
    expect((await screen.join(board.id, { presenter: true })).ok).toBe(true);
    const a = await connect(amina, board.id);
    const y = await connect(yusuf, board.id);
    const id = cardId();

    await ok(a, { type: 'card.add', cardId: id, zoneId: 'main', text: 'Sans nom' });
    await y.until((v) => v.cards.some((c) => c.id === id));
    await screen.until((v) => v.cards.some((c) => c.id === id));
    await ok(y, { type: 'card.react', cardId: id, reaction: '👍', on: true });
    await fac.until((v) => v.cards.some((c) => c.id === id && c.reactions['👍'] === 1));
    await new Promise((r) => setTimeout(r, 500)); // let presence go out too

    for (const other of [y, fac, screen]) {
      const wire = other.wire.join('\n');
      expect(wire).not.toContain(amina.me.user.id);
      expect(wire).not.toContain('Amina Anon');
    }
    expect(fac.wire.join('\n')).not.toContain(yusuf.me.user.id);
    expect(a.view.me.cardIds).toEqual([id]);
    expect(a.view.cards[0]!.author).toBeNull();
  });

  it('dot budget holds under concurrent votes from one phone, and totals appear only when the vote ends', async () => {
    const board = await newBoard('Votes');
    const amina = await newParticipant('Amina Votes');
    const fac = await connect(trainer, board.id);
    const a = await connect(amina, board.id);
    const ids = [cardId(), cardId(), cardId()];
    for (const id of ids) await ok(fac, { type: 'card.add', cardId: id, zoneId: 'main', text: `option ${id}` });
    await ok(fac, { type: 'vote.start', votesPerPerson: 3, maxPerCard: 2 });
    await a.until((v) => v.meta.vote.status === 'open');

    const acks = await Promise.all(
      Array.from({ length: 12 }, (_, i) => a.op({ type: 'vote.add', cardId: ids[i % 3]! })),
    );

    expect(acks.filter((r) => r.ok)).toHaveLength(3);
    const refusals = acks.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code));
    expect(refusals).toContain(ErrorCode.BoardVoteBudgetSpent);
    expect(
      refusals.every((code) => code === ErrorCode.BoardVoteBudgetSpent || code === ErrorCode.BoardVoteCardMax),
    ).toBe(true);
    await a.until((v) => Object.values(v.me.votes).reduce((x, y) => x + y, 0) === 3);
    expect(fac.view.cards.every((c) => c.votes === null)).toBe(true);
    await ok(fac, { type: 'vote.end' });
    await a.until((v) => v.meta.vote.status === 'revealed');
    expect(a.view.cards.reduce((sum, c) => sum + (c.votes ?? 0), 0)).toBe(3);
  });

  it('a phone that loses the network keeps its own changes and sees everything that happened meanwhile', async () => {
    const board = await newBoard('Flaky network');
    const [amina, yusuf] = [await newParticipant('Amina Net'), await newParticipant('Yusuf Net')];
    const a = await connect(amina, board.id);
    const y = await connect(yusuf, board.id);
    await ok(y, { type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'before the drop' });
    await a.until((v) => v.cards.length === 1);

    // The network goes: the transport is cut under the client (it will reconnect by itself).
    let reconnected = 0;
    a.socket.io.on('reconnect', () => reconnected++);
    a.socket.io.engine.close();
    expect(a.socket.connected).toBe(false);
    const offline = [cardId(), cardId()];
    const whileOffline = offline.map((id) =>
      a.op({ type: 'card.add', cardId: id, zoneId: 'main', text: `written offline ${id}` }),
    );
    for (let i = 0; i < 5; i++)
      await ok(y, { type: 'card.add', cardId: cardId(), zoneId: 'main', text: `meanwhile ${i}` });

    await a.until((v) => v.cards.length === 8, 15_000);
    expect((await Promise.all(whileOffline)).every((r) => r.ok)).toBe(true);
    await y.until((v) => v.cards.length === 8);
    expect(a.view).toEqual({ ...y.view, me: a.view.me });
    expect(a.view.me.cardIds.sort()).toEqual([...offline].sort());
    expect(a.pending.size).toBe(0);
    expect(reconnected).toBe(1);
    const log = await trainer.http.get(`/api/boards/${board.id}`);
    expect(log.body.seq).toBe(8); // each offline card applied once, even if it was sent twice
  });

  it('answers bad input with an error ack and changes nothing; a flood is rate limited', async () => {
    const board = await newBoard('Bad input');
    const amina = await newParticipant('Amina Bad');
    const a = await connect(amina, board.id);
    const raw = a.socket.timeout(5000) as unknown as {
      emitWithAck(event: string, ...args: unknown[]): Promise<{ ok: boolean }>;
    };

    const garbage = await raw.emitWithAck('op', 'not an object');
    const html = await a.op({
      type: 'card.add',
      cardId: cardId(),
      zoneId: 'main',
      text: '<img src=x onerror=alert(1)>',
    });
    const tooLong = await a.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'é'.repeat(501) });
    const notMine = await a.op({ type: 'phase.set', phaseId: 'open' });
    const otherBoard = await raw.emitWithAck('join', { boardId: '00000000-0000-4000-8000-000000000000' });

    expect(garbage).toMatchObject({ ok: false, error: { code: ErrorCode.ValidationFailed } });
    expect(html.ok).toBe(true); // stored and sent as text: the client renders it as text
    await a.until((v) => v.cards.some((c) => c.text === '<img src=x onerror=alert(1)>'));
    expect(tooLong).toMatchObject({ ok: false, error: { code: ErrorCode.BoardCardTooLong } });
    expect(notMine).toMatchObject({ ok: false, error: { code: ErrorCode.BoardNotFacilitator } });
    expect(otherBoard).toMatchObject({ ok: false, error: { code: ErrorCode.NotFound } });
    expect((await trainer.http.get(`/api/boards/${board.id}`)).body.seq).toBe(1);

    // Straight to the socket (not paced by the client's outbox): the server's limit answers.
    const react = { type: 'card.react' as const, cardId: 'card-nonexistent', reaction: '👍' as const, on: true };
    const flood = await Promise.all(Array.from({ length: 60 }, () => a.send(`flood-${cardId()}`, react)));
    expect(flood.some((r) => r && !r.ok && r.error.code === ErrorCode.RateLimited)).toBe(true);
  });

  it('text the database cannot store and an oversize message get an error ack; the connection and the other ops carry on', async () => {
    const board = await newBoard('Hostile text');
    const amina = await newParticipant('Amina Text');
    const a = await connect(amina, board.id);
    let disconnects = 0;
    a.socket.on('disconnect', () => disconnects++);

    const acks = await Promise.all([
      a.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'before' }),
      a.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'nul \u0000 inside' }),
      a.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'half an emoji \ud83d' }),
      a.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'after' }),
    ]);
    const big = await a.send(`big-${cardId()}`, {
      type: 'card.add',
      cardId: cardId(),
      zoneId: 'main',
      text: 'x'.repeat(100 * 1024),
    });

    expect(acks.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      ErrorCode.BoardTextInvalid,
      ErrorCode.BoardTextInvalid,
      'ok',
    ]);
    expect(big).toMatchObject({ ok: false, error: { code: ErrorCode.BoardMessageTooLarge } });
    expect(a.socket.connected).toBe(true);
    expect(disconnects).toBe(0);
    await ok(a, { type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'still here' });
    await a.until(
      (v) =>
        v.cards
          .map((c) => c.text)
          .sort()
          .join() === 'after,before,still here',
    );
  });

  it('a phone that queued more ops than the rate limit allows sends them all after reconnecting, each applied once', async () => {
    const board = await newBoard('Long queue');
    const amina = await newParticipant('Amina Queue');
    const a = await connect(amina, board.id);
    a.socket.io.engine.close(); // offline: everything queues
    const ids = Array.from({ length: 70 }, () => cardId());
    const queued = ids.map((id, i) => a.op({ type: 'card.add', cardId: id, zoneId: 'main', text: `queued ${i}` }));

    const acks = await Promise.all(queued);

    expect(acks.filter((r) => !r.ok)).toEqual([]);
    await a.until((v) => v.cards.length === 70, 30_000);
    expect(a.view.me.cardIds.sort()).toEqual([...ids].sort());
    expect(a.pending.size).toBe(0);
    expect((await trainer.http.get(`/api/boards/${board.id}`)).body.seq).toBe(70);
  }, 120_000);

  it('a card photo: metadata removed, hidden with its card, and nobody else can reuse its id', async () => {
    const board = await newBoard('Photos');
    const [amina, yusuf] = [await newParticipant('Amina Photo'), await newParticipant('Yusuf Photo')];
    const fac = await connect(trainer, board.id);
    await ok(fac, { type: 'hidden.set', on: true });
    const a = await connect(amina, board.id);
    const y = await connect(yusuf, board.id);
    const jpeg = await ffmpegJpeg();

    const upload = await fetch(`${baseUrl()}/api/boards/${board.id}/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${amina.token}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(jpeg),
    });
    expect(upload.status).toBe(201);
    const { photoId } = (await upload.json()) as { photoId: string };
    await ok(a, { type: 'card.add', cardId: cardId(), zoneId: 'main', text: '', photoId });
    const photoFor = (p: Person) =>
      fetch(`${baseUrl()}/api/boards/${board.id}/photos/${photoId}`, {
        headers: { authorization: `Bearer ${p.token}` },
      });

    expect((await photoFor(yusuf)).status).toBe(404); // hidden card: its photo too
    expect(await y.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'stolen', photoId })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BoardPhotoInvalid },
    });
    const own = await photoFor(amina);
    expect(own.status).toBe(200);
    const stored = Buffer.from(await own.arrayBuffer());
    expect(stored.toString('latin1')).not.toContain('GPS');
    expect(stored.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    await ok(fac, { type: 'hidden.set', on: false });
    expect((await photoFor(yusuf)).status).toBe(200);
    const notAPhoto = await fetch(`${baseUrl()}/api/boards/${board.id}/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${amina.token}`, 'content-type': 'image/jpeg' },
      body: '<svg onload=alert(1)>',
    });
    expect(notAPhoto.status).toBe(400);
  });

  it('presence, the server-held timer, follow-me, and handing facilitation to an administrator', async () => {
    const board = await newBoard('Drive');
    const amina = await newParticipant('Amina Drive');
    const fac = await connect(trainer, board.id);
    const a = await connect(amina, board.id);
    await new Promise((r) => setTimeout(r, 600));
    const present = a.presence.at(-1)!.people;
    expect(present).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: trainer.me.user.id, role: 'facilitator' }),
        expect.objectContaining({ id: amina.me.user.id, name: 'Amina Drive', role: 'participant' }),
      ]),
    );

    const serverNow = await a.socket.timeout(5000).emitWithAck('clock');
    await ok(fac, { type: 'timer.start', seconds: 60 });
    await a.until((v) => v.meta.timer.deadline !== null);
    const deadline = a.view.meta.timer.deadline!;
    expect(deadline - serverNow).toBeGreaterThan(55_000);
    expect(deadline - serverNow).toBeLessThan(65_000);
    await ok(fac, { type: 'follow.set', on: true, zoneId: 'main' });
    await a.until((v) => v.meta.follow.on && v.meta.follow.zoneId === 'main');

    const adminHttp = newClient();
    const adminMe = await adminHttp.signIn(seed().staff.find((x) => x.role === 'admin')!.email, seed().password);
    expect(await a.op({ type: 'facilitator.hand', to: { id: adminMe.user.id, name: 'x' } })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BoardNotFacilitator },
    });
    expect(await fac.op({ type: 'facilitator.hand', to: { id: amina.me.user.id, name: 'x' } })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.ValidationFailed },
    });
    await ok(fac, { type: 'facilitator.hand', to: { id: adminMe.user.id, name: 'spoofed name' } });
    await a.until((v) => v.meta.facilitator.id === adminMe.user.id);
    expect(a.view.meta.facilitator.name).toBe(adminMe.user.displayName); // the server's name, not the client's
    expect(await fac.op({ type: 'lock.set', on: true })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BoardNotFacilitator },
    });
    const admin = await connect({ http: adminHttp, me: adminMe, token: tokenOf(adminHttp) }, board.id);
    expect(admin.view.me.role).toBe('facilitator');
    await ok(admin, { type: 'lock.set', on: true });
  });

  it('exports cards, groups and dots as CSV for staff', async () => {
    const board = await newBoard('Export', 'co-creation');
    const fac = await connect(trainer, board.id);
    const id = cardId();
    await ok(fac, { type: 'card.add', cardId: id, zoneId: 'welcome', text: '=cmd|calc' });
    await ok(fac, { type: 'group.create', groupId: `group-${id}`, zoneId: 'welcome', title: 'Hello', cardIds: [id] });
    const res = await trainer.http.get(`/api/boards/${board.id}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.body).toContain(`${id},Welcome round,Hello,'=cmd|calc`);
  });
});

describe('two API nodes (PostgreSQL adapter)', () => {
  const nodes: Array<{ url: string; child: ChildProcess }> = [];

  async function freePort(): Promise<number> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    server.close();
    return port;
  }

  async function startNode(): Promise<string> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...(JSON.parse(process.env.ATELIER_E2E_STACK_ENV!) as Record<string, string>),
      PORT: String(port),
      HOST: '127.0.0.1',
      REALTIME_ADAPTER: 'postgres',
      LOG_LEVEL: 'warn',
      REALTIME_SESSION_CHECK_SECONDS: '600',
    };
    delete env.WEB_DIST;
    const child = spawn(process.execPath, [join(process.cwd(), 'dist/apps/api/src/main.js')], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    nodes.push({ url, child });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`API node exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/health`)).status === 200) return url;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('API node did not become healthy');
  }

  beforeAll(async () => {
    await Promise.all([startNode(), startNode()]);
  }, 120_000);

  afterAll(async () => {
    for (const { child } of nodes) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });

  it('people connected to different nodes see each other’s changes, in one gap-free order', async () => {
    const board = await newBoard('Two nodes');
    const people = await Promise.all(['A', 'B', 'C', 'D'].map((x) => newParticipant(`Node ${x}`)));
    const cs = await Promise.all(people.map((p, i) => connect(p, board.id, nodes[i % 2]!.url)));
    const fac = await connect(trainer, board.id, nodes[1]!.url);

    const acks = await Promise.all(
      cs.flatMap((c) =>
        Array.from({ length: 5 }, (_, k) =>
          c.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: `from ${k}` }),
        ),
      ),
    );
    expect(acks.every((r) => r.ok)).toBe(true);
    expect(acks.map((r) => (r.ok ? r.seq : 0)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );

    for (const c of [...cs, fac]) await c.until((v) => v.seq === 20 && v.cards.length === 20, 15_000);
    const reference = JSON.stringify(fac.view.cards);
    for (const c of cs) expect(JSON.stringify(c.view.cards)).toBe(reference);

    // A facilitator change on node 2 reaches a participant on node 1.
    await ok(fac, { type: 'lock.set', on: true });
    await cs[0]!.until((v) => v.meta.locked);
    expect((await cs[0]!.op({ type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'locked?' })).ok).toBe(false);
  });

  it('a device signed out through one node is cut off at once from a board on the other node', async () => {
    const board = await newBoard('Two nodes, one phone signed out');
    const phone = await newParticipant('Node phone');
    const c = await connect(phone, board.id, nodes[0]!.url);
    const cut = new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));
    const devices = await trainer.http.get(`/api/participants/${phone.me.user.id}/devices`);

    const revokedAt = Date.now();
    const res = await fetch(`${nodes[1]!.url}/api/participants/${phone.me.user.id}/devices/${devices.body[0].id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${trainer.token}` },
    });
    expect(res.status).toBe(204);
    // The other node hears of it through the PostgreSQL adapter (its periodic check is every 600 s here).
    expect(await cut).toBe('io server disconnect');
    expect(Date.now() - revokedAt).toBeLessThan(10_000);
  });
});
