import {
  AttendanceStatus,
  EnrolmentStatus,
  ErrorCode,
  ProgrammeKind,
  type Programme,
  type Session,
} from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, type Browserish, newClient, seed } from '../support/e2e.js';

const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;

async function trainer(): Promise<Browserish> {
  const c = newClient();
  await c.signIn(trainerEmail(), seed().password);
  return c;
}

async function programme(t: Browserish, overrides: Record<string, unknown> = {}): Promise<Programme> {
  const res = await t.post('/api/programmes', {
    kind: ProgrammeKind.VideoCourse,
    title: `Cinéma pauvre ${Math.random().toString(36).slice(2, 7)}`,
    description: 'Une séance par semaine pendant deux mois.',
    languages: ['fr', 'ar'],
    place: 'Rue du Fort 5, Saint-Gilles',
    capacity: null,
    requiredAttendanceRate: 80,
    contributionAsked: true,
    lateWeight: 0.5,
    lateGraceMinutes: 10,
    autoExcuse: false,
    alertAfterMisses: 2,
    retentionMonths: null,
    ...overrides,
  });
  expect(res.status).toBe(201);
  return res.body as Programme;
}

/** A participant with a phone signed in; returns the participant id and the phone's client. */
async function participantOnPhone(t: Browserish, name: string): Promise<{ id: string; phone: Browserish }> {
  const created = await t.post('/api/participants', { displayName: name, preferredLanguage: 'fr' });
  const phone = newClient();
  expect((await phone.post('/api/auth/join', { code: created.body.joinCode.code })).status).toBe(200);
  return { id: created.body.participant.id, phone };
}

async function sessionNow(t: Browserish, programmeId: string, startedMinutesAgo: number): Promise<Session> {
  const start = Date.now() - startedMinutesAgo * 60_000;
  const res = await t.post(`/api/programmes/${programmeId}/sessions`, {
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * 3_600_000).toISOString(),
    title: 'Tournage',
  });
  expect(res.status).toBe(201);
  return res.body as Session;
}

