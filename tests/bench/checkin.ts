// Benchmark "checkin" — run with `npm run bench -- checkin` (tools/bench.mjs starts the stack).
//
// The check-in burst from the issue: 300 participants check in within 10 seconds across 10
// sessions running at the same time. Set up over the HTTP API as the demo trainer (not measured):
// 10 programmes with one session each that started two minutes ago, 30 enrolled participants per
// programme, and each participant's phone joined with its join code (a device bearer token). Then:
//   1. baseline: 300 GET /health over 10 s, the same schedule shape as the burst;
//   2. the burst: 300 POST /api/me/check-in over 10 s, at evenly spread offsets in random order,
//      with the room codes fetched just before (a code is valid for its 30 s slot and the next);
//   3. the baseline again, to see whether the server stayed as responsive after the burst;
//   4. the database: exactly one mark and one check-in history row per (session, participant).
// Latency is measured per request with performance.now(), from sending to the end of the body.
// Percentiles are nearest-rank (p99 of 300 samples = the 297th fastest).
//
// Only erasable TypeScript: Node runs this file by stripping its types.
import pg from 'pg';

export interface BenchContext {
  url: string;
  databaseUrl: string;
  seed: { password?: string; staff: Array<{ email: string; role: string }> } | null;
  log: (line: string) => void;
}

export interface BenchResult {
  figures: Record<string, unknown>;
  table: string[];
}

const SESSIONS = 10;
const PARTICIPANTS = 300;
const WINDOW_MS = 10_000;
/** Requests in flight at once during the (unmeasured) setup. */
const SETUP_CONCURRENCY = 6;
const TARGET_P99_MS = 100;

interface Reply {
  status: number;
  body: any;
  setCookies: string[];
}

interface Sample {
  ms: number;
  status: number;
  /** The API's error code for a non-200 answer (or the network error). */
  error: string | null;
  /** How late the request was sent compared with its slot in the schedule (client-side lag). */
  lagMs: number;
}

interface Stats {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const http = client(ctx.url);
  const trainerEmail = ctx.seed?.staff.find((s) => s.role === 'trainer')?.email;
  if (!trainerEmail || !ctx.seed?.password) throw new Error('the demo seed did not give a trainer and a password');

  // --- Setup (not measured) -------------------------------------------------------------------
  const setupStarted = performance.now();
  const login = await http('POST', '/api/auth/login', { body: { email: trainerEmail, password: ctx.seed.password } });
  expectStatus(login, 200, 'trainer sign-in');
  const trainer = cookieValue(login.setCookies, 'atelier_session');
  if (!trainer) throw new Error('the sign-in answer set no atelier_session cookie');

  const tag = Date.now().toString(36);
  const now = Date.now();
  const sessions = await pool(range(SESSIONS), SETUP_CONCURRENCY, async (i) => {
    const p = await http('POST', '/api/programmes', {
      token: trainer,
      body: {
        kind: 'workshop_series',
        title: `Bench check-in ${tag} #${i + 1}`,
        description: '',
        languages: ['fr'],
        place: '',
        capacity: null,
        requiredAttendanceRate: 80,
        contributionAsked: false,
        lateWeight: 0.5,
        lateGraceMinutes: 10,
        autoExcuse: false,
        alertAfterMisses: 2,
        retentionMonths: null,
      },
    });
    expectStatus(p, 201, 'create a programme');
    const s = await http('POST', `/api/programmes/${p.body.id}/sessions`, {
      token: trainer,
      body: { startsAt: new Date(now - 2 * 60_000).toISOString(), endsAt: new Date(now + 2 * 3_600_000).toISOString() },
    });
    expectStatus(s, 201, 'add a session');
    return { programmeId: p.body.id as string, sessionId: s.body.id as string };
  });
  ctx.log(`setup: ${SESSIONS} programmes with a session started 2 min ago`);

  const people = await pool(range(PARTICIPANTS), SETUP_CONCURRENCY, async (i) => {
    const { programmeId, sessionId } = sessions[Math.floor((i * SESSIONS) / PARTICIPANTS)]!;
    const created = await http('POST', '/api/participants', {
      token: trainer,
      body: { displayName: `Bench ${tag} ${i + 1}`, preferredLanguage: 'fr' },
    });
    expectStatus(created, 201, 'create a participant');
    const participantId = created.body.participant.id as string;
    const enrolled = await http('POST', `/api/programmes/${programmeId}/enrolments`, {
      token: trainer,
      body: { participantId },
    });
    expectStatus(enrolled, 201, 'enrol a participant');
    const joined = await http('POST', '/api/auth/join', {
      body: { code: created.body.joinCode.code, deviceLabel: 'bench phone' },
    });
    expectStatus(joined, 200, 'join with the code');
    const token = cookieValue(joined.setCookies, 'atelier_session');
    if (!token) throw new Error('the join answer set no atelier_session cookie');
    return { participantId, sessionId, token };
  });
  const joinedAt = performance.now();
  const setupS = (performance.now() - setupStarted) / 1000;
  ctx.log(`setup: ${PARTICIPANTS} participants created, enrolled and joined on a phone in ${setupS.toFixed(1)} s`);

