import { ErrorCode, Role, type Me, type ParticipantWithJoinCode } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Browserish, newClient, seed } from '../support/e2e.js';

const admin = () => seed().staff.find((s) => s.role === 'admin')!.email;
const trainer = () => seed().staff.find((s) => s.role === 'trainer')!.email;

async function trainerClient(): Promise<Browserish> {
  const c = newClient();
  await c.signIn(trainer(), seed().password);
  return c;
}

async function createParticipant(staff: Browserish, displayName = 'Amal'): Promise<ParticipantWithJoinCode> {
  const res = await staff.post('/api/participants', { displayName, preferredLanguage: 'ar' });
  expect(res.status).toBe(201);
  return res.body as ParticipantWithJoinCode;
}

describe('the running platform', () => {
  it('reports database, storage and queue health', async () => {
    const res = await newClient().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      storage: { ok: true },
      queue: { ok: true },
    });
  });

  it('serves the OpenAPI description and Prometheus metrics', async () => {
    const c = newClient();
    const docs = await c.get('/api/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/auth/join', '/api/participants']),
    );
    expect((await c.get('/api/docs')).status).toBe(200);
    // A client on the internal network (here loopback, no proxy in between) reads the metrics…
    const metrics = await new Browserish().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('atelier_http_requests_total');
    expect(metrics.body).toContain('atelier_process_cpu_seconds_total');
    // …a public client behind the trusted proxy does not (no METRICS_TOKEN in this stack).
    const outside = await c.get('/metrics');
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe(ErrorCode.Forbidden);
  });

  it('serves the web client, with deep links falling back to the app', async () => {
    const page = await fetch(`${process.env.ATELIER_E2E_URL}/join?code=ABCD1234`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<app-root');
    const missingApi = await newClient().get('/api/nothing-here');
    expect(missingApi.status).toBe(404);
    expect(missingApi.body.code).toBe(ErrorCode.NotFound);
  });

  it('hands a ping job to the worker and back', async () => {
    const res = await (await trainerClient()).post('/api/system/ping');
    expect(res.status).toBe(200);
    expect(res.body.handledBy).toMatch(/:\d+$/);
  });
});

