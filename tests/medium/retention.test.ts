import { Role } from '@atelier/contracts';
import { dataSourceOptions, reduceExpiredAttendance } from '@atelier/database';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { factory } from '../support/factory.js';

let db: DataSource;
let make: ReturnType<typeof factory>;
const DAY = 86_400_000;

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  make = factory(db);
});
afterAll(async () => {
  await db.destroy();
});

async function programme(orgId: string, retentionMonths: number | null): Promise<string> {
  const [p] = (await db.query(
    `INSERT INTO programmes (organisation_id, kind, title, join_code, calendar_key, check_in_secret, retention_months) VALUES ($1, 'video_course', 'Retention', $2, $3, 's', $4) RETURNING id`,
    [orgId, randomUUID().slice(0, 8), randomUUID(), retentionMonths],
  )) as Array<{ id: string }>;
  return p!.id;
}

async function session(programmeId: string, daysAgo: number, cancelled = false): Promise<string> {
  const start = new Date(Date.now() - daysAgo * DAY);
  const [s] = (await db.query(
    `INSERT INTO programme_sessions (programme_id, starts_at, ends_at, cancelled_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [programmeId, start, new Date(start.getTime() + 2 * 3_600_000), cancelled ? start : null],
  )) as Array<{ id: string }>;
  return s!.id;
}

async function mark(sessionId: string, participantId: string, status: string): Promise<void> {
  await db.query(
    `INSERT INTO attendance_marks (session_id, participant_id, status, source, marked_at) VALUES ($1, $2, $3, 'trainer', now())`,
    [sessionId, participantId, status],
  );
  await db.query(
    `INSERT INTO attendance_mark_history (session_id, participant_id, status, source, marked_at) VALUES ($1, $2, $3, 'trainer', now())`,
    [sessionId, participantId, status],
  );
}

describe('reduceExpiredAttendance against PostgreSQL', () => {
  it('turns marks older than the retention period into totals, deletes them with their history, and runs twice safely', async () => {
    const org = await make.organisation();
    const amina = await make.member(org.id, Role.Participant);
    const kept = await programme(org.id, null);
    const reduced = await programme(org.id, 6);
    const old1 = await session(reduced, 300);
    const old2 = await session(reduced, 250);
    const oldCancelled = await session(reduced, 240, true);
    const recent = await session(reduced, 30);
    const keptOld = await session(kept, 400);
    await mark(old1, amina.id, 'present');
    await mark(old2, amina.id, 'late');
    await mark(oldCancelled, amina.id, 'present');
    await mark(recent, amina.id, 'absent');
    await mark(keptOld, amina.id, 'present');

    expect(await reduceExpiredAttendance(db, new Date())).toBe(3);
    expect(await reduceExpiredAttendance(db, new Date())).toBe(0);

    const [totals] = (await db.query(
      `SELECT present, late, excused, absent, hours_attended, reduced_sessions FROM attendance_totals WHERE programme_id = $1 AND participant_id = $2`,
      [reduced, amina.id],
    )) as Array<Record<string, unknown>>;
    expect(totals).toEqual({ present: 1, late: 1, excused: 0, absent: 0, hours_attended: '4.00', reduced_sessions: 2 });
    const left = (await db.query(
      `SELECT session_id FROM attendance_marks WHERE participant_id = $1 ORDER BY session_id`,
      [amina.id],
    )) as Array<{ session_id: string }>;
    expect(left.map((r) => r.session_id).sort()).toEqual([recent, keptOld].sort());
    const history = (await db.query(
      `SELECT count(*)::int AS n FROM attendance_mark_history WHERE session_id = ANY($1)`,
      [[old1, old2, oldCancelled]],
    )) as Array<{ n: number }>;
    expect(history[0]!.n).toBe(0);
  });
});
