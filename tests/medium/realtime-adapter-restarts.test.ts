import type { AppConfig } from '@atelier/config';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../apps/launcher/src/embedded-postgres.js';
import { freePort } from '../../apps/launcher/src/ports.js';
import { RealtimeIoAdapter } from '../../apps/api/src/realtime/realtime-io.adapter.js';

/**
 * Two API nodes sharing socket.io rooms through the PostgreSQL adapter, and PostgreSQL restarted
 * three times under them (a PostgreSQL of this test's own, fast shutdown: every session ends).
 * The adapter's LISTEN client must be given back to the pool each time: it kept one dead client
 * checked out per restart, so after a few restarts the pool had no connection left for NOTIFY,
 * and rooms across nodes went silent without an error.
 */
const DB = 'atelier_adapter';
let dir: string;
let port: number;
let db: EmbeddedDatabase;
const nodes: Array<{
  http: HttpServer;
  adapter: RealtimeIoAdapter;
  io: ReturnType<RealtimeIoAdapter['createIOServer']>;
}> = [];

async function startPostgres(): Promise<void> {
  db = await startEmbeddedPostgres(join(dir, 'pg'), port, DB, () => undefined);
}

/** Connections to the test database other than this query's own, and how many of them LISTEN. */
async function connections(): Promise<{ all: number; listening: number }> {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ all: string; listening: string }>(
      `SELECT count(*) AS all, count(*) FILTER (WHERE query LIKE 'LISTEN%') AS listening
         FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      [DB],
    );
    return { all: Number(rows[0]!.all), listening: Number(rows[0]!.listening) };
  } finally {
    await admin.end();
  }
}

/** Clients each node's adapter pool has checked out (the LISTEN client; a dead one kept is a leak). */
const checkedOut = (): number[] =>
  nodes.map((n) => {
    const pool = (n.adapter as unknown as { pool: pg.Pool }).pool;
    return pool.totalCount - pool.idleCount;
  });

async function until(what: string, check: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A message one node emits to the other nodes arrives at node B within `ms` (false if not). */
async function crossNode(n: number, ms = 8000): Promise<boolean> {
  const got = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    nodes[1]!.io.on('probe', (value: number) => {
      if (value !== n) return;
      clearTimeout(timer);
      resolve(true);
    });
  });
  nodes[0]!.io.serverSideEmit('probe', n);
  const ok = await got;
  nodes[1]!.io.removeAllListeners('probe');
  return ok;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-adapter-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
  port = await freePort();
  await startPostgres();
  for (let i = 0; i < 2; i++) {
    const http = createServer();
    const adapter = new RealtimeIoAdapter(
      http as never,
      { realtimeAdapter: 'postgres', databaseUrl: db.url } as AppConfig,
    );
    await adapter.connect();
    nodes.push({ http, adapter, io: adapter.createIOServer(0) });
  }
}, 180_000);

afterAll(async () => {
  for (const n of nodes) await n.adapter.close(n.io);
  await db?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the PostgreSQL socket.io adapter across PostgreSQL restarts', () => {
  it('keeps one LISTEN connection per node, leaks none, and still carries messages between nodes after 3 restarts', async () => {
    await until('both nodes to LISTEN', async () => (await connections()).listening === 2, 30);
    expect(await crossNode(0)).toBe(true);
    const before = await connections();
    const heldBefore = checkedOut();

    for (let restart = 1; restart <= 3; restart++) {
      await db.stop();
      await new Promise((r) => setTimeout(r, 1000));
      await startPostgres();
      await until(
        `both nodes to LISTEN again after restart ${restart}`,
        async () => (await connections()).listening === 2,
        60,
      );
    }
    await until('the messages between nodes to flow again', () => crossNode(4, 3000), 30);
    const after = await connections();
    console.log(
      `[adapter, 3 PostgreSQL restarts] connections before ${before.all} (LISTEN ${before.listening}), after ${after.all} (LISTEN ${after.listening}); ` +
        `pool clients held per node before ${heldBefore.join('/')}, after ${checkedOut().join('/')}`,
    );
    expect(after.listening).toBe(2);
    expect(after.all).toBeLessThanOrEqual(before.all);
    expect(checkedOut()).toEqual(heldBefore);
  }, 400_000);
});
