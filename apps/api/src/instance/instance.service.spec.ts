import { describe, expect, it, jest } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, fixedClock, rejection, staff } from '../../../../tests/support/unit-fixtures.js';
import { type PasswordsService } from '../auth/passwords.service.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { type UserRepository } from '../auth/user.repository.js';
import { type Clock } from '../common/clock.js';
import { type InstanceRepository, type OrganisationOverview } from './instance.repository.js';
import { InstanceService } from './instance.service.js';

function newTestService() {
  const time = fixedClock();
  const mocks = {
    instance: strictMock<InstanceRepository>('instance'),
    users: strictMock<UserRepository>('users'),
    passwords: strictMock<PasswordsService>('passwords'),
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
    it('creates the organisation and its first admin, and returns the link for them to choose a password', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      mocks.users.emailTaken.mockResolvedValue(false);
      mocks.instance.create.mockResolvedValue({ organisationId: 'org-2', adminId: 'u-lea' });
      mocks.passwords.newLink.mockResolvedValue({
        resetUrl: 'https://a.example/reset-password/tok',
        expiresAt: '2025-03-11T09:00:00.000Z',
      });
      mocks.instance.find.mockResolvedValue(overview());

      const created = await sut.create(root, request);

      expect(mocks.instance.create).toHaveBeenCalledWith({
        name: 'Atelier Liège',
        slug: null,
        languages: ['fr', 'ar'],
        defaultLanguage: 'fr',
        admin: { displayName: 'Léa', email: 'lea@example.org' },
      });
      expect(mocks.passwords.newLink).toHaveBeenCalledWith('u-lea', 'u-root');
      expect(created).toMatchObject({
        adminSetupUrl: 'https://a.example/reset-password/tok',
        organisation: { id: 'org-2' },
      });
    });

    it("answers 409 email_taken when the admin's address already has an account, creating nothing", async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      mocks.users.emailTaken.mockResolvedValue(true);

      expect(await rejection(sut.create(root, request))).toMatchObject({ code: 'email_taken' });
      expect(mocks.instance.create).not.toHaveBeenCalled();
    });

    it('answers 409 slug_taken for an address in use (or used before)', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);
      mocks.users.emailTaken.mockResolvedValue(false);
      mocks.instance.slugInUse.mockResolvedValue(true);

      expect(await rejection(sut.create(root, { ...request, slug: 'atelier-bruxelles' }))).toMatchObject({
        code: 'slug_taken',
      });
      expect(mocks.instance.create).not.toHaveBeenCalled();
    });

    it('refuses a default language outside the languages (400)', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.isInstanceAdmin.mockResolvedValue(true);

      expect(await rejection(sut.create(root, { ...request, defaultLanguage: 'nl' }))).toMatchObject({
        code: 'validation_failed',
      });
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
