import { describe, expect, it, jest } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, fixedClock, rejection, staff } from '../../../../tests/support/unit-fixtures.js';
import { type PasswordsService } from '../auth/passwords.service.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { type UserRepository } from '../auth/user.repository.js';
import { type Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { type OrganisationSetupService } from '../setup/organisation-setup.service.js';
import { type InstanceRepository, type OrganisationOverview } from './instance.repository.js';
import { InstanceService } from './instance.service.js';

function newTestService() {
  const time = fixedClock();
  const mocks = {
    instance: strictMock<InstanceRepository>('instance'),
    users: strictMock<UserRepository>('users'),
    passwords: strictMock<PasswordsService>('passwords'),
    setup: strictMock<OrganisationSetupService>('setup'),
    clock: time.clock,
  };
  const revocations = new SessionRevocations();
  const revoked = jest.spyOn(revocations, 'revoked');
  const sut = new InstanceService(
    as<InstanceRepository>(mocks.instance),
    as<UserRepository>(mocks.users),
    as<PasswordsService>(mocks.passwords),
    as<Clock>(mocks.clock),
    revocations,
    as<OrganisationSetupService>(mocks.setup),
  );
  return { sut, mocks, time, revoked };
}

const root = staff({ userId: 'u-root', organisationId: 'org-home' });

function overview(overrides: Partial<OrganisationOverview> = {}): OrganisationOverview {
  return {
    id: 'org-2',
    name: 'Atelier Liège',
    slug: 'atelier-liege',
    defaultLanguage: 'fr',
    languages: ['fr', 'ar'],
    createdAt: new Date('2025-03-01T00:00:00Z'),
    suspendedAt: null,
    staff: [{ userId: 'u-lea', displayName: 'Léa', email: 'lea@example.org', role: 'admin' as never }],
    participantCount: 12,
    storageBytes: 5_000_000,
    lastActivityAt: new Date('2025-03-09T18:00:00Z'),
    ...overrides,
  };
}

const request = {
  name: ' Atelier Liège ',
  languages: ['ar' as const, 'fr' as const],
  defaultLanguage: 'fr' as const,
  admin: { displayName: ' Léa ', email: ' Lea@Example.org ' },
};

describe(InstanceService.name, () => {
  it('refuses staff without the instance-administrator flag with 403 not_instance_admin', async () => {
    const { sut, mocks } = newTestService();
    mocks.users.isInstanceAdmin.mockResolvedValue(false);

    expect(await rejection(sut.organisations(staff()))).toMatchObject({ code: 'not_instance_admin' });
    expect(await rejection(sut.suspend(staff(), 'org-2'))).toMatchObject({ code: 'not_instance_admin' });
    expect(mocks.instance.setSuspended).not.toHaveBeenCalled();
  });

  it('lists every organisation with its staff, participants, storage and last activity', async () => {
    const { sut, mocks } = newTestService();
    mocks.users.isInstanceAdmin.mockResolvedValue(true);
    mocks.instance.list.mockResolvedValue([overview()]);

    expect(await sut.organisations(root)).toEqual([
      expect.objectContaining({
        id: 'org-2',
        participantCount: 12,
        storageBytes: 5_000_000,
        lastActivityAt: '2025-03-09T18:00:00.000Z',
        suspendedAt: null,
      }),
    ]);
    expect(mocks.users.isInstanceAdmin).toHaveBeenCalledWith('u-root');
  });

  describe('create', () => {
    it('creates through the one organisation-setup path, without a password, and returns the link for the admin', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      mocks.setup.create.mockResolvedValue({ organisationId: 'org-2', adminUserId: 'u-lea', signInUrl: 'x' });
      mocks.passwords.newLink.mockResolvedValue({
        resetUrl: 'https://a.example/reset-password/tok',
        expiresAt: '2025-03-11T09:00:00.000Z',
      });
      mocks.instance.find.mockResolvedValue(overview());

      const created = await sut.create(root, request);

      expect(mocks.setup.create).toHaveBeenCalledWith(
        {
          name: ' Atelier Liège ',
          slug: undefined,
          languages: ['ar', 'fr'],
          defaultLanguage: 'fr',
          adminName: ' Léa ',
          adminEmail: ' Lea@Example.org ',
        },
        { instanceAdmin: false },
      );
      expect(mocks.passwords.newLink).toHaveBeenCalledWith('u-lea', 'u-root');
      expect(created).toMatchObject({
        adminSetupUrl: 'https://a.example/reset-password/tok',
        organisation: { id: 'org-2' },
      });
    });

    it("passes the setup path's refusal on (e.g. 409 slug_taken), issuing no link", async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      mocks.setup.create.mockRejectedValue(new DomainError('slug_taken' as never, 'taken'));

      expect(await rejection(sut.create(root, { ...request, slug: 'atelier-bruxelles' }))).toMatchObject({
        code: 'slug_taken',
      });
      expect(mocks.passwords.newLink).not.toHaveBeenCalled();
    });

    it('refuses staff without the flag before creating anything', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(false);

      expect(await rejection(sut.create(root, request))).toMatchObject({ code: 'not_instance_admin' });
      expect(mocks.setup.create).not.toHaveBeenCalled();
    });
  });

  describe('backups', () => {
    it('shows the recent runs, the last one that worked and whether the daily job is scheduled', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      const failed = {
        startedAt: '2025-03-10T02:30:00.000Z',
        finishedAt: '2025-03-10T02:31:00.000Z',
        ok: false,
        location: '/backups',
        sizeBytes: null,
        objects: null,
        schemaVersion: null,
        error: 'No space left on device',
      };
      const worked = {
        ...failed,
        startedAt: '2025-03-09T02:30:00.000Z',
        ok: true,
        sizeBytes: 9,
        objects: 2,
        error: null,
      };
      mocks.instance.recentBackups.mockResolvedValue([failed, worked]);
      mocks.instance.lastSuccessfulBackup.mockResolvedValue(worked);
      mocks.instance.dailyBackupScheduled.mockResolvedValue(true);

      expect(await sut.backups(root)).toEqual({
        recent: [failed, worked],
        lastSuccessful: worked,
        dailyScheduled: true,
      });
      expect(mocks.instance.recentBackups).toHaveBeenCalledWith(5);
    });

    it('is for instance administrators only', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(false);

      expect(await rejection(sut.backups(root))).toMatchObject({ code: 'not_instance_admin' });
    });
  });

  describe('suspend and reactivate', () => {
    it('suspends now and closes the sockets of its people at once', async () => {
      const { sut, mocks, time, revoked } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      mocks.instance.setSuspended.mockResolvedValue(true);
      mocks.instance.find.mockResolvedValue(overview({ suspendedAt: time.now() }));

      expect(await sut.suspend(root, 'org-2')).toMatchObject({ suspendedAt: time.now().toISOString() });
      expect(mocks.instance.setSuspended).toHaveBeenCalledWith('org-2', time.now());
      expect(revoked).toHaveBeenCalled();
    });

    it("refuses to suspend the administrator's own organisation (409)", async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);

      expect(await rejection(sut.suspend(root, 'org-home'))).toMatchObject({ code: 'conflict' });
      expect(mocks.instance.setSuspended).not.toHaveBeenCalled();
    });

    it('answers 404 for an unknown organisation', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      mocks.instance.setSuspended.mockResolvedValue(false);

      expect(await rejection(sut.reactivate(root, 'org-9'))).toMatchObject({ code: 'not_found' });
    });

    it('reactivates', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      mocks.instance.setSuspended.mockResolvedValue(true);
      mocks.instance.find.mockResolvedValue(overview());

      expect(await sut.reactivate(root, 'org-2')).toMatchObject({ suspendedAt: null });
      expect(mocks.instance.setSuspended).toHaveBeenCalledWith('org-2', null);
    });
  });
});
