// The baselines of `npm run bench -- board` (tests/bench/board.ts starts one per baseline phase).
//
// A bare socket.io server: `join` puts the socket in a room; `op` takes the room's next seq,
// broadcasts { boardId, seq, op } to the room and acknowledges { ok, seq }. It validates, projects
// and stores nothing.
//
// With DURABLE=1 (and DATABASE_URL): the least any durable board must do (issue 19) — one
// autocommitted INSERT per op into the same PostgreSQL, through a pool of 10 connections as the
// API's, and only once it is committed the broadcast and the ack, in Atelier's order.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

const durable = process.env.DURABLE === '1';
const db = durable ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) : null;
// Rows of every run stay apart (each run restarts its seqs at 1).
const run = randomUUID();
if (db)
  await db.query(`CREATE TABLE IF NOT EXISTS bench_durable_ops (
    run uuid NOT NULL, room text NOT NULL, seq bigint NOT NULL, op jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run, room, seq))`);

const http = createServer();
const io = new Server(http, { serveClient: false });
const seqs = new Map();
io.on('connection', (socket) => {
  socket.on('join', (req, ack) => {
    socket.join(req.room);
    ack({ ok: true });
  });
  socket.on('op', async (req, ack) => {
    const seq = (seqs.get(req.room) ?? 0) + 1;
    seqs.set(req.room, seq);
    if (db) {
      try {
        await db.query('INSERT INTO bench_durable_ops (run, room, seq, op) VALUES ($1, $2, $3, $4)', [
          run,
          req.room,
          seq,
          req.op,
        ]);
      } catch (e) {
        console.error(`durable baseline: insert failed: ${e.message}`);
        ack({ ok: false, error: { code: 'insert_failed' } });
        return;
      }
    }
    io.to(req.room).emit('patch', { boardId: req.room, seq, op: req.op });
    ack({ ok: true, seq });
  });
});
// A normal exit, so that --cpu-prof writes its profile.
process.on('SIGTERM', () => {
  void (db ? db.end() : Promise.resolve()).finally(() => process.exit(0));
});
http.listen(0, '127.0.0.1', () => console.log(http.address().port));
