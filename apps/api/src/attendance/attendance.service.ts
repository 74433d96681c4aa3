import {
  AttendanceStatus,
  CHECK_IN_OFFLINE_MAX_SECONDS,
  EnrolmentStatus,
  ErrorCode,
  LANGUAGE_INFO,
  type Language,
  AbsenceReason,
  type AbsenceNotice,
  type AbsenceRequest,
  type AttendanceAlert,
  type AttendanceExport,
  type CheckInDisplay,
  type CheckInRequest,
  type CheckInResult,
  type MarkRequest,
  type MySession,
  type ProgrammeReport,
  type Roster,
  type RosterEntry,
  type Session,
} from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { OrganisationRepository } from '../organisations/organisation.repository.js';
import { ParticipantRepository } from '../participants/participant.repository.js';
import { TIME_ZONE } from '../programmes/brussels-time.js';
import { EnrolmentRepository } from '../programmes/enrolment.repository.js';
import { ProgrammeSessionRepository } from '../programmes/programme-session.repository.js';
import { ProgrammeRepository, type ProgrammeRecord } from '../programmes/programme.repository.js';
import { AlertMailer } from './alert-mailer.js';
import { AttendanceRepository } from './attendance.repository.js';
import {
  codeFor,
  matchCode,
  normaliseCheckInCode,
  OPENS_BEFORE_MINUTES,
  ROTATE_SECONDS,
  slotOf,
} from './check-in-code.js';
import { PdfRenderer } from './pdf/pdf-renderer.js';
import { PRINT_TEXTS } from './pdf/texts.js';
import { reportCsv } from './report-csv.js';
import { summarise } from './rates.js';

/** How far back a participant's own session list reaches. */
const MY_SESSIONS_DAYS = 60;

