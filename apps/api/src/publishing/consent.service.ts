import { CreditName, ErrorCode, type ConsentChoice, type ConsentSource, type MyConsent } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { enforce, firstName, gapsFor } from './consent-rules.js';
import { DocumentaryMailer } from './documentary-mailer.js';
import { PublishingRepository, type EnforcedChange } from './publishing.repository.js';

/**
 * Recording consent — by the person on their phone, or by a trainer from a paper form — and its
 * immediate effect: a published documentary someone no longer consents to is lowered or unpublished
 * in the same transaction, and the trainers are told.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly repo: PublishingRepository,
    private readonly mailer: DocumentaryMailer,
  ) {}

  async mine(who: AuthUser): Promise<MyConsent[]> {
    const rows = await this.repo.creditsOf(who.userId);
    return rows.map((r) => ({
      projectId: r.projectId,
      projectTitle: r.projectTitle,
      documentaryTitle: r.documentaryTitle,
      credited: r.credited,
      appearing: r.appearing,
      names: { fullName: r.displayName, firstName: firstName(r.displayName) },
      consent: r.consent,
      // Credited people may watch the film before it is published (see CatalogueService.authorise).
      film: r.documentaryId && r.hasFilm ? { watchUrl: `/watch/${r.documentaryId}` } : null,
      filmChangedSinceAnswer: filmChangedSince(r.consent, r.filmChangedAt),
    }));
  }

  /** A participant records or changes their own consent for a project they are credited in. */
  async recordMine(who: AuthUser, projectId: string, choice: ConsentChoice): Promise<MyConsent> {
    if (!(await this.repo.isCredited(projectId, who.userId))) throw DomainError.notFound('This project');
    await this.record(projectId, who.userId, choice, { source: 'self', recordedBy: who.userId, signedOn: null });
    const mine = (await this.mine(who)).find((m) => m.projectId === projectId);
    return mine!;
  }

  /** Records a consent for `personId` and applies its effect on the published documentary. */
  async record(
    projectId: string,
    personId: string,
    choice: ConsentChoice,
    meta: { source: ConsentSource; recordedBy: string; signedOn: string | null },
  ): Promise<EnforcedChange> {
    const clean = normalise(choice);
    const change = await this.repo.recordConsent(projectId, personId, clean, meta, (doc, credits) => {
      const mine = credits.find((c) => c.personId === personId);
      return { enforcement: enforce(doc, credits), reasons: mine ? gapsFor(mine, doc.visibility) : [] };
    });
    await this.tellStaff(change, personId);
    return change;
  }

  /** E-mails trainers when a change lowered or stopped a documentary (the in-app notice is already saved). */
  async tellStaff(change: EnforcedChange, personId: string | null): Promise<void> {
    if (!change.documentary || change.enforcement.action === 'keep' || !this.mailer.enabled) return;
    await this.mailer.send({
      to: await this.repo.staffContacts(change.documentary.organisationId),
      personName: personId ? await this.repo.displayName(personId) : '',
      documentaryTitle: change.documentary.title,
      projectId: change.documentary.projectId,
      loweredTo: change.enforcement.action === 'lower' ? change.enforcement.to : null,
    });
  }
}

/** Whether the film was set or replaced after this answer (never for someone who has not answered). */
export function filmChangedSince(consent: { recordedAt: string } | null, filmChangedAt: Date | null): boolean {
  return !!consent && !!filmChangedAt && filmChangedAt.getTime() > Date.parse(consent.recordedAt);
}

/** A pseudonym only with the pseudonym choice, trimmed; refusing an empty one with a clear message. */
export function normalise(choice: ConsentChoice): ConsentChoice {
  const pseudonym = choice.creditAs === CreditName.Pseudonym ? (choice.pseudonym ?? '').trim() : null;
  if (choice.creditAs === CreditName.Pseudonym && !pseudonym) {
    throw new DomainError(ErrorCode.ValidationFailed, 'Write the pseudonym to show in the credits.', {
      fields: [{ field: 'pseudonym', messages: ['required'] }],
    });
  }
  return {
    appearOnScreen: choice.appearOnScreen,
    voice: choice.voice,
    creditAs: choice.creditAs,
    pseudonym,
    maxVisibility: choice.maxVisibility,
  };
}