  // --- Baseline ---------------------------------------------------------------------------------
  const healthRequest = () => timed(ctx.url, 'GET', '/health');
  const before = await schedule(PARTICIPANTS, WINDOW_MS, healthRequest);
  ctx.log(
    `baseline: ${PARTICIPANTS} GET /health over ${WINDOW_MS / 1000} s, p50 ${fmt(stats(before).p50)} ms, p99 ${fmt(stats(before).p99)} ms`,
  );

  // --- The burst --------------------------------------------------------------------------------
  const codes = new Map<string, string>();
  await pool(sessions, SETUP_CONCURRENCY, async ({ sessionId }) => {
    const r = await http('GET', `/api/sessions/${sessionId}/check-in-code`, { token: trainer });
    expectStatus(r, 200, 'fetch a check-in code');
    codes.set(sessionId, r.body.code as string);
  });
  const joinToBurstS = (performance.now() - joinedAt) / 1000;
  const checkIns = await schedule(PARTICIPANTS, WINDOW_MS, (i) => {
    const p = people[i]!;
    return timed(ctx.url, 'POST', '/api/me/check-in', {
      token: p.token,
      body: { code: codes.get(p.sessionId)!, sessionId: p.sessionId },
    });
  });
  const burst = stats(checkIns);
  ctx.log(
    `burst: ${PARTICIPANTS} POST /api/me/check-in over ${WINDOW_MS / 1000} s, p50 ${fmt(burst.p50)} ms, p99 ${fmt(burst.p99)} ms`,
  );

  // --- Baseline again ---------------------------------------------------------------------------
  const after = await schedule(PARTICIPANTS, WINDOW_MS, healthRequest);
  ctx.log(`baseline after: p50 ${fmt(stats(after).p50)} ms, p99 ${fmt(stats(after).p99)} ms`);

  // --- The database -----------------------------------------------------------------------------
  const ids = sessions.map((s) => s.sessionId);
  const db = new pg.Client({ connectionString: ctx.databaseUrl });
  await db.connect();
  let marks: { rows: number; pairs: number; expected: number; present: number; late: number };
  let history: { rows: number; pairs: number };
  try {
    const expectedPairs = people.map((p) => `${p.sessionId}:${p.participantId}`);
    const m = await db.query<{ rows: number; pairs: number; expected: number; present: number; late: number }>(
      `SELECT count(*)::int AS rows,
              count(DISTINCT (session_id, participant_id))::int AS pairs,
              count(*) FILTER (WHERE session_id::text || ':' || participant_id::text = ANY($2::text[]))::int AS expected,
              count(*) FILTER (WHERE status = 'present')::int AS present,
              count(*) FILTER (WHERE status = 'late')::int AS late
         FROM attendance_marks WHERE session_id = ANY($1::uuid[])`,
      [ids, expectedPairs],
    );
    marks = m.rows[0]!;
    const h = await db.query<{ rows: number; pairs: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT (session_id, participant_id))::int AS pairs
         FROM attendance_mark_history WHERE session_id = ANY($1::uuid[]) AND source = 'check_in'`,
      [ids],
    );
    history = h.rows[0]!;
  } finally {
    await db.end();
  }

  // --- Figures ----------------------------------------------------------------------------------
  const base = stats(before);
  const baseAfter = stats(after);
  const errors = checkIns.filter((s) => s.status !== 200);
  const errorCodes: Record<string, number> = {};
  for (const e of errors)
    errorCodes[`${e.status} ${e.error ?? ''}`.trim()] = (errorCodes[`${e.status} ${e.error ?? ''}`.trim()] ?? 0) + 1;
  const baselineErrors = [...before, ...after].filter((s) => s.status !== 200).length;
  const doubleMarks = history.rows - history.pairs;
  const lag = Math.max(...[...before, ...checkIns, ...after].map((s) => s.lagMs));
  const figures = {
    requests: checkIns.length,
    window_s: WINDOW_MS / 1000,
    sessions: SESSIONS,
    p50_ms: r1(burst.p50),
    p95_ms: r1(burst.p95),
    p99_ms: r1(burst.p99),
    max_ms: r1(burst.max),
    mean_ms: r1(burst.mean),
    errors: errors.length,
    error_codes: errorCodes,
    marks: marks.rows,
    marks_expected_pairs: marks.expected,
    marks_present: marks.present,
    marks_late: marks.late,
    history_check_in_rows: history.rows,
    double_marks: doubleMarks,
    baseline_p50_ms: r1(base.p50),
    baseline_p95_ms: r1(base.p95),
    baseline_p99_ms: r1(base.p99),
    baseline_max_ms: r1(base.max),
    baseline_after_p50_ms: r1(baseAfter.p50),
    baseline_after_p95_ms: r1(baseAfter.p95),
    baseline_after_p99_ms: r1(baseAfter.p99),
    baseline_after_max_ms: r1(baseAfter.max),
    baseline_errors: baselineErrors,
    p50_ratio: r2(burst.p50 / base.p50),
    p99_ratio: r2(burst.p99 / base.p99),
    max_send_lag_ms: r1(lag),
    setup_s: r1(setupS),
    join_to_burst_s: r1(joinToBurstS),
    target_p99_ms: TARGET_P99_MS,
    met:
      burst.p99 < TARGET_P99_MS &&
      errors.length === 0 &&
      doubleMarks === 0 &&
      marks.rows === PARTICIPANTS &&
      history.rows === PARTICIPANTS,
  };

  const row = (label: string, s: Stats) =>
    `${label.padEnd(30)}${[s.p50, s.p95, s.p99, s.max, s.mean].map((v) => fmt(v).padStart(9)).join('')}`;
  const table = [
    `checkin: ${PARTICIPANTS} check-ins over ${WINDOW_MS / 1000} s across ${SESSIONS} sessions (target p99 < ${TARGET_P99_MS} ms, 0 errors, 0 double marks)`,
    `${'latency (ms)'.padEnd(30)}${['p50', 'p95', 'p99', 'max', 'mean'].map((h) => h.padStart(9)).join('')}`,
    row('GET /health (before)', base),
    row('POST /api/me/check-in', burst),
    row('GET /health (after)', baseAfter),
    `ratio check-in ÷ baseline      p50 ×${r2(burst.p50 / base.p50)}   p99 ×${r2(burst.p99 / base.p99)}`,
    `errors ${errors.length}${
      errors.length
        ? ` (${Object.entries(errorCodes)
            .map(([k, v]) => `${k} ×${v}`)
            .join(', ')})`
        : ''
    }; baseline errors ${baselineErrors}`,
    `marks ${marks.rows}/${PARTICIPANTS} (${marks.present} present, ${marks.late} late, ${marks.expected} on the expected pairs); check-in history rows ${history.rows}; double marks ${doubleMarks}`,
    `setup ${r1(setupS)} s; join → burst ${r1(joinToBurstS)} s; worst client send lag ${r1(lag)} ms`,
    `${figures.met ? 'MET' : 'MISSED'}: p99 ${fmt(burst.p99)} ms ${burst.p99 < TARGET_P99_MS ? '<' : '≥'} ${TARGET_P99_MS} ms, ${errors.length} errors, ${doubleMarks} double marks`,
  ];
  return { figures, table };
}

// --- HTTP ---------------------------------------------------------------------------------------

interface RequestOptions {
  token?: string;
  body?: unknown;
}

function client(base: string) {
  return async (method: string, path: string, o: RequestOptions = {}): Promise<Reply> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: headersFor(o),
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    return { status: res.status, body: parse(text), setCookies: res.headers.getSetCookie() };
  };
}

function headersFor(o: RequestOptions): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json' };
  if (o.token) h.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) h['content-type'] = 'application/json';
  return h;
}

/** One measured request: latency from sending to the whole body received. */
async function timed(
  base: string,
  method: string,
  path: string,
  o: RequestOptions = {},
): Promise<Omit<Sample, 'lagMs'>> {
  const init = { method, headers: headersFor(o), body: o.body === undefined ? undefined : JSON.stringify(o.body) };
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${path}`, init);
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status === 200) return { ms, status: 200, error: null };
    const body = parse(text);
    return { ms, status: res.status, error: typeof body?.code === 'string' ? body.code : null };
  } catch (e) {
    return {
      ms: performance.now() - t0,
      status: 0,
      error: e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e),
    };
  }
}

