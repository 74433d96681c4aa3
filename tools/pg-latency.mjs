// `node tools/pg-latency.mjs [postgres-url]` — how this machine's PostgreSQL answers the board op
// log's kind of traffic, with nothing of Atelier involved: 21 "boards" (20 at 6 ops/s, one at 60),
// each a loop of one autocommitted UPDATE-then-INSERT statement through a pg pool, for 15 s; then
// the same work through ONE connection in batches. Prints p50/p90/p99/max of each, in ms. Used to
// tell whether a bad `npm run bench -- board` tail comes from the machine (docs/ARCHITECTURE.md,
// live boards, "Measured"). Creates and drops its own two tables (random names) in the database.
// Default URL: $DATABASE_URL, else the local server's `test` database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const url = process.argv[2] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = 15;
const suffix = randomBytes(4).toString('hex');
const [boards, ops] = [`pglat_boards_${suffix}`, `pglat_ops_${suffix}`];
const pool = new pg.Pool({ connectionString: url, max: 21 });
const rate = (b) => (b === 20 ? 60 : 6);
const op = JSON.stringify({ type: 'card.add', text: 'x'.repeat(80) });

function summary(label, durs) {
  durs.sort((a, b) => a - b);
  const p = (q) => durs[Math.floor(q * (durs.length - 1))].toFixed(2);
  console.log(`${label.padEnd(38)} n ${durs.length}  p50 ${p(0.5)}  p90 ${p(0.9)}  p99 ${p(0.99)}  max ${p(1)}`);
}

async function reset() {
  await pool.query(`DROP TABLE IF EXISTS ${boards}; DROP TABLE IF EXISTS ${ops};
    CREATE TABLE ${boards} (id int PRIMARY KEY, seq int NOT NULL); CREATE TABLE ${ops} (b int, seq int, op jsonb, PRIMARY KEY (b, seq));
    INSERT INTO ${boards} SELECT g, 0 FROM generate_series(1, 21) g`);
}

const sql = `WITH m AS (UPDATE ${boards} SET seq = $2 WHERE id = $1 AND seq = $3 RETURNING id) INSERT INTO ${ops} SELECT m.id, $2, $4::jsonb FROM m`;

try {
  // 1. One statement per op, each board on its own, concurrently through the pool.
  await reset();
  const concurrent = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: 21 }, async (_, b) => {
      for (let seq = 0; performance.now() < end; seq++) {
        const t0 = performance.now();
        await pool.query(sql, [b + 1, seq + 1, seq, op]);
        concurrent.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 1000 / rate(b)));
      }
    }),
  );
  summary('21 boards, concurrent statements', concurrent);

  // 2. The same ops, all boards' waiting ops in one statement on one connection (one in flight).
  await reset();
  const client = await pool.connect();
  const seqs = new Array(22).fill(0);
  let waiting = [];
  let busy = false;
  const batched = [];
  const flush = async () => {
    if (busy || waiting.length === 0) return;
    busy = true;
    const batch = waiting;
    waiting = [];
    const rows = batch.map((w) => ({ b: w.b, seq: ++seqs[w.b] }));
    const moves = [...new Map(rows.map((r) => [r.b, r])).values()].map((r) => ({
      id: r.b,
      next: r.seq,
      exp: r.seq - rows.filter((x) => x.b === r.b).length,
    }));
    await client.query(
      `WITH m AS (UPDATE ${boards} b SET seq = v.next FROM jsonb_to_recordset($1::jsonb) AS v(id int, exp int, next int) WHERE b.id = v.id AND b.seq = v.exp RETURNING b.id)
       INSERT INTO ${ops} SELECT r.b, r.seq, $3::jsonb FROM jsonb_to_recordset($2::jsonb) AS r(b int, seq int) JOIN m ON m.id = r.b`,
      [JSON.stringify(moves), JSON.stringify(rows), op],
    );
    const now = performance.now();
    for (const w of batch) batched.push(now - w.t0);
    busy = false;
    void flush();
  };
  const end2 = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: 21 }, async (_, b) => {
      while (performance.now() < end2) {
        waiting.push({ b: b + 1, t0: performance.now() });
        void flush();
        await new Promise((r) => setTimeout(r, 1000 / rate(b)));
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  client.release();
  summary('21 boards, one batched statement', batched);
} finally {
  await pool.query(`DROP TABLE IF EXISTS ${boards}; DROP TABLE IF EXISTS ${ops}`).catch(() => undefined);
  await pool.end();
}
