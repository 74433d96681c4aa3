import { ErrorCode } from '@atelier/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { catalogue, fieldsOf, type RouteInfo, type ValidationRule } from '../support/route-catalogue.js';
import { baseUrl, type Browserish, newClient, seed } from '../support/e2e.js';

// Issue 15 point 6: hostile text, nulls, whitespace-only names and deep bodies must be 4xx on every
// route and socket event — never a 5xx, never a crash. The routes and events are read from the
// controllers' and gateways' decorators (route-catalogue.ts), so a new route is fuzzed automatically.

/** Runs per route per client; with ~125 routes and three clients this sends a few thousand requests. */
const RUNS_PER_ROUTE = 6;
const RUNS_PER_EVENT = 200;
const SEED = 15_06;

const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc
  .integer({ min: 0, max: 0x9f })
  .filter((c) => c < 0x20 || c >= 0x7f)
  .map((c) => String.fromCharCode(c));
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u0001',
    '\u007f',
    '\u0085',
    '   ',
    '\t\t',
    'a\nb',
    '',
    '\u202e',
    '\ufeff',
    '\uffff',
  ),
  fc.constantFrom(
    "'; DROP TABLE users;--",
    '=1+1',
    '＝1+1',
    '%00',
    '../../etc/passwd',
    'null',
    '__proto__',
    'x'.repeat(5000),
    '9'.repeat(400),
  ),
  fc.string({ unit: anyUnit, maxLength: 40 }),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.oneof(lone, control), fc.string({ maxLength: 8 }))
    .map(([a, b, c]) => a + b + c),
);
/** A body nested `depth` levels deep, built only when sent (fast-check would recurse through it to print it). */
class Deep {
  constructor(readonly depth: number) {}
  toJSON(): unknown {
    return JSON.parse('['.repeat(this.depth) + ']'.repeat(this.depth));
  }
  [fc.toStringMethod](): string {
    return `Deep(${this.depth})`;
  }
}
const deep = fc.integer({ min: 20, max: 2000 }).map((n) => new Deep(n));
const anything: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, -0, 2 ** 53, [], {}) },
  { weight: 1, arbitrary: deep },
);

/** A plausible value for one DTO field (from its class-validator rules), or a hostile one. */
function fieldArbitrary(rules: ValidationRule[]): fc.Arbitrary<unknown> {
  const named = new Map(rules.map((r) => [r.name ?? r.type, r]));
  const plausible: Array<fc.Arbitrary<unknown>> = [];
  const c = (name: string) => named.get(name)?.constraints;
  if (named.has('isUUID')) plausible.push(fc.uuid());
  if (named.has('isEnum')) plausible.push(fc.constantFrom(...Object.values(c('isEnum')![0] as object)));
  if (named.has('isIn')) plausible.push(fc.constantFrom(...(c('isIn')![0] as unknown[])));
  if (named.has('matches')) plausible.push(fc.stringMatching(c('matches')![0] as RegExp));
  if (named.has('isInt')) plausible.push(fc.oneof(fc.integer(), fc.constantFrom(0, 1, 2 ** 31, 2 ** 53, -(2 ** 31))));
  if (named.has('isNumber')) plausible.push(fc.double());
  if (named.has('isBoolean')) plausible.push(fc.boolean());
  if (named.has('isEmail')) plausible.push(fc.emailAddress());
  if (named.has('isIso8601') || named.has('isISO8601')) {
    plausible.push(
      fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('0000-01-01', '2026-02-30', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z'),
      ),
    );
  }
  if (named.has('isString') || named.has('isLength') || named.has('maxLength'))
    plausible.push(fc.string({ maxLength: 60 }));
  if (named.has('isObject') || named.has('nestedValidation')) plausible.push(fc.object({ maxDepth: 3 }));
  if (named.has('isArray'))
    plausible.push(fc.array(plausible.length > 0 ? fc.oneof(...plausible) : anything, { maxLength: 5 }));
  return fc.oneof(
    { weight: 6, arbitrary: plausible.length > 0 ? fc.oneof(...plausible) : anything },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: anything },
  );
}

function bodyArbitrary(route: RouteInfo): fc.Arbitrary<unknown> {
  if (!route.body) return route.hasBody ? anything : fc.option(anything, { nil: undefined });
  const fields = fieldsOf(route.body);
  const shape = Object.fromEntries([...fields].map(([name, rules]) => [name, fieldArbitrary(rules)]));
  const shaped = fc.record(shape, { requiredKeys: [] });
  return fc.oneof(
    { weight: 8, arbitrary: shaped },
    { weight: 1, arbitrary: anything },
    {
      weight: 1,
      arbitrary: fc.tuple(shaped, fc.string({ maxLength: 10 }), anything).map(([o, k, v]) => ({ ...o, [k]: v })),
    },
  );
}