@Injectable()
export class AttendanceService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly attendance: AttendanceRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly sessions: ProgrammeSessionRepository,
    private readonly participants: ParticipantRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly organisations: OrganisationRepository,
    private readonly pdf: PdfRenderer,
    private readonly mailer: AlertMailer,
    private readonly clock: Clock,
  ) {}

  async roster(who: AuthUser, sessionId: string): Promise<Roster> {
    const { session, programme } = await this.requireSession(who, sessionId);
    return { session, programmeTitle: programme.title, entries: await this.attendance.roster(sessionId) };
  }

  async mark(who: AuthUser, sessionId: string, dto: MarkRequest): Promise<RosterEntry> {
    const { session, programme } = await this.requireSession(who, sessionId);
    if (session.cancelledAt)
      throw new DomainError(
        ErrorCode.SessionCancelled,
        'This session is cancelled: it counts for no one. Restore it first to take attendance.',
      );
    const [entry] = await this.attendance.roster(sessionId, dto.participantId);
    if (!entry) throw new DomainError(ErrorCode.NotEnrolled, 'This person is not enrolled in this programme.');
    await this.attendance.setMark({
      sessionId,
      participantId: dto.participantId,
      status: dto.status,
      source: 'trainer',
      markedBy: who.userId,
      at: this.clock.now(),
    });
    await this.evaluateAlerts(programme, dto.participantId);
    return (await this.attendance.roster(sessionId, dto.participantId))[0]!;
  }

  async markRestAbsent(who: AuthUser, sessionId: string): Promise<Roster> {
    const { session, programme } = await this.requireSession(who, sessionId);
    if (session.cancelledAt)
      throw new DomainError(ErrorCode.SessionCancelled, 'This session is cancelled: it counts for no one.');
    const marked = await this.attendance.markRestAbsent(sessionId, who.userId, this.clock.now());
    for (const participantId of marked) await this.evaluateAlerts(programme, participantId);
    return this.roster(who, sessionId);
  }

  async decideAbsence(who: AuthUser, absenceId: string, decision: 'confirmed' | 'declined'): Promise<RosterEntry> {
    const notice = await this.attendance.findAbsence(absenceId);
    if (!notice || !(await this.sessions.findInOrganisation(who.organisationId, notice.sessionId)))
      throw DomainError.notFound('This notice');
    const now = this.clock.now();
    await this.attendance.decideAbsence(absenceId, decision, who.userId, now);
    if (decision === 'confirmed') {
      await this.attendance.setMark({
        sessionId: notice.sessionId,
        participantId: notice.participantId,
        status: AttendanceStatus.Excused,
        source: 'absence',
        markedBy: who.userId,
        at: now,
      });
    }
    return (await this.attendance.roster(notice.sessionId, notice.participantId))[0]!;
  }

  /** What the room's screen shows: the current code, and until when it works. */
  async checkInDisplay(who: AuthUser, sessionId: string): Promise<CheckInDisplay> {
    const { session, programme } = await this.requireSession(who, sessionId);
    if (session.cancelledAt) throw new DomainError(ErrorCode.SessionCancelled, 'This session is cancelled.');
    const now = this.clock.now();
    const slot = slotOf(now);
    const code = codeFor(programme.checkInSecret, sessionId, slot);
    return {
      sessionId,
      code,
      url: `${this.config.publicUrl}/check-in?s=${sessionId}&c=${code}`,
      validUntil: new Date((slot + 2) * ROTATE_SECONDS * 1000).toISOString(),
      rotatesEverySeconds: ROTATE_SECONDS,
      opensAt: new Date(Date.parse(session.startsAt) - OPENS_BEFORE_MINUTES * 60_000).toISOString(),
      closesAt: session.endsAt,
    };
  }

  /**
   * A participant checks in with the code on the room's screen. Refused with a clear reason: a
   * code of another session, an expired code, a session they are not enrolled in, or a closed window.
   * A code typed offline (`typedSecondsAgo`) is judged at the moment it was typed — the code valid
   * then, the window open then, late or not then — and only within `CHECK_IN_OFFLINE_MAX_SECONDS`.
   */
  async checkIn(who: AuthUser, dto: CheckInRequest): Promise<CheckInResult> {
    const code = normaliseCheckInCode(dto.code);
    const now = this.clock.now();
    const ago = dto.typedSecondsAgo ?? 0;
    if (ago > CHECK_IN_OFFLINE_MAX_SECONDS) {
      throw new DomainError(
        ErrorCode.CheckInTypedTooLongAgo,
        `This code was typed more than ${CHECK_IN_OFFLINE_MAX_SECONDS / 3600} hours ago and can no longer count. Ask your trainer to mark you.`,
        { maxSeconds: CHECK_IN_OFFLINE_MAX_SECONDS },
      );
    }
    // The moment the code was typed: everything below is judged then, not when the network came back.
    const at = new Date(now.getTime() - Math.floor(ago) * 1000);
    const open = await this.attendance.openSessions(
      who.organisationId,
      new Date(at.getTime() + OPENS_BEFORE_MINUTES * 60_000),
      at,
    );
    const matches = open.map((s) => ({ s, match: matchCode(s.checkInSecret, s.session.id, code, at) }));
    const current = matches.find((m) => m.match === 'current' && (!dto.sessionId || m.s.session.id === dto.sessionId));
    if (!current) {
      if (dto.sessionId && matches.some((m) => m.match === 'current')) {
        throw new DomainError(
          ErrorCode.CheckInCodeOtherSession,
          'This code belongs to another session. Scan the code shown in your room.',
        );
      }
      if (matches.some((m) => m.match === 'expired' && (!dto.sessionId || m.s.session.id === dto.sessionId))) {
        throw new DomainError(
          ErrorCode.CheckInCodeExpired,
          'This code has expired. Type the code that is on the screen now.',
        );
      }
      if (dto.sessionId && !open.some((s) => s.session.id === dto.sessionId)) {
        throw new DomainError(
          ErrorCode.CheckInClosed,
          `Check-in is open from ${OPENS_BEFORE_MINUTES} minutes before the session until it ends.`,
        );
      }
      throw new DomainError(ErrorCode.CheckInCodeInvalid, 'This code does not work. Check the numbers on the screen.');
    }
    const { session, lateGraceMinutes, programmeTitle } = current.s;
    if (!(await this.attendance.isEnrolled(session.id, who.userId))) {
      throw new DomainError(ErrorCode.NotEnrolled, 'You are not enrolled in this programme. Ask your trainer.');
    }
    const late = at.getTime() > Date.parse(session.startsAt) + lateGraceMinutes * 60_000;
    const status = await this.attendance.checkIn(
      session.id,
      who.userId,
      late ? AttendanceStatus.Late : AttendanceStatus.Present,
      at,
    );
    return {
      session,
      programmeTitle,
      status: status === AttendanceStatus.Late ? AttendanceStatus.Late : AttendanceStatus.Present,
      checkedInAt: at.toISOString(),
    };
  }

  /** "I can't come": before the session ends; excused at once when the programme says so. */
  async cantCome(who: AuthUser, sessionId: string, { reason, note }: AbsenceRequest): Promise<AbsenceNotice> {
    const session = await this.ownUpcomingSession(who, sessionId);
    const now = this.clock.now();
    const programme = (await this.programmes.findRecord(who.organisationId, session.programmeId))!;
    // Their own words only go with "other"; the pictures say the rest.
    const kept = reason === AbsenceReason.Other ? note?.trim() || null : null;
    const notice = await this.attendance.recordAbsence(
      sessionId,
      who.userId,
      reason,
      kept,
      programme.autoExcuse ? 'confirmed' : 'pending',
      now,
    );
    if (notice.status === 'confirmed') {
      await this.attendance.setMark({
        sessionId,
        participantId: who.userId,
        status: AttendanceStatus.Excused,
        source: 'absence',
        markedBy: who.userId,
        at: now,
      });
    }
    return notice;
  }

  /**
   * Takes back "I can't come" until a trainer has answered it (and before the session ends); an
   * excuse given automatically goes with it.
   */
  async withdrawAbsence(who: AuthUser, sessionId: string): Promise<void> {
    await this.ownUpcomingSession(who, sessionId);
    const notice = await this.attendance.findOwnAbsence(sessionId, who.userId);
    if (!notice) throw DomainError.notFound('This notice');
    if (notice.answered || !(await this.attendance.withdrawAbsence(notice.id))) {
      throw new DomainError(ErrorCode.AbsenceAnswered, 'Your trainer has already answered. Talk to them.');
    }
    if (notice.status === 'confirmed') {
      await this.attendance.setMark({
        sessionId,
        participantId: who.userId,
        status: null,
        source: 'absence',
        markedBy: who.userId,
        at: this.clock.now(),
      });
    }
  }

  /** A session of the participant's that is neither cancelled nor over. */
  private async ownUpcomingSession(who: AuthUser, sessionId: string) {
    const session = await this.sessions.findInOrganisation(who.organisationId, sessionId);
    if (!session || !(await this.attendance.isEnrolled(sessionId, who.userId)))
      throw DomainError.notFound('This session');
    if (session.cancelledAt)
      throw new DomainError(ErrorCode.SessionCancelled, 'This session is cancelled: you do not need to come.');
    if (Date.parse(session.endsAt) < this.clock.now().getTime())
      throw new DomainError(ErrorCode.SessionPast, 'This session is over. Talk to your trainer.');
    return session;
  }

  /** A participant's own sessions (recent and upcoming) with only their own marks. */
  async mySessions(who: AuthUser): Promise<MySession[]> {
    const since = new Date(this.clock.now().getTime() - MY_SESSIONS_DAYS * 86_400_000);
    const sessions = await this.sessions.forParticipant(who.userId, since);
    const absences = await this.attendance.absencesForParticipant(who.userId);
    const marksByProgramme = new Map<string, Map<string, AttendanceStatus>>();
    for (const programmeId of new Set(sessions.map((s) => s.programmeId))) {
      marksByProgramme.set(
        programmeId,
        (await this.attendance.marksForProgramme(programmeId, who.userId)).get(who.userId) ?? new Map(),
      );
    }
    return sessions.map(({ programmeTitle, ...session }) => ({
      session,
      programmeTitle,
      mark: marksByProgramme.get(session.programmeId)?.get(session.id) ?? null,
      absence: absences.get(session.id) ?? null,
    }));
  }

  async report(who: AuthUser, programmeId: string): Promise<ProgrammeReport> {
    const programme = await this.requireProgramme(who, programmeId);
    const sessions = await this.sessions.listForProgramme(programmeId);
    const marks = await this.attendance.marksForProgramme(programmeId);
    const people = await this.attendance.enrolledPeople(programmeId);
    const carried = await this.attendance.totalsForProgramme(programmeId);
    const now = this.clock.now();
    const facts = sessions.map(toFacts);
    return {
      programmeId,
      sessions,
      participants: people.map((p) =>
        summarise(p, facts, marks.get(p.participantId) ?? new Map(), programme, now, carried.get(p.participantId)),
      ),
      marks: Object.fromEntries(
        people.map((p) => [p.participantId, Object.fromEntries(marks.get(p.participantId) ?? [])]),
      ),
    };
  }

  async reportCsv(who: AuthUser, programmeId: string): Promise<{ filename: string; csv: string }> {
    const programme = await this.requireProgramme(who, programmeId);
    const report = await this.report(who, programmeId);
    const slug =
      programme.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'programme';
    return { filename: `attendance-${slug}.csv`, csv: reportCsv(report) };
  }

  async alerts(who: AuthUser, programmeId: string): Promise<AttendanceAlert[]> {
    await this.requireProgramme(who, programmeId);
    return this.attendance.alerts(programmeId);
  }

  async readAlert(who: AuthUser, alertId: string): Promise<void> {
    if (!(await this.attendance.readAlert(who.organisationId, alertId, this.clock.now())))
      throw DomainError.notFound('This alert');
  }

  /** A person's whole attendance history (staff for a participant of theirs, or the person themselves). */
  async exportFor(who: AuthUser, participantId: string): Promise<AttendanceExport> {
    const person = await this.participants.findInOrganisation(who.organisationId, participantId);
    if (!person) throw DomainError.notFound('This participant');
    return {
      participant: { id: person.id, displayName: person.displayName },
      exportedAt: this.clock.now().toISOString(),
      ...(await this.attendance.exportFor(participantId)),
    };
  }

  async eraseFor(who: AuthUser, participantId: string): Promise<void> {
    if (!(await this.participants.findInOrganisation(who.organisationId, participantId)))
      throw DomainError.notFound('This participant');
    await this.attendance.eraseFor(participantId);
  }

  /**
   * The attendance certificate of someone who completed the programme (status completed, or the
   * required rate reached), in their own language, with hours attended and pathway steps.
   */
  async certificate(
    who: AuthUser,
    programmeId: string,
    participantId: string,
  ): Promise<{ filename: string; pdf: Buffer }> {
    const programme = await this.requireProgramme(who, programmeId);
    const person = await this.participants.findInOrganisation(who.organisationId, participantId);
    const enrolment = person ? await this.enrolments.findFor(programmeId, participantId) : null;
    if (!person || !enrolment) throw DomainError.notFound('This participant in this programme');
    const sessions = (await this.sessions.listForProgramme(programmeId)).map(toFacts);
    const marks = (await this.attendance.marksForProgramme(programmeId, participantId)).get(participantId) ?? new Map();
    const now = this.clock.now();
    const carried = (await this.attendance.totalsForProgramme(programmeId)).get(participantId);
    const summary = summarise(
      { participantId, displayName: person.displayName },
      sessions,
      marks,
      programme,
      now,
      carried,
    );
    const completed =
      enrolment.status === EnrolmentStatus.Completed ||
      (summary.rate !== null && summary.rate >= programme.requiredAttendanceRate);
    if (!completed) {
      throw new DomainError(
        ErrorCode.NotCompleted,
        `${person.displayName} has not completed this programme yet (attendance ${summary.rate ?? 0} %, ${programme.requiredAttendanceRate} % required).`,
      );
    }
    const language = person.preferredLanguage;
    const held = sessions.filter((s) => !s.cancelled && s.startsAt <= now);
    const date = (d: Date) =>
      new Intl.DateTimeFormat(LANGUAGE_INFO[language].locale, {
        dateStyle: 'long',
        timeZone: TIME_ZONE,
      }).format(d);
    const texts = PRINT_TEXTS[language];
    const organisation = await this.organisations.find(who.organisationId);
    const pdf = await this.pdf.certificate({
      language,
      organisationName: organisation?.name ?? '',
      participantName: person.displayName,
      programmeTitle: programme.title,
      period: held.length > 0 ? `${date(held[0]!.startsAt)} – ${date(held[held.length - 1]!.startsAt)}` : '',
      hours: String(summary.hoursAttended),
      attendedSessions: summary.present + summary.late,
      heldSessions: held.length,
      rate: summary.rate === null ? '—' : `${summary.rate} %`,
      steps: enrolment.steps.map((s) => ({
        name: texts.stepNames[s.step],
        date: date(new Date(`${s.completedOn}T12:00:00Z`)),
      })),
      issuedOn: date(now),
    });
    return {
      filename: `certificate-${person.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'participant'}.pdf`,
      pdf,
    };
  }

  /** A printable sign-in sheet for a room without phones, in the requested language. */
  async signInSheet(who: AuthUser, sessionId: string, language: Language): Promise<Buffer> {
    const { session, programme } = await this.requireSession(who, sessionId);
    const roster = await this.attendance.roster(sessionId);
    const organisation = await this.organisations.find(who.organisationId);
    const when = new Intl.DateTimeFormat(LANGUAGE_INFO[language].locale, {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: TIME_ZONE,
    }).format(new Date(session.startsAt));
    return this.pdf.signInSheet({
      language,
      organisationName: organisation?.name ?? '',
      programmeTitle: programme.title,
      sessionTitle: session.title,
      when,
      place: session.place || programme.place,
      names: roster.map((e) => e.displayName),
    });
  }

  /** Raises the alerts a new mark calls for (N misses in a row; below the required rate). */
  private async evaluateAlerts(programme: ProgrammeRecord, participantId: string): Promise<void> {
    const sessions = (await this.sessions.listForProgramme(programme.id)).map(toFacts);
    const marks =
      (await this.attendance.marksForProgramme(programme.id, participantId)).get(participantId) ?? new Map();
    const now = this.clock.now();
    const summary = summarise({ participantId, displayName: '' }, sessions, marks, programme, now);
    for (const reason of summary.riskReasons) {
      const isNew = await this.attendance.raiseAlert(programme.id, participantId, reason, now);
      if (isNew && this.mailer.enabled) {
        await this.mailer.send({
          to: await this.attendance.staffContacts(programme.organisationId),
          participantName: await this.attendance.displayName(participantId),
          programmeTitle: programme.title,
          programmeId: programme.id,
          reason,
        });
      }
    }
  }

  private async requireProgramme(who: AuthUser, programmeId: string): Promise<ProgrammeRecord> {
    const p = await this.programmes.findRecord(who.organisationId, programmeId);
    if (!p) throw DomainError.notFound('This programme');
    return p;
  }

  private async requireSession(
    who: AuthUser,
    sessionId: string,
  ): Promise<{ session: Session; programme: ProgrammeRecord }> {
    const session = await this.sessions.findInOrganisation(who.organisationId, sessionId);
    if (!session) throw DomainError.notFound('This session');
    return { session, programme: (await this.programmes.findRecord(who.organisationId, session.programmeId))! };
  }
}

function toFacts(s: Session) {
  return { id: s.id, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), cancelled: s.cancelledAt !== null };
}