describe('planning a programme', () => {
  it('generates weekly sessions at the same Brussels time across the daylight-saving change, skipping holidays', async () => {
    const t = await trainer();
    const p = await programme(t);
    const res = await t.post(`/api/programmes/${p.id}/sessions/series`, {
      startDate: '2027-03-03',
      startTime: '18:00',
      durationMinutes: 150,
      weekdays: [3],
      everyWeeks: 1,
      count: 8,
      skipDates: ['2027-03-31'],
    });
    expect(res.status).toBe(201);
    const sessions = res.body as Session[];
    expect(sessions).toHaveLength(8);
    const local = sessions.map((s) =>
      new Intl.DateTimeFormat('fr-BE', { timeZone: 'Europe/Brussels', dateStyle: 'short', timeStyle: 'short' }).format(
        new Date(s.startsAt),
      ),
    );
    expect(local.every((l) => l.endsWith('18:00'))).toBe(true);
    expect(local.some((l) => l.startsWith('31/03'))).toBe(false);
    expect(sessions[0]!.startsAt).toBe('2027-03-03T17:00:00.000Z'); // winter: UTC+1
    expect(sessions[4]!.startsAt).toBe('2027-04-07T16:00:00.000Z'); // summer: UTC+2

    // Cancel one: it stays listed as cancelled, and the calendar feed says so.
    expect((await t.post(`/api/sessions/${sessions[1]!.id}/cancel`)).body.cancelledAt).not.toBeNull();
    const ics = await fetch(p.calendarUrl.replace(/^https?:\/\/[^/]+/, process.env.ATELIER_E2E_URL!));
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const body = await ics.text();
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(8);
    expect(body.match(/STATUS:CANCELLED/g)).toHaveLength(1);
    expect(body).toContain('DTSTART:20270303T170000Z');
    expect((await fetch(`${process.env.ATELIER_E2E_URL}/api/calendar/not-a-key.ics`)).status).toBe(404);
  });

  it('refuses a series with no end and explains why', async () => {
    const t = await trainer();
    const p = await programme(t);
    const res = await t.post(`/api/programmes/${p.id}/sessions/series`, {
      startDate: '2027-01-06',
      startTime: '18:00',
      durationMinutes: 120,
      weekdays: [3],
      everyWeeks: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/end date or a number of sessions/);
  });
});

describe('enrolment with a waiting list', () => {
  it('never takes more people than there are places, even when they enrol at the same time, and promotes the next in line', async () => {
    const t = await trainer();
    const p = await programme(t, { capacity: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(
        (await t.post('/api/participants', { displayName: `Personne ${i}`, preferredLanguage: 'fr' })).body.participant
          .id,
      );
    const results = await Promise.all(
      ids.map((id) => t.post(`/api/programmes/${p.id}/enrolments`, { participantId: id })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const statuses = results.map((r) => r.body.status).sort();
    expect(statuses).toEqual(['enrolled', 'enrolled', 'waiting', 'waiting', 'waiting', 'waiting']);
    const list = (await t.get(`/api/programmes/${p.id}/enrolments`)).body as Array<{
      id: string;
      status: string;
      waitingPosition: number | null;
      participantId: string;
    }>;
    expect(list.filter((e) => e.status === 'waiting').map((e) => e.waitingPosition)).toEqual([1, 2, 3, 4]);
    const firstWaiting = list.find((e) => e.waitingPosition === 1)!;

    const leaving = list.find((e) => e.status === 'enrolled')!;
    expect((await t.patch(`/api/enrolments/${leaving.id}`, { status: EnrolmentStatus.Withdrawn })).body.status).toBe(
      'withdrawn',
    );
    const after = (await t.get(`/api/programmes/${p.id}/enrolments`)).body as typeof list;
    expect(after.find((e) => e.id === firstWaiting.id)!.status).toBe('enrolled');
    expect(after.filter((e) => e.status === 'enrolled')).toHaveLength(2);

    const again = await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: firstWaiting.participantId });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe(ErrorCode.AlreadyEnrolled);
  });

  it('lets a participant join with the programme code from their phone', async () => {
    const t = await trainer();
    const p = await programme(t);
    const { phone } = await participantOnPhone(t, 'Nour');
    const joined = await phone.post('/api/me/programmes/join', { code: p.joinCode.toLowerCase() });
    expect(joined.status).toBe(201);
    expect(joined.body.status).toBe('enrolled');
    expect(
      (await phone.get('/api/me/programmes')).body.map((m: { programme: { id: string } }) => m.programme.id),
    ).toContain(p.id);
    expect((await phone.post('/api/me/programmes/join', { code: 'ZZZZZZ' })).body.code).toBe(
      ErrorCode.InvalidProgrammeCode,
    );
  });
});

describe('taking attendance', () => {
  it('keeps one mark per person and session: the last write wins, and clearing undoes a first mark', async () => {
    const t = await trainer();
    const p = await programme(t);
    const a = await participantOnPhone(t, 'Awa');
    const b = await participantOnPhone(t, 'Bilal');
    for (const x of [a, b]) await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: x.id });
    const s = await sessionNow(t, p.id, 5);

    expect(
      (await t.put(`/api/sessions/${s.id}/marks`, { participantId: a.id, status: 'present' })).body.mark.status,
    ).toBe('present');
    const late = await t.put(`/api/sessions/${s.id}/marks`, { participantId: a.id, status: 'late' });
    expect(late.body.mark).toMatchObject({ status: 'late', source: 'trainer', markedBy: 'Karim (formateur)' });
    const rest = await t.post(`/api/sessions/${s.id}/marks/rest-absent`);
    const roster = rest.body.entries as Array<{ participantId: string; mark: { status: string } | null }>;
    expect(roster.find((e) => e.participantId === a.id)!.mark!.status).toBe('late');
    expect(roster.find((e) => e.participantId === b.id)!.mark!.status).toBe('absent');
    // undo the "rest absent" for Bilal
    expect((await t.put(`/api/sessions/${s.id}/marks`, { participantId: b.id, status: null })).body.mark).toBeNull();

    // a participant sees only their own marks, and no roster
    expect((await a.phone.get(`/api/sessions/${s.id}/roster`)).status).toBe(403);
    const mine = (await a.phone.get('/api/me/sessions')).body as Array<{
      session: { id: string };
      mark: string | null;
    }>;
    expect(mine.find((m) => m.session.id === s.id)!.mark).toBe('late');
  });

  it('refuses marks for people outside the programme, for cancelled sessions, and for other organisations', async () => {
    const t = await trainer();
    const p = await programme(t);
    const outsider = await participantOnPhone(t, 'Hors programme');
    const s = await sessionNow(t, p.id, 0);
    const res = await t.put(`/api/sessions/${s.id}/marks`, { participantId: outsider.id, status: 'present' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe(ErrorCode.NotEnrolled);
    await t.post(`/api/sessions/${s.id}/cancel`);
    await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: outsider.id });
    expect(
      (await t.put(`/api/sessions/${s.id}/marks`, { participantId: outsider.id, status: 'present' })).body.code,
    ).toBe(ErrorCode.SessionCancelled);
  });
});

describe('printed documents', () => {
  it('prints a certificate in the participant’s language only once the programme is completed, and a sign-in sheet', async () => {
    const t = await trainer();
    const p = await programme(t, {
      kind: ProgrammeKind.Pathway,
      title: 'Voisins Solidaires — parcours',
      requiredAttendanceRate: 100,
    });
    const created = await t.post('/api/participants', { displayName: 'Amal Haddad', preferredLanguage: 'ar' });
    const id = created.body.participant.id as string;
    const enrolment = (await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: id })).body;
    const s1 = await sessionNow(t, p.id, 7 * 24 * 60);
    const s2 = await sessionNow(t, p.id, 24 * 60);
    await t.put(`/api/sessions/${s1.id}/marks`, { participantId: id, status: 'present' });
    await t.put(`/api/sessions/${s2.id}/marks`, { participantId: id, status: 'absent' });
    await t.post(`/api/enrolments/${enrolment.id}/steps`, { step: 'training_day', completedOn: '2026-10-10' });
    await t.post(`/api/enrolments/${enrolment.id}/steps`, {
      step: 'charter_signed',
      completedOn: '2026-10-17',
      note: 'Signée en présence de la voisine',
    });

    const refused = await t.get(`/api/programmes/${p.id}/participants/${id}/certificate.pdf`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe(ErrorCode.NotCompleted);

    await t.put(`/api/sessions/${s2.id}/marks`, { participantId: id, status: 'present' });
    const res = await fetch(
      `${process.env.ATELIER_E2E_URL}/api/programmes/${p.id}/participants/${id}/certificate.pdf`,
      { headers: { cookie: [...t.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1); // one page
    writeFileSync(join(artifacts(), 'certificate-ar.pdf'), pdf);

    const sheet = await fetch(`${process.env.ATELIER_E2E_URL}/api/sessions/${s2.id}/sign-in-sheet.pdf?lang=nl`, {
      headers: { cookie: [...t.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(sheet.status).toBe(200);
    writeFileSync(join(artifacts(), 'sign-in-sheet-nl.pdf'), Buffer.from(await sheet.arrayBuffer()));
  });
});

describe('privacy', () => {
  it("exports a person's attendance history to them and to staff, and erases it on request", async () => {
    const t = await trainer();
    const p = await programme(t);
    const x = await participantOnPhone(t, 'Vie privée');
    await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: x.id });
    const s = await sessionNow(t, p.id, 60);
    await t.put(`/api/sessions/${s.id}/marks`, { participantId: x.id, status: 'present' });
    const own = await x.phone.get('/api/me/attendance');
    expect(own.status).toBe(200);
    expect(own.body.records).toEqual([
      expect.objectContaining({ programmeTitle: p.title, status: 'present', source: 'trainer' }),
    ]);
    expect(JSON.stringify(own.body)).not.toMatch(/nationality|legal/i);
    expect((await t.get(`/api/participants/${x.id}/attendance`)).body.records).toHaveLength(1);
    expect((await t.delete(`/api/participants/${x.id}/attendance`)).status).toBe(204);
    expect((await x.phone.get('/api/me/attendance')).body.records).toEqual([]);
    const roster = (await t.get(`/api/sessions/${s.id}/roster`)).body.entries as Array<{
      participantId: string;
      mark: unknown;
    }>;
    expect(roster.find((e) => e.participantId === x.id)!.mark).toBeNull();
  });
});

describe('self check-in with the room code', () => {
  it('marks the phone present within the grace period and late after it, once', async () => {
    const t = await trainer();
    const p = await programme(t, { lateGraceMinutes: 10 });
    const onTime = await participantOnPhone(t, 'Ponctuelle');
    const tardy = await participantOnPhone(t, 'En retard');
    for (const x of [onTime, tardy]) await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: x.id });
    const early = await sessionNow(t, p.id, 5);
    const display = (await t.get(`/api/sessions/${early.id}/check-in-code`)).body;
    expect(display.code).toMatch(/^\d{6}$/);
    expect(display.url).toContain(`s=${early.id}`);

    const first = await onTime.phone.post('/api/me/check-in', {
      code: `${display.code.slice(0, 3)} ${display.code.slice(3)}`,
    });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe(AttendanceStatus.Present);
    expect((await onTime.phone.post('/api/me/check-in', { code: display.code, sessionId: early.id })).body.status).toBe(
      'present',
    );
    const roster = (await t.get(`/api/sessions/${early.id}/roster`)).body.entries as Array<{
      participantId: string;
      mark: { status: string; source: string } | null;
    }>;
    expect(roster.find((e) => e.participantId === onTime.id)!.mark).toMatchObject({
      status: 'present',
      source: 'check_in',
    });

    const started = await sessionNow(t, p.id, 25);
    const code = (await t.get(`/api/sessions/${started.id}/check-in-code`)).body.code;
    expect((await tardy.phone.post('/api/me/check-in', { code, sessionId: started.id })).body.status).toBe(
      AttendanceStatus.Late,
    );
  });

  it('refuses a code of another session, a wrong code, and a phone not enrolled', async () => {
    const t = await trainer();
    const p1 = await programme(t);
    const p2 = await programme(t);
    const me = await participantOnPhone(t, 'Inscrite');
    const stranger = await participantOnPhone(t, 'Pas inscrite');
    await t.post(`/api/programmes/${p1.id}/enrolments`, { participantId: me.id });
    const mine = await sessionNow(t, p1.id, 0);
    const other = await sessionNow(t, p2.id, 0);
    const otherCode = (await t.get(`/api/sessions/${other.id}/check-in-code`)).body.code;
    const myCode = (await t.get(`/api/sessions/${mine.id}/check-in-code`)).body.code;

    const wrongRoom = await me.phone.post('/api/me/check-in', { code: otherCode, sessionId: mine.id });
    expect(wrongRoom.status).toBe(400);
    expect(wrongRoom.body.code).toBe(ErrorCode.CheckInCodeOtherSession);
    const typo = await me.phone.post('/api/me/check-in', { code: '000000', sessionId: mine.id });
    expect([ErrorCode.CheckInCodeInvalid, ErrorCode.CheckInCodeOtherSession]).toContain(typo.body.code);
    const notEnrolled = await stranger.phone.post('/api/me/check-in', { code: myCode });
    expect(notEnrolled.status).toBe(403);
    expect(notEnrolled.body.code).toBe(ErrorCode.NotEnrolled);
  });
});

describe("I can't come", () => {
  it('waits for the trainer to confirm, then counts as excused', async () => {
    const t = await trainer();
    const p = await programme(t);
    const x = await participantOnPhone(t, 'Malade');
    await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: x.id });
    const s = await sessionNow(t, p.id, -60 * 24);
    const notice = await x.phone.post(`/api/me/sessions/${s.id}/absence`, { reason: 'illness' });
    expect(notice.status).toBe(201);
    expect(notice.body.status).toBe('pending');
    const roster = (await t.get(`/api/sessions/${s.id}/roster`)).body.entries as Array<{
      participantId: string;
      absence: { id: string; reason: string } | null;
      mark: unknown;
    }>;
    const entry = roster.find((e) => e.participantId === x.id)!;
    expect(entry.absence!.reason).toBe('illness');
    expect(entry.mark).toBeNull();
    const confirmed = await t.post(`/api/absences/${entry.absence!.id}/confirm`);
    expect(confirmed.body.mark.status).toBe('excused');
    expect(confirmed.body.absence.status).toBe('confirmed');
  });

  it('is excused at once when the programme says so', async () => {
    const t = await trainer();
    const p = await programme(t, { autoExcuse: true });
    const x = await participantOnPhone(t, 'Rendez-vous');
    await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: x.id });
    const s = await sessionNow(t, p.id, -60);
    expect((await x.phone.post(`/api/me/sessions/${s.id}/absence`, { reason: 'papers' })).body.status).toBe(
      'confirmed',
    );
    expect(
      (await x.phone.get('/api/me/sessions')).body.find((m: { session: { id: string } }) => m.session.id === s.id).mark,
    ).toBe('excused');
  });
});

