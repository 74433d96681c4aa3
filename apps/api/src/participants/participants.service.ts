import {
  ErrorCode,
  formatJoinCode,
  type CreateParticipantRequest,
  type Device,
  type JoinCode,
  type Participant,
  type ParticipantWithJoinCode,
} from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { JoinCodeRepository } from '../auth/join-code.repository.js';
import { UserRepository } from '../auth/user.repository.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { newJoinCode, sha256 } from '../common/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { ParticipantRepository } from './participant.repository.js';

/** Participants need no e-mail: staff create them by name and hand them a join code or QR card. */
@Injectable()
export class ParticipantsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly participants: ParticipantRepository,
    private readonly joinCodes: JoinCodeRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
  ) {}

  async create(who: AuthUser, dto: CreateParticipantRequest): Promise<ParticipantWithJoinCode> {
    const email = dto.email?.trim().toLowerCase() || null;
    if (email && (await this.users.emailTaken(email))) {
      throw new DomainError(
        ErrorCode.EmailTaken,
        `Someone already uses ${email}. Leave the e-mail empty: participants do not need one.`,
      );
    }
    const id = await this.participants.create({
      organisationId: who.organisationId,
      displayName: dto.displayName.trim(),
      preferredLanguage: dto.preferredLanguage,
      phone: dto.phone?.trim() || null,
      email,
    });
    const joinCode = await this.issueCode(who, id);
    return { participant: await this.get(who, id), joinCode };
  }

  list(who: AuthUser): Promise<Participant[]> {
    return this.participants.listForOrganisation(who.organisationId);
  }

  async get(who: AuthUser, id: string): Promise<Participant> {
    const p = await this.participants.findInOrganisation(who.organisationId, id);
    if (!p) throw DomainError.notFound('This participant');
    return p;
  }

  /** A fresh code for a participant; their earlier codes stop working (devices stay signed in). */
  async newJoinCode(who: AuthUser, id: string): Promise<JoinCode> {
    await this.get(who, id);
    return this.issueCode(who, id);
  }

  async devices(who: AuthUser, id: string): Promise<Device[]> {
    await this.get(who, id);
    return this.participants.devices(who.organisationId, id);
  }

  async revokeDevice(who: AuthUser, id: string, deviceId: string): Promise<void> {
    await this.get(who, id);
    if (!(await this.participants.revokeDevice(who.organisationId, id, deviceId, this.clock.now()))) {
      throw DomainError.notFound('This device');
    }
    this.revocations.revoked();
  }

  /** Removes a participant (marks, clips and consent answers stay: see the repository). */
  async remove(who: AuthUser, id: string): Promise<void> {
    if (!(await this.participants.remove(who.organisationId, id, this.clock.now())))
      throw DomainError.notFound('This participant');
    this.revocations.revoked();
  }

  private async issueCode(who: AuthUser, participantId: string): Promise<JoinCode> {
    const code = newJoinCode();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.joinCodeDays * 86_400_000);
    await this.joinCodes.replace({
      userId: participantId,
      organisationId: who.organisationId,
      codeHash: sha256(code),
      createdBy: who.userId,
      now,
      expiresAt,
    });
    return {
      code: formatJoinCode(code),
      joinUrl: `${this.config.publicUrl}/join?code=${code}`,
      expiresAt: expiresAt.toISOString(),
    };
  }
}