function parse(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

function cookieValue(setCookies: string[], name: string): string | null {
  for (const c of setCookies) {
    const [pair] = c.split(';');
    const at = pair!.indexOf('=');
    if (at > 0 && pair!.slice(0, at).trim() === name) return decodeURIComponent(pair!.slice(at + 1));
  }
  return null;
}

function expectStatus(r: Reply, status: number, what: string): void {
  if (r.status !== status)
    throw new Error(`${what}: expected HTTP ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
}

// --- Scheduling and statistics ------------------------------------------------------------------

/**
 * Sends `count` requests at evenly spread offsets within `windowMs` (offset k·windowMs/count),
 * the requesters in random order; `send(i)` makes requester i's request. Does not wait for one
 * answer before sending the next: requests overlap as they would from separate phones.
 */
async function schedule(
  count: number,
  windowMs: number,
  send: (i: number) => Promise<Omit<Sample, 'lagMs'>>,
): Promise<Sample[]> {
  const order = shuffle(range(count));
  const start = performance.now() + 20;
  return Promise.all(
    order.map(
      (who, k) =>
        new Promise<Sample>((resolve) => {
          const at = start + (k * windowMs) / count;
          setTimeout(
            () => {
              const lagMs = Math.max(0, performance.now() - at);
              void send(who).then((s) => resolve({ ...s, lagMs }));
            },
            Math.max(0, at - performance.now()),
          );
        }),
    ),
  );
}

function stats(samples: Sample[]): Stats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const rank = (q: number) => ms[Math.min(ms.length - 1, Math.max(0, Math.ceil(q * ms.length) - 1))]!;
  return {
    n: ms.length,
    min: ms[0]!,
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    max: ms[ms.length - 1]!,
  };
}

/** Runs `work` over `items` with at most `limit` at a time; results in input order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => n.toFixed(1);
