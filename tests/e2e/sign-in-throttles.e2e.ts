import { ErrorCode } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Browserish, newClient, seed } from '../support/e2e.js';

// Issue 15 point 7: throttles counted before the slow password hash, so parallel requests cannot
// race past them; a stranger cannot lock an owner out; the CSRF token is bound to its session.

const MAX_FAILURES = 5; // LOGIN_MAX_FAILURES default
const PER_ADDRESS = 20; // LOGIN_ATTEMPTS_PER_IP / JOIN_ATTEMPTS_PER_IP

let db: pg.Client;

/** A staff account of its own (the demo password), so locking it touches no other test. */
async function freshTrainer(): Promise<string> {
  const email = `throttle-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@hostile.local`;
  const hash = (await db.query(`SELECT password_hash FROM users WHERE email = $1`, [seed().staff[0]!.email])).rows[0]
    .password_hash;
  const org = (
    await db.query(`SELECT organisation_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`, [
      seed().staff[0]!.email,
    ])
  ).rows[0].organisation_id;
  const user = (
    await db.query(
      `INSERT INTO users (display_name, email, password_hash) VALUES ('Throttled trainer', $1, $2) RETURNING id`,
      [email, hash],
    )
  ).rows[0].id;
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'trainer')`, [org, user]);
  return email;
}

function count(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: process.env.ATELIER_E2E_DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

describe('sign-in throttles under parallel requests', () => {
  it('checks at most the limit of 40 parallel wrong passwords on one account, and never locks the owner out elsewhere', async () => {
    const email = await freshTrainer();
    const stranger = newClient();

    const statuses = (
      await Promise.all(
        Array.from({ length: 40 }, () => stranger.post('/api/auth/login', { email, password: 'not the password' })),
      )
    ).map((r) => r.status);

    const seen = count(statuses);
    console.log(`40 parallel wrong passwords on one account: ${JSON.stringify(seen)}`);
    // At most the limit had their password checked; the others were refused before (423 locked, or
    // 429 once the address used up its own allowance).
    expect(seen[401] ?? 0).toBeLessThanOrEqual(MAX_FAILURES);
    expect((seen[401] ?? 0) + (seen[423] ?? 0) + (seen[429] ?? 0)).toBe(40);
    // The stranger stays locked out, even with the right password…
    const locked = await stranger.post('/api/auth/login', { email, password: seed().password });
    expect([ErrorCode.AccountLocked, ErrorCode.RateLimited]).toContain(locked.body.code);
    const sameAddressOtherRun = new Browserish((stranger as unknown as { forwardedFor: string }).forwardedFor);
    expect((await sameAddressOtherRun.post('/api/auth/login', { email, password: seed().password })).status).not.toBe(
      200,
    );
    // …but the owner, from their own address, signs in.
    const owner = newClient();
    expect((await owner.post('/api/auth/login', { email, password: seed().password })).status).toBe(200);
  }, 300_000);

  it('holds the per-address limit for 60 parallel sign-ins', async () => {
    const c = newClient();
    const statuses = (
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          c.post('/api/auth/login', { email: `nobody-${i}@hostile.local`, password: 'whatever123' }),
        ),
      )
    ).map((r) => r.status);

    const seen = count(statuses);
    console.log(`60 parallel sign-ins from one address: ${JSON.stringify(seen)}`);
    expect(seen[401]).toBe(PER_ADDRESS);
    expect(seen[429]).toBe(60 - PER_ADDRESS);
  }, 300_000);

  it('holds the per-address limit for 60 parallel joins', async () => {
    const c = newClient();
    const statuses = (
      await Promise.all(Array.from({ length: 60 }, () => c.post('/api/auth/join', { code: 'ZZZZ-ZZZZ' })))
    ).map((r) => r.status);

    const seen = count(statuses);
    console.log(`60 parallel joins from one address: ${JSON.stringify(seen)}`);
    expect(seen[404]).toBe(PER_ADDRESS);
    expect(seen[429]).toBe(60 - PER_ADDRESS);
  }, 300_000);
});

describe('the CSRF token', () => {
  it('works only with the session it was issued for', async () => {
    const a = newClient();
    await a.signIn(seed().staff[1]!.email, seed().password);
    const b = newClient();
    await b.signIn(seed().staff[1]!.email, seed().password);
    const tokenOfA = a.cookies.get('XSRF-TOKEN')!;
    expect(tokenOfA).not.toBe(b.cookies.get('XSRF-TOKEN'));

    // B's browser carrying A's CSRF token in both cookie and header (planted, or left from before) is refused.
    const planted = new Browserish();
    planted.cookies.set('atelier_session', b.cookies.get('atelier_session')!);
    planted.cookies.set('XSRF-TOKEN', tokenOfA);
    const refused = await planted.patch('/api/me', { displayName: 'Planted' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe(ErrorCode.CsrfMismatch);

    // A reload (any GET) hands that browser its own session's token, and it works again.
    expect((await planted.get('/api/me')).status).toBe(200);
    expect(planted.cookies.get('XSRF-TOKEN')).toBe(b.cookies.get('XSRF-TOKEN'));
    expect((await b.patch('/api/me', { preferredLanguage: 'fr' })).status).toBe(200);
  });
});