const paramValue = fc.oneof(
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** encodeURIComponent refuses lone surrogates; send them as the (invalid) UTF-8 a hostile client would. */
function encode(s: string): string {
  return [...s].map((ch) => (/^[\ud800-\udfff]$/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
}

function requestArbitrary(route: RouteInfo): fc.Arbitrary<{ url: string; body: unknown }> {
  const params = [...route.path.matchAll(/[:*](\w+)/g)].map((m) => m[1]!);
  return fc
    .record({
      params: fc.tuple(...params.map(() => paramValue)),
      query: fc.tuple(...route.query.map(() => fc.option(paramValue, { nil: undefined }))),
      body: bodyArbitrary(route),
    })
    .map(({ params: values, query, body }) => {
      let i = 0;
      let url = route.path.replace(/[:*](\w+)/g, () => encode(values[i++] as string) || 'x');
      const q = route.query
        .map((name, j) => (query[j] === undefined ? '' : `${name}=${encode(query[j])}`))
        .filter(Boolean);
      if (q.length > 0) url += `?${q.join('&')}`;
      return { url, body };
    });
}

interface Sent {
  requests: number;
  fiveHundreds: string[];
}

async function fuzzRoutes(
  client: Browserish,
  routes: RouteInfo[],
  reSignIn: () => Promise<void>,
  sent: Sent,
): Promise<void> {
  for (const route of routes) {
    await fc.assert(
      fc.asyncProperty(requestArbitrary(route), async ({ url, body }) => {
        sent.requests++;
        const res = await client.request(
          route.method,
          url,
          route.method === 'GET' || route.method === 'HEAD' ? undefined : body,
        );
        if (res.status === 401) await reSignIn(); // the fuzz may sign itself out
        if (res.status >= 500)
          sent.fiveHundreds.push(`${route.method} ${url} ${JSON.stringify(body)?.slice(0, 200)} → ${res.status}`);
        return res.status < 500;
      }),
      { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true },
    );
  }
}

const { routes, events } = catalogue();
let db: pg.Client;
let admin: Browserish;
let participant: Browserish;
const fuzzEmail = `fuzz-admin-${Date.now()}@hostile.local`;

beforeAll(async () => {
  // The fuzz runs inside an organisation of its own, so what it creates or renames touches no other test.
  db = new pg.Client({ connectionString: process.env.ATELIER_E2E_DATABASE_URL });
  await db.connect();
  const hash = (await db.query(`SELECT password_hash FROM users WHERE email = $1`, [seed().staff[0]!.email])).rows[0]
    .password_hash;
  const org = (await db.query(`INSERT INTO organisations (name) VALUES ('Fuzz') RETURNING id`)).rows[0].id;
  const user = (
    await db.query(
      `INSERT INTO users (display_name, email, password_hash) VALUES ('Fuzz admin', $1, $2) RETURNING id`,
      [fuzzEmail, hash],
    )
  ).rows[0].id;
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'admin')`, [org, user]);
  admin = newClient();
  await admin.signIn(fuzzEmail, seed().password);
  const created = await admin.post('/api/participants', { displayName: 'Fuzz participant', preferredLanguage: 'en' });
  participant = newClient();
  expect((await participant.post('/api/auth/join', { code: created.body.joinCode.code })).status).toBe(200);
});

afterAll(async () => {
  await db.end();
});

describe('hostile input on every route', () => {
  it('finds the routes and socket events from the decorators', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes).toEqual(
      expect.arrayContaining([expect.objectContaining({ method: 'GET', path: '/api/catalogue/:slug' })]),
    );
    expect(routes.some((r) => r.path.startsWith('/api/uploads'))).toBe(true); // excluded from OpenAPI, still fuzzed
    expect(events).toEqual(
      expect.arrayContaining([
        { namespace: '/boards', event: 'op' },
        { namespace: '/clips', event: 'clips:join' },
      ]),
    );
  });

  it('answers the characters PostgreSQL refuses, deep bodies, nulls and blank names with 400s that name the field', async () => {
    const anonymous = newClient();
    for (const path of [
      '/api/catalogue/a%00b',
      '/api/catalogue/a%00b/feed.atom',
      '/api/calendar/k%00y.ics',
      '/api/catalogue/%ED%A0%80',
    ]) {
      const res = await anonymous.get(path);
      expect([path, res.status]).toEqual([path, 400]);
    }
    const nul = await anonymous.get('/api/catalogue/a%00b');
    expect(nul.body).toMatchObject({ code: ErrorCode.InvalidText, details: { fields: [{ field: 'path.slug' }] } });

    const depth = 10_000;
    const tooDeep = await anonymous.request('POST', '/api/auth/login', '['.repeat(depth) + ']'.repeat(depth), {
      'content-type': 'application/json',
    });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.code).toBe(ErrorCode.BodyTooDeep);

    const nullLanguage = await admin.patch('/api/me', { preferredLanguage: null });
    expect(nullLanguage.status).toBe(400);
    expect(nullLanguage.body.details.fields).toEqual([
      { field: 'preferredLanguage', messages: ['preferredLanguage must not be null'] },
    ]);

    const blankGroup = await admin.post('/api/media/groups', { name: '   ' });
    expect(blankGroup.status).toBe(400);
    expect(blankGroup.body.details.fields[0].field).toBe('name');

    const surrogate = await admin.patch('/api/me', { displayName: 'Nadia \ud800' });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body).toMatchObject({
      code: ErrorCode.InvalidText,
      details: { fields: [{ field: 'displayName' }] },
    });
    const oneLine = await admin.patch('/api/me', { displayName: 'Nadia\nAdmin' });
    expect(oneLine.status).toBe(400);

    // Multi-line text keeps its line breaks; nothing stored was lost along the way.
    const programme = await admin.post('/api/programmes', {
      kind: 'workshop_series',
      title: 'Ateliers',
      description: 'Ligne 1\nLigne 2\tfin',
      languages: ['fr'],
      place: 'Molenbeek',
      capacity: null,
      requiredAttendanceRate: 80,
      contributionAsked: false,
      lateWeight: 0.5,
      lateGraceMinutes: 10,
      autoExcuse: true,
      alertAfterMisses: 2,
      retentionMonths: null,
    });
    expect(programme.status).toBe(201);
    expect((await admin.get(`/api/programmes/${programme.body.id}`)).body.description).toBe('Ligne 1\nLigne 2\tfin');
    expect((await admin.get('/api/me')).body.user.displayName).toBe('Fuzz admin');
  });

  it('never answers 5xx to fuzzed input on any route, signed out, as staff or as a participant', async () => {
    const sent: Sent = { requests: 0, fiveHundreds: [] };
    const anonymous = newClient();
    await fuzzRoutes(anonymous, routes, async () => {}, sent);
    await fuzzRoutes(admin, routes, async () => void (await admin.signIn(fuzzEmail, seed().password)), sent);
    await fuzzRoutes(
      participant,
      routes.filter((r) => !r.path.includes('logout')),
      async () => {},
      sent,
    );
    console.log(
      `hostile-input fuzz: ${sent.requests} requests over ${routes.length} routes, ${sent.fiveHundreds.length} answered 5xx`,
    );
    expect(sent.fiveHundreds).toEqual([]);
    expect((await newClient().get('/health')).status).toBe(200);
  }, 900_000);

  it('answers every socket event with an ack (never internal_error) and stays up', async () => {
    const token = admin.cookies.get('atelier_session')!;
    let emitted = 0;
    const internal: string[] = [];
    const payload = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record(
          {
            boardId: paramValue,
            projectId: paramValue,
            opId: paramValue,
            lastSeq: fc.oneof(fc.integer(), fc.constant(null)),
            baseSeq: fc.integer(),
            op: anything,
          },
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: anything },
    );
    for (const { namespace, event } of events) {
      const socket: Socket = io(`${baseUrl()}${namespace}`, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        await fc.assert(
          fc.asyncProperty(payload, async (p) => {
            emitted++;
            // Sent as its JSON, as a client's frame would arrive (the Deep helper is not an object socket.io knows).
            const frame = p === undefined ? undefined : (JSON.parse(JSON.stringify(p)) as unknown);
            const ack = (await socket.timeout(30_000).emitWithAck(event, frame)) as
              { error?: { code: string } } | undefined;
            if (ack?.error?.code === ErrorCode.Internal)
              internal.push(`${namespace} ${event} ${JSON.stringify(p)?.slice(0, 200)}`);
            return socket.connected;
          }),
          { numRuns: RUNS_PER_EVENT, seed: SEED },
        );
      } finally {
        socket.close();
      }
    }
    console.log(
      `hostile-input fuzz: ${emitted} socket events over ${events.length} event types, ${internal.length} internal_error acks`,
    );
    expect(internal).toEqual([]);
    expect((await newClient().get('/health')).status).toBe(200);
  }, 600_000);
});