describe('reports and alerts', () => {
  it('computes rates with late, excused and cancelled sessions, flags people at risk, and exports CSV', async () => {
    const t = await trainer();
    const p = await programme(t, { requiredAttendanceRate: 80, alertAfterMisses: 2 });
    const good = await participantOnPhone(t, 'Régulière');
    const risky = await participantOnPhone(t, '=cmd|calc');
    for (const x of [good, risky]) await t.post(`/api/programmes/${p.id}/enrolments`, { participantId: x.id });
    const days = [4, 3, 2, 1];
    const sessions: Session[] = [];
    for (const d of days) sessions.push(await sessionNow(t, p.id, d * 24 * 60));
    const mark = (s: Session, id: string, status: string) =>
      t.put(`/api/sessions/${s.id}/marks`, { participantId: id, status });
    await mark(sessions[0]!, good.id, 'present');
    await mark(sessions[1]!, good.id, 'late');
    await mark(sessions[2]!, good.id, 'excused');
    await mark(sessions[3]!, good.id, 'present');
    await mark(sessions[0]!, risky.id, 'present');
    await mark(sessions[1]!, risky.id, 'absent');
    await mark(sessions[2]!, risky.id, 'absent');
    await t.post(`/api/sessions/${sessions[3]!.id}/cancel`);

    const report = (await t.get(`/api/programmes/${p.id}/report`)).body;
    const byName = Object.fromEntries(report.participants.map((x: { displayName: string }) => [x.displayName, x]));
    expect(byName['Régulière']).toMatchObject({ counted: 2, present: 1, late: 1, excused: 1, rate: 75, atRisk: true });
    expect(byName['=cmd|calc']).toMatchObject({ counted: 3, absent: 2, missedInARow: 2, rate: 33.3, atRisk: true });
    expect(byName['=cmd|calc'].riskReasons.sort()).toEqual(['below_required_rate', 'misses_in_a_row']);

    const alerts = (await t.get(`/api/programmes/${p.id}/alerts`)).body as Array<{
      displayName: string;
      reason: string;
      id: string;
    }>;
    expect(
      alerts
        .filter((a) => a.displayName === '=cmd|calc')
        .map((a) => a.reason)
        .sort(),
    ).toEqual(['below_required_rate', 'misses_in_a_row']);
    expect((await t.post(`/api/alerts/${alerts[0]!.id}/read`)).status).toBe(204);

    const csv = await t.get(`/api/programmes/${p.id}/report.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^participant,/);
    expect(lines.some((l) => l.startsWith("'=cmd|calc") || l.startsWith('"\'=cmd|calc'))).toBe(true);
    expect(lines).toHaveLength(3);
  });

  it('shows nothing of a programme to another organisation', async () => {
    const t = await trainer();
    const p = await programme(t);
    const them = newClient();
    await them.signIn('admin@liege.local', seed().password).catch(() => undefined);
    if (!them.cookies.has('atelier_session')) return; // the other organisation is created by api.e2e.ts when it runs first
    expect((await them.get(`/api/programmes/${p.id}`)).status).toBe(404);
    expect((await them.get(`/api/programmes/${p.id}/report`)).status).toBe(404);
  });
});
