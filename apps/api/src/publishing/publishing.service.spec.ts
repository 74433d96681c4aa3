import { ConsentGap, CreditName, ErrorCode, Role, Visibility, type ConsentChoice } from '@atelier/contracts';
import { type StorageRepository } from '@atelier/storage';
import { describe, expect, it, jest } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, fixedClock, rejection, staff, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { type Clock } from '../common/clock.js';
import { type CatalogueRepository } from './catalogue.repository.js';
import { ConsentService } from './consent.service.js';
import { type DocumentaryMailer } from './documentary-mailer.js';
import { type PublishingRepository, type StoredCredit, type StoredDocumentary } from './publishing.repository.js';
import { PublishingService } from './publishing.service.js';

function newTestService(smtp = false) {
  const config = testConfig(smtp ? { SMTP_URL: 'smtp://127.0.0.1:2525' } : {});
  const mocks = {
    repo: strictMock<PublishingRepository>('repo'),
    listings: strictMock<CatalogueRepository>('listings'),
    // A real object for the `enabled` getter; `send` is a plain mock asserted on.
    mailer: { enabled: smtp, send: jest.fn<DocumentaryMailer['send']>() },
    storage: strictMock<StorageRepository>('storage'),
    clock: fixedClock().clock,
  };
  const consent = new ConsentService(as<PublishingRepository>(mocks.repo), as<DocumentaryMailer>(mocks.mailer));
  const sut = new PublishingService(
    config,
    as<PublishingRepository>(mocks.repo),
    as<CatalogueRepository>(mocks.listings),
    consent,
    as<StorageRepository>(mocks.storage),
    as<Clock>(mocks.clock),
  );
  return { sut, consent, mocks };
}

const trainer = staff({ userId: 'u-trainer', role: Role.Trainer });
const participant = staff({ userId: 'u-amina', role: Role.Participant, sessionKind: 'device' });
const project = { id: 'p-1', organisationId: 'org-1', title: 'Film', groupId: 'g-1', groupName: 'Jeudi' };
const doc: StoredDocumentary = {
  id: 'd-1',
  organisationId: 'org-1',
  projectId: 'p-1',
  title: 'Nos voix',
  description: '',
  language: 'fr',
  videoClipId: 'c-1',
  renderId: null,
  durationMs: 4000,
  visibility: Visibility.Organisation,
  published: false,
  publishedAt: null,
  unlistedToken: 'secret',
  updatedAt: '2025-03-10T09:00:00.000Z',
  filmChangedAt: null,
};
const yes: ConsentChoice = {
  appearOnScreen: true,
  voice: true,
  creditAs: CreditName.FullName,
  pseudonym: null,
  maxVisibility: Visibility.Public,
};

function credit(name: string, consent: ConsentChoice | null): StoredCredit {
  return {
    personId: `u-${name}`,
    displayName: name,
    credited: true,
    appearing: true,
    consent: consent && {
      ...consent,
      personId: `u-${name}`,
      projectId: 'p-1',
      source: 'self',
      recordedBy: { id: `u-${name}`, displayName: name },
      recordedAt: '2025-03-10T09:00:00.000Z',
      signedOn: null,
      hasPaperForm: false,
    },
  };
}

describe(PublishingService.name, () => {
  describe('publish', () => {
    it('refuses with 409 consent_missing naming who is missing and why, and changes nothing', async () => {
      const { sut, mocks } = newTestService();
      mocks.repo.findProject.mockResolvedValue(project);
      mocks.repo.findDocumentaryForProject.mockResolvedValue(doc);
      mocks.repo.videoSource.mockResolvedValue({
        kind: 'clip',
        clipId: 'c-1',
        sourceKey: 'clips/c-1/original',
        durationMs: 4000,
        renditions: {} as never,
      });
      mocks.repo.publish.mockImplementation(async (_id, _v, blockers) =>
        blockers([
          credit('Amina', yes),
          credit('Dawit', { ...yes, maxVisibility: Visibility.Unlisted }),
          credit('Lina', null),
        ]),
      );

      const err = await rejection(sut.publish(trainer, 'p-1', Visibility.Public));

      expect(err).toMatchObject({ code: 'consent_missing' });
      expect(err.message).toContain('Dawit, Lina');
      expect(err.details).toEqual({
        visibility: 'public',
        missing: [
          { personId: 'u-Dawit', displayName: 'Dawit', reasons: [ConsentGap.Visibility], accepts: Visibility.Unlisted },
          { personId: 'u-Lina', displayName: 'Lina', reasons: [ConsentGap.NoConsent], accepts: null },
        ],
      });
    });

    it('refuses to publish without a ready film, before looking at consent', async () => {
      const { sut, mocks } = newTestService();
      mocks.repo.findProject.mockResolvedValue(project);
      mocks.repo.findDocumentaryForProject.mockResolvedValue(doc);
      mocks.repo.videoSource.mockResolvedValue(null);
      expect(await rejection(sut.publish(trainer, 'p-1', Visibility.Public))).toMatchObject({
        code: 'documentary_not_ready',
      });
      expect(mocks.repo.publish).not.toHaveBeenCalled();
    });

    it('gives a project of another organisation a 404', async () => {
      const { sut, mocks } = newTestService();
      mocks.repo.findProject.mockResolvedValue(null);
      expect(await rejection(sut.publish(staff({ organisationId: 'org-2' }), 'p-1', Visibility.Public))).toMatchObject({
        code: ErrorCode.NotFound,
      });
    });
  });

  describe('subtitles', () => {
    it('refuses a malformed file with its line number and stores nothing', async () => {
      const { sut, mocks } = newTestService();
      mocks.repo.findProject.mockResolvedValue(project);
      mocks.repo.findDocumentaryForProject.mockResolvedValue(doc);
      const err = await rejection(
        sut.uploadSubtitles(
          trainer,
          'p-1',
          'ar',
          '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> 00:00:02,000\nko\n',
          'العربية',
        ),
      );
      expect(err).toMatchObject({ code: 'subtitle_malformed', details: { line: 6 } });
      expect(mocks.storage.put).not.toHaveBeenCalled();
    });

    it('refuses a language that is not a language code', async () => {
      const { sut, mocks } = newTestService();
      mocks.repo.findProject.mockResolvedValue(project);
      mocks.repo.findDocumentaryForProject.mockResolvedValue(doc);
      expect(await rejection(sut.uploadSubtitles(trainer, 'p-1', '../../x', 'WEBVTT\n', undefined))).toMatchObject({
        code: 'validation_failed',
      });
    });
  });
});