describe('staff sign-in', () => {
  it('signs a trainer in with an httpOnly session cookie and a CSRF cookie', async () => {
    const c = newClient();
    const res = await c.post('/api/auth/login', { email: trainer().toUpperCase(), password: seed().password });
    expect(res.status).toBe(200);
    expect((res.body as Me).role).toBe(Role.Trainer);
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/atelier_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/XSRF-TOKEN=/);
    expect((await c.get('/api/me')).body.organisation.name).toBe('Atelier Bruxelles');
  });

  it('refuses a wrong password with a message, and an unknown e-mail the same way', async () => {
    const wrong = await newClient().post('/api/auth/login', { email: trainer(), password: 'not-the-password' });
    const unknown = await newClient().post('/api/auth/login', {
      email: 'nobody@atelier.local',
      password: 'whatever123',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe(ErrorCode.InvalidCredentials);
  });

  it('refuses a state-changing request from a cookie session without the CSRF header', async () => {
    const c = await trainerClient();
    const res = await c.post(
      '/api/participants',
      { displayName: 'X', preferredLanguage: 'fr' },
      { 'x-xsrf-token': 'forged' },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe(ErrorCode.CsrfMismatch);
    expect((await c.get('/api/participants')).body.some((p: { displayName: string }) => p.displayName === 'X')).toBe(
      false,
    );
  });

  it('slows down one address trying many passwords', async () => {
    const c = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push(
        (await c.post('/api/auth/login', { email: `guess${i}@atelier.local`, password: 'guess-guess' })).status,
      );
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const blocked = await c.post('/api/auth/login', { email: trainer(), password: seed().password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe(ErrorCode.RateLimited);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // another address is not affected
    await newClient().signIn(trainer(), seed().password);
  });
});

describe('inviting staff and locking out password guessing', () => {
  it('lets an admin invite a trainer who sets a password, and locks that account after 5 wrong passwords', async () => {
    const a = newClient();
    await a.signIn(admin(), seed().password);
    const email = `new-trainer-${Date.now()}@atelier.local`;
    const invite = await a.post('/api/organisation/invitations', { email, role: 'trainer' });
    expect(invite.status).toBe(201);
    const token = String(invite.body.acceptUrl).split('/invite/')[1]!;

    const newcomer = newClient();
    expect((await newcomer.get(`/api/invitations/${token}`)).body).toMatchObject({
      organisationName: 'Atelier Bruxelles',
      email,
      role: 'trainer',
    });
    const short = await newcomer.post(`/api/invitations/${token}/accept`, { displayName: 'Sofie', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.details.fields[0].field).toBe('password');
    const accepted = await newcomer.post(`/api/invitations/${token}/accept`, {
      displayName: 'Sofie',
      password: 'a-long-password',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.role).toBe(Role.Trainer);
    expect(
      (
        await newClient().post(`/api/invitations/${token}/accept`, {
          displayName: 'Again',
          password: 'a-long-password',
        })
      ).status,
    ).toBe(404);

    const guesser = newClient();
    for (let i = 0; i < 4; i++)
      expect((await guesser.post('/api/auth/login', { email, password: `wrong-${i}-xxxx` })).status).toBe(401);
    const fifth = await guesser.post('/api/auth/login', { email, password: 'wrong-5-xxxx' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe(ErrorCode.AccountLocked);
    expect(fifth.body.message).toMatch(/locked/);
    // locked even with the right password, from the address that guessed…
    const right = await guesser.post('/api/auth/login', { email, password: 'a-long-password' });
    expect(right.status).toBe(423);
    expect(right.body.details.retryAfterSeconds).toBeGreaterThan(60);
    // …but the lock is per account and address: a stranger cannot keep the owner out (OWASP)
    expect((await newClient().post('/api/auth/login', { email, password: 'a-long-password' })).status).toBe(200);
  });

  it('never lets a trainer manage staff', async () => {
    const t = await trainerClient();
    expect((await t.post('/api/organisation/invitations', { email: 'x@atelier.local', role: 'admin' })).status).toBe(
      403,
    );
    expect((await t.patch('/api/organisation', { name: 'Taken over' })).status).toBe(403);
  });
});

describe('participants without e-mail', () => {
  it('joins a phone with the code, stays signed in, and is signed out when the trainer revokes the device', async () => {
    const t = await trainerClient();
    const created = await createParticipant(t, 'Amal');
    expect(created.joinCode.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const phone = newClient();
    const joined = await phone.post('/api/auth/join', { code: created.joinCode.code.toLowerCase().replace('-', ' ') });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({
      role: Role.Participant,
      sessionKind: 'device',
      user: { displayName: 'Amal', email: null, preferredLanguage: 'ar' },
    });
    expect((await phone.patch('/api/me', { preferredLanguage: 'nl' })).body.user.preferredLanguage).toBe('nl');

    // a participant sees nothing of staff pages
    expect((await phone.get('/api/participants')).status).toBe(403);
    expect((await phone.get('/api/organisation/members')).status).toBe(403);

    const devices = await t.get(`/api/participants/${created.participant.id}/devices`);
    expect(devices.body).toHaveLength(1);
    expect((await t.delete(`/api/participants/${created.participant.id}/devices/${devices.body[0].id}`)).status).toBe(
      204,
    );
    const after = await phone.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/signed out on this device/);
  });

  it('signs out of a shared phone with one request, and the old cookie stops working', async () => {
    const t = await trainerClient();
    const created = await createParticipant(t, 'Yonas');
    const phone = newClient();
    await phone.post('/api/auth/join', { code: created.joinCode.code });
    const stolen = new Map(phone.cookies);
    expect((await phone.post('/api/auth/logout')).status).toBe(204);
    expect(phone.cookies.has('atelier_session')).toBe(false);
    const replay = new Browserish('198.51.100.250');
    for (const [k, v] of stolen) replay.cookies.set(k, v);
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('refuses a wrong or replaced join code with a message to ask the trainer', async () => {
    const t = await trainerClient();
    const created = await createParticipant(t, 'Mariam');
    const fresh = await t.post(`/api/participants/${created.participant.id}/join-code`);
    expect(fresh.status).toBe(201);
    const old = await newClient().post('/api/auth/join', { code: created.joinCode.code });
    expect(old.status).toBe(404);
    expect(old.body.code).toBe(ErrorCode.InvalidJoinCode);
    expect(old.body.message).toMatch(/ask your trainer/i);
    expect((await newClient().post('/api/auth/join', { code: fresh.body.code })).status).toBe(200);
  });
});

describe('organisations are sealed from each other', () => {
  it('gives a member of another organisation 404 for our participants and never lists them', async () => {
    // A second organisation with its own admin, made directly in the database.
    const db = new pg.Client({ connectionString: process.env.ATELIER_E2E_DATABASE_URL });
    await db.connect();
    const hash = (await db.query(`SELECT password_hash FROM users WHERE email = $1`, [admin()])).rows[0].password_hash;
    const org = (await db.query(`INSERT INTO organisations (name) VALUES ('Atelier Liège') RETURNING id`)).rows[0].id;
    const other = (
      await db.query(
        `INSERT INTO users (display_name, email, password_hash) VALUES ('Other admin', 'admin@liege.local', $1) RETURNING id`,
        [hash],
      )
    ).rows[0].id;
    await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'admin')`, [org, other]);
    await db.end();

    const ours = await createParticipant(await trainerClient(), 'Hidden');
    const them = newClient();
    await them.signIn('admin@liege.local', seed().password);
    expect((await them.get(`/api/participants/${ours.participant.id}`)).status).toBe(404);
    expect((await them.get(`/api/participants/${ours.participant.id}/devices`)).status).toBe(404);
    expect((await them.post(`/api/participants/${ours.participant.id}/join-code`)).status).toBe(404);
    expect((await them.get('/api/participants')).body).toEqual([]);
    const members = (await them.get('/api/organisation/members')).body as Array<{ email: string }>;
    expect(members.map((m) => m.email)).toEqual(['admin@liege.local']);
  });
});

describe('bad input', () => {
  it('answers malformed JSON with a 400 that says so', async () => {
    const res = await newClient().request('POST', '/api/auth/login', '{"email": "a@b.c", ', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: ErrorCode.MalformedJson, message: 'The request body is not valid JSON.' });
  });

  it('answers an oversized body with a 400 naming the limit, and stores nothing', async () => {
    const t = await trainerClient();
    const before = (await t.get('/api/participants')).body.length;
    const res = await t.post('/api/participants', {
      displayName: 'Big',
      preferredLanguage: 'fr',
      phone: '1'.repeat(200_000),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(ErrorCode.BodyTooLarge);
    expect(res.body.message).toContain('100 kB');
    expect((await t.get('/api/participants')).body.length).toBe(before);
  });

  it('names each invalid field and rejects unknown ones', async () => {
    const t = await trainerClient();
    const res = await t.post('/api/participants', { displayName: '', preferredLanguage: 'de', nationality: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(ErrorCode.ValidationFailed);
    const fields = (res.body.details.fields as Array<{ field: string }>).map((f) => f.field).sort();
    expect(fields).toEqual(['displayName', 'nationality', 'preferredLanguage']);
  });

  it('treats a malformed id as not found', async () => {
    const res = await (await trainerClient()).get('/api/participants/not-a-uuid');
    expect(res.status).toBe(404);
  });
});
