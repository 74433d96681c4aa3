import { AttendanceStatus, CHECK_IN_OFFLINE_MAX_SECONDS, ErrorCode, Role } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { AttendanceRepository } from '../../apps/api/src/attendance/attendance.repository.js';
import { AttendanceService } from '../../apps/api/src/attendance/attendance.service.js';
import { ROTATE_SECONDS, codeFor, slotOf } from '../../apps/api/src/attendance/check-in-code.js';
import { Clock } from '../../apps/api/src/common/clock.js';
import {
  IDEMPOTENCY_KEEP_HOURS,
  IdempotencyRepository,
} from '../../apps/api/src/common/idempotency/idempotency.repository.js';
import { factory } from '../support/factory.js';

let db: DataSource;
let make: ReturnType<typeof factory>;
const MIN = 60_000;
const SECRET = 'offline-secret';

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  make = factory(db);
});
afterAll(async () => {
  await db.destroy();
});

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  override now(): Date {
    return this.at;
  }
}

/** The check-in path only: the service with the real attendance repository and a clock set by the test. */
function service(now: Date): AttendanceService {
  const unused = null as never;
  return new AttendanceService(
    unused,
    new AttendanceRepository(db),
    unused,
    unused,
    unused,
    unused,
    unused,
    unused,
    unused,
    new FixedClock(now),
  );
}

/** An enrolled participant and a session that started `startedMinutesAgo` before `now` (2 hours long, 10 min grace). */
async function enrolledInSession(now: Date, startedMinutesAgo: number) {
  const org = await make.organisation();
  const participant = await make.member(org.id, Role.Participant);
  const [p] = (await db.query(
    `INSERT INTO programmes (organisation_id, kind, title, join_code, calendar_key, check_in_secret, late_grace_minutes)
     VALUES ($1, 'video_course', 'Hors ligne', $2, $3, $4, 10) RETURNING id`,
    [org.id, randomUUID().slice(0, 8), randomUUID(), SECRET],
  )) as Array<{ id: string }>;
  const start = new Date(now.getTime() - startedMinutesAgo * MIN);
  const [s] = (await db.query(
    `INSERT INTO programme_sessions (programme_id, starts_at, ends_at) VALUES ($1, $2, $3) RETURNING id`,
    [p!.id, start, new Date(start.getTime() + 120 * MIN)],
  )) as Array<{ id: string }>;
  await db.query(`INSERT INTO enrolments (programme_id, participant_id, status) VALUES ($1, $2, 'enrolled')`, [
    p!.id,
    participant.id,
  ]);
  const who: AuthUser = {
    userId: participant.id,
    organisationId: org.id,
    role: Role.Participant,
    sessionId: randomUUID(),
    sessionKind: 'device',
  };
  const codeAt = (at: Date) => codeFor(SECRET, s!.id, slotOf(at));
  const markedAt = async () =>
    (
      (await db.query(`SELECT status, marked_at FROM attendance_marks WHERE session_id = $1 AND participant_id = $2`, [
        s!.id,
        participant.id,
      ])) as Array<{ status: AttendanceStatus; marked_at: Date }>
    )[0];
  return { who, sessionId: s!.id, codeAt, markedAt };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('expected a refusal');
}

describe('a check-in typed offline', () => {
  it('is judged at the moment it was typed: the code valid then, on time then, marked at that time', async () => {
    const now = new Date();
    // Typed 3 minutes after the start (on time, grace 10), sent 40 minutes later (late by then).
    const { who, codeAt, markedAt } = await enrolledInSession(now, 43);
    const typed = new Date(now.getTime() - 40 * MIN);
    const result = await service(now).checkIn(who, { code: codeAt(typed), typedSecondsAgo: 40 * 60 });
    expect(result.status).toBe(AttendanceStatus.Present);
    expect(Math.abs(Date.parse(result.checkedInAt) - typed.getTime())).toBeLessThan(1000);
    const mark = await markedAt();
    expect(mark?.status).toBe(AttendanceStatus.Present);
    expect(Math.abs(mark!.marked_at.getTime() - typed.getTime())).toBeLessThan(1000);
  });

  it('refuses the same old code sent as if typed now (expired) and a fresh code claimed as typed earlier', async () => {
    const now = new Date();
    const { who, codeAt } = await enrolledInSession(now, 43);
    // Without the time it was typed, a code from 5 minutes ago has simply expired.
    const typed = new Date(now.getTime() - 5 * MIN);
    expect(await refusal(service(now).checkIn(who, { code: codeAt(typed) }))).toBe(ErrorCode.CheckInCodeExpired);
    // The code on the screen now did not exist 40 minutes ago: a time cannot be made up for it.
    expect(await refusal(service(now).checkIn(who, { code: codeAt(now), typedSecondsAgo: 40 * 60 }))).toBe(
      ErrorCode.CheckInCodeInvalid,
    );
  });

  it('refuses a code typed before the check-in window opened, and one typed too long ago', async () => {
    const now = new Date();
    // The session started 20 minutes ago: 60 minutes ago the window (30 minutes before the start) was still shut.
    const { who, codeAt } = await enrolledInSession(now, 20);
    const typed = new Date(now.getTime() - 60 * MIN);
    expect(await refusal(service(now).checkIn(who, { code: codeAt(typed), typedSecondsAgo: 60 * 60 }))).toBe(
      ErrorCode.CheckInCodeInvalid,
    );
    const tooOld = CHECK_IN_OFFLINE_MAX_SECONDS + ROTATE_SECONDS;
    expect(
      await refusal(
        service(now).checkIn(who, { code: codeAt(new Date(now.getTime() - tooOld * 1000)), typedSecondsAgo: tooOld }),
      ),
    ).toBe(ErrorCode.CheckInTypedTooLongAgo);
  });
});

describe(IdempotencyRepository.name, () => {
  it('lets one request claim a key, remembers its answer, and forgets it after a day', async () => {
    const org = await make.organisation();
    const person = await make.member(org.id, Role.Participant);
    const repo = new IdempotencyRepository(db);
    const key = randomUUID();
    const now = new Date();
    const claims = await Promise.all([1, 2, 3].map(() => repo.claim(person.id, key, 'POST /api/me/check-in', now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await repo.find(person.id, key)).toEqual({
      request: 'POST /api/me/check-in',
      status: null,
      body: undefined,
    });
    await repo.answer(person.id, key, 201, { status: 'present' });
    expect(await repo.find(person.id, key)).toEqual({
      request: 'POST /api/me/check-in',
      status: 201,
      body: { status: 'present' },
    });
    // Another person's key of the same text is theirs alone.
    const other = await make.member(org.id, Role.Participant);
    expect(await repo.claim(other.id, key, 'POST /api/me/check-in', now)).toBe(true);
    const later = new Date(now.getTime() + (IDEMPOTENCY_KEEP_HOURS * 60 + 1) * MIN);
    expect(await repo.claim(person.id, key, 'POST /api/me/check-in', later)).toBe(true);
  });

  it('releases a claim whose request failed on the server, so it can run again', async () => {
    const org = await make.organisation();
    const person = await make.member(org.id, Role.Participant);
    const repo = new IdempotencyRepository(db);
    const key = randomUUID();
    expect(await repo.claim(person.id, key, 'DELETE /api/x', new Date())).toBe(true);
    await repo.release(person.id, key);
    expect(await repo.claim(person.id, key, 'DELETE /api/x', new Date())).toBe(true);
  });
});
