import {
  Contribution,
  EnrolmentStatus,
  ErrorCode,
  normaliseJoinCode,
  Role,
  type CreateProgrammeRequest,
  type Enrolment,
  type GenerateSeriesRequest,
  type MyProgramme,
  type Programme,
  type RecordStepRequest,
  type Session,
  type SessionInput,
  type UpdateEnrolmentRequest,
  type UpdateProgrammeRequest,
  type UpdateSessionRequest,
} from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { newJoinCode, newToken } from '../common/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { ParticipantRepository } from '../participants/participant.repository.js';
import { EnrolmentRepository } from './enrolment.repository.js';
import { programmeCalendar } from './ics.js';
import { ProgrammeSessionRepository } from './programme-session.repository.js';
import { ProgrammeRepository, type StoredProgramme } from './programme.repository.js';
import { planSeries, SeriesError } from './series.js';

@Injectable()
export class ProgrammesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly programmes: ProgrammeRepository,
    private readonly sessions: ProgrammeSessionRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly participants: ParticipantRepository,
    private readonly clock: Clock,
  ) {}

  async create(who: AuthUser, dto: CreateProgrammeRequest): Promise<Programme> {
    const id = await this.programmes.create(
      who.organisationId,
      { ...dto, title: dto.title.trim() },
      {
        joinCode: newJoinCode().slice(0, 6),
        calendarKey: newToken(),
        checkInSecret: newToken(),
      },
    );
    return this.get(who, id);
  }

  async list(who: AuthUser): Promise<Programme[]> {
    return (await this.programmes.list(who.organisationId)).map((p) => this.toProgramme(p));
  }

  async get(who: AuthUser, id: string): Promise<Programme> {
    return this.toProgramme(await this.require(who, id));
  }

  async update(who: AuthUser, id: string, dto: UpdateProgrammeRequest): Promise<Programme> {
    const before = await this.require(who, id);
    await this.programmes.update(who.organisationId, id, dto);
    // More places (or none at all) let people off the waiting list at once.
    if (
      dto.capacity !== undefined &&
      (dto.capacity === null || (before.capacity !== null && dto.capacity > before.capacity))
    ) {
      await this.enrolments.fillFromWaitingList(id, this.clock.now());
    }
    return this.get(who, id);
  }

  async listSessions(who: AuthUser, programmeId: string): Promise<Session[]> {
    await this.require(who, programmeId);
    return this.sessions.listForProgramme(programmeId);
  }

  async generateSeries(who: AuthUser, programmeId: string, dto: GenerateSeriesRequest): Promise<Session[]> {
    const programme = await this.require(who, programmeId);
    let planned;
    try {
      planned = planSeries(dto);
    } catch (e) {
      if (e instanceof SeriesError) throw DomainError.invalid(e.message);
      throw e;
    }
    if (planned.length === 0) throw DomainError.invalid('No day between those dates falls on the chosen weekdays.');
    return this.sessions.createMany(
      programmeId,
      planned.map((s) => ({
        ...s,
        title: dto.title?.trim() ?? '',
        place: programme.place,
        required: dto.required ?? false,
        step: null,
      })),
    );
  }

  async addSession(who: AuthUser, programmeId: string, dto: SessionInput): Promise<Session> {
    const programme = await this.require(who, programmeId);
    const { startsAt, endsAt } = this.times(dto.startsAt, dto.endsAt);
    const [created] = await this.sessions.createMany(programmeId, [
      {
        startsAt,
        endsAt,
        title: dto.title?.trim() ?? '',
        place: dto.place?.trim() || programme.place,
        required: dto.required ?? false,
        step: dto.step ?? null,
      },
    ]);
    return created!;
  }

  async updateSession(who: AuthUser, sessionId: string, dto: UpdateSessionRequest): Promise<Session> {
    const session = await this.requireSession(who, sessionId);
    const { startsAt, endsAt } = this.times(dto.startsAt ?? session.startsAt, dto.endsAt ?? session.endsAt);
    return this.sessions.update(sessionId, {
      startsAt,
      endsAt,
      title: dto.title?.trim(),
      place: dto.place?.trim(),
      required: dto.required,
      step: dto.step,
    });
  }

  async cancelSession(who: AuthUser, sessionId: string): Promise<Session> {
    await this.requireSession(who, sessionId);
    return this.sessions.setCancelled(sessionId, this.clock.now());
  }

  async restoreSession(who: AuthUser, sessionId: string): Promise<Session> {
    await this.requireSession(who, sessionId);
    return this.sessions.setCancelled(sessionId, null);
  }

  async listEnrolments(who: AuthUser, programmeId: string): Promise<Enrolment[]> {
    await this.require(who, programmeId);
    return this.enrolments.list(programmeId);
  }

  async enrol(who: AuthUser, programmeId: string, participantId: string): Promise<Enrolment> {
    const programme = await this.require(who, programmeId);
    if (!(await this.participants.findInOrganisation(who.organisationId, participantId)))
      throw DomainError.notFound('This participant');
    const outcome = await this.enrolments.enrol(
      programmeId,
      participantId,
      programme.contributionAsked ? Contribution.Unpaid : Contribution.NotAsked,
      this.clock.now(),
    );
    if (outcome.kind === 'existing')
      throw new DomainError(
        ErrorCode.AlreadyEnrolled,
        'This person is already in this programme (or on its waiting list).',
      );
    return (await this.enrolments.find(outcome.enrolmentId))!;
  }

  async updateEnrolment(who: AuthUser, enrolmentId: string, dto: UpdateEnrolmentRequest): Promise<Enrolment> {
    const enrolment = await this.requireEnrolment(who, enrolmentId);
    if (dto.contribution !== undefined) await this.enrolments.setContribution(enrolmentId, dto.contribution);
    if (dto.status !== undefined && dto.status !== enrolment.status) {
      if (dto.status === EnrolmentStatus.Enrolled && enrolment.status === EnrolmentStatus.Withdrawn) {
        // Coming back goes through capacity like a new enrolment.
        await this.enrolments.enrol(
          enrolment.programmeId,
          enrolment.participantId,
          enrolment.contribution,
          this.clock.now(),
        );
      } else {
        await this.enrolments.changeStatus(enrolmentId, dto.status, this.clock.now());
      }
    }
    return (await this.enrolments.find(enrolmentId))!;
  }

  async recordStep(who: AuthUser, enrolmentId: string, dto: RecordStepRequest): Promise<Enrolment> {
    await this.requireEnrolment(who, enrolmentId);
    await this.enrolments.recordStep(enrolmentId, dto.step, dto.completedOn, dto.note?.trim() ?? '', who.userId);
    return (await this.enrolments.find(enrolmentId))!;
  }

  /** A participant enrols themselves with the programme's code (in their own organisation). */
  async join(who: AuthUser, code: string): Promise<MyProgramme> {
    const programme = await this.programmes.findByJoinCode(who.organisationId, normaliseJoinCode(code));
    if (!programme)
      throw new DomainError(
        ErrorCode.InvalidProgrammeCode,
        'No programme has this code. Check it, or ask your trainer.',
      );
    const outcome = await this.enrolments.enrol(
      programme.id,
      who.userId,
      programme.contributionAsked ? Contribution.Unpaid : Contribution.NotAsked,
      this.clock.now(),
    );
    const enrolment = (await this.enrolments.find(outcome.enrolmentId))!;
    return {
      programme: this.summaryFor(programme),
      status: enrolment.status,
      waitingPosition: enrolment.waitingPosition,
    };
  }

  async mine(who: AuthUser): Promise<MyProgramme[]> {
    if (who.role !== Role.Participant) return [];
    const rows = await this.programmes.forParticipant(who.userId);
    return rows.map((r) => ({
      programme: this.summaryFor(r.programme),
      status: r.status as EnrolmentStatus,
      waitingPosition: r.waitingPosition,
    }));
  }

  async calendar(calendarKey: string): Promise<string> {
    const programme = await this.programmes.findByCalendarKey(calendarKey);
    if (!programme) throw DomainError.notFound('This calendar');
    return programmeCalendar(programme, await this.sessions.listForProgramme(programme.id), this.clock.now());
  }

  private summaryFor(p: StoredProgramme): MyProgramme['programme'] {
    const { id, kind, title, description, place, nextSessionAt } = this.toProgramme(p);
    return { id, kind, title, description, place, nextSessionAt, calendarUrl: this.calendarUrl(p) };
  }

  private toProgramme(p: StoredProgramme): Programme {
    const { organisationId: _o, calendarKey: _c, checkInSecret: _s, ...visible } = p;
    return { ...visible, calendarUrl: this.calendarUrl(p) };
  }

  private calendarUrl(p: StoredProgramme): string {
    return `${this.config.publicUrl}/api/calendar/${p.calendarKey}.ics`;
  }

  private times(start: string, end: string): { startsAt: Date; endsAt: Date } {
    const startsAt = new Date(start);
    const endsAt = new Date(end);
    if (!(endsAt > startsAt)) throw DomainError.invalid('A session must end after it starts.');
    return { startsAt, endsAt };
  }

  private async require(who: AuthUser, id: string): Promise<StoredProgramme> {
    const p = await this.programmes.find(who.organisationId, id);
    if (!p) throw DomainError.notFound('This programme');
    return p;
  }

  private async requireSession(who: AuthUser, sessionId: string): Promise<Session> {
    const s = await this.sessions.findInOrganisation(who.organisationId, sessionId);
    if (!s) throw DomainError.notFound('This session');
    return s;
  }

  private async requireEnrolment(who: AuthUser, enrolmentId: string): Promise<Enrolment> {
    const e = await this.enrolments.find(enrolmentId);
    if (!e || !(await this.programmes.findRecord(who.organisationId, e.programmeId)))
      throw DomainError.notFound('This enrolment');
    return e;
  }
}