describe(ConsentService.name, () => {
  it('refuses a participant who is not credited in the project with a 404', async () => {
    const { consent, mocks } = newTestService();
    mocks.repo.isCredited.mockResolvedValue(false);
    expect(await rejection(consent.recordMine(participant, 'p-1', yes))).toMatchObject({ code: ErrorCode.NotFound });
    expect(mocks.repo.recordConsent).not.toHaveBeenCalled();
  });

  it('refuses an empty pseudonym with a message saying what to write', async () => {
    const { consent, mocks } = newTestService();
    mocks.repo.isCredited.mockResolvedValue(true);
    const err = await rejection(
      consent.recordMine(participant, 'p-1', { ...yes, creditAs: CreditName.Pseudonym, pseudonym: '   ' }),
    );
    expect(err).toMatchObject({ code: 'validation_failed' });
    expect(err.message).toMatch(/pseudonym/i);
  });

  it('e-mails the trainers, in the same call, when a withdrawal unpublished the film', async () => {
    const { consent, mocks } = newTestService(true);
    mocks.repo.recordConsent.mockImplementation(async (_p, _person, _choice, _meta, decide) => {
      const decided = decide({ published: true, visibility: Visibility.Public }, [
        credit('Amina', { ...yes, maxVisibility: null }),
      ]);
      return {
        documentary: { id: 'd-1', title: 'Nos voix', organisationId: 'org-1', projectId: 'p-1' },
        enforcement: decided.enforcement,
        reasons: decided.reasons,
      };
    });
    mocks.repo.staffContacts.mockResolvedValue([{ email: 'karim@atelier.test', language: 'fr' }]);
    mocks.repo.displayName.mockResolvedValue('Amina');
    mocks.mailer.send.mockResolvedValue(1);

    const change = await consent.record(
      'p-1',
      'u-Amina',
      { ...yes, maxVisibility: null },
      { source: 'self', recordedBy: 'u-Amina', signedOn: null },
    );

    expect(change.enforcement).toEqual({ action: 'unpublish', from: Visibility.Public });
    expect(change.reasons).toEqual([ConsentGap.Visibility]);
    expect(mocks.mailer.send).toHaveBeenCalledWith({
      to: [{ email: 'karim@atelier.test', language: 'fr' }],
      personName: 'Amina',
      documentaryTitle: 'Nos voix',
      projectId: 'p-1',
      loweredTo: null,
    });
  });

  it('sends no e-mail when the film stays as it was', async () => {
    const { consent, mocks } = newTestService(true);
    mocks.repo.recordConsent.mockImplementation(async (_p, _person, _choice, _meta, decide) => {
      const decided = decide({ published: true, visibility: Visibility.Organisation }, [credit('Amina', yes)]);
      return {
        documentary: { id: 'd-1', title: 'Nos voix', organisationId: 'org-1', projectId: 'p-1' },
        enforcement: decided.enforcement,
        reasons: decided.reasons,
      };
    });
    const change = await consent.record('p-1', 'u-Amina', yes, {
      source: 'self',
      recordedBy: 'u-Amina',
      signedOn: null,
    });
    expect(change.enforcement).toEqual({ action: 'keep' });
    expect(mocks.mailer.send).not.toHaveBeenCalled();
  });
});
