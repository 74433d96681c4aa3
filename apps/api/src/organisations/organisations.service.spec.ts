import { Role, type Member } from '@atelier/contracts';
import { SessionRevocations } from '../auth/session-revocations.js';
import { describe, expect, it, jest } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, DAY, fixedClock, rejection, staff, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { type InvitationRepository } from '../auth/invitation.repository.js';
import { type UserRepository } from '../auth/user.repository.js';
import { type Clock } from '../common/clock.js';
import { sha256 } from '../common/secrets.js';
import { type OrganisationRepository } from './organisation.repository.js';
import { OrganisationsService } from './organisations.service.js';

function newTestService() {
  const config = testConfig({ INVITATION_DAYS: '5' });
  const time = fixedClock();
  const mocks = {
    organisations: strictMock<OrganisationRepository>('organisations'),
    invitations: strictMock<InvitationRepository>('invitations'),
    users: strictMock<UserRepository>('users'),
    clock: time.clock,
  };
  const revocations = new SessionRevocations();
  const revoked = jest.spyOn(revocations, 'revoked');
  const sut = new OrganisationsService(
    config,
    as<OrganisationRepository>(mocks.organisations),
    as<InvitationRepository>(mocks.invitations),
    as<UserRepository>(mocks.users),
    as<Clock>(mocks.clock),
    revocations,
  );
  return { sut, mocks, config, time, revoked };
}

const admin = staff({ userId: 'u-admin', organisationId: 'org-1' });

const team: Member[] = [
  {
    userId: 'u-admin',
    displayName: 'Ines',
    email: 'ines@example.org',
    role: Role.Admin,
    joinedAt: '2025-01-01T00:00:00.000Z',
  },
  {
    userId: 'u-tom',
    displayName: 'Tom',
    email: 'tom@example.org',
    role: Role.Admin,
    joinedAt: '2025-02-01T00:00:00.000Z',
  },
];

describe(OrganisationsService.name, () => {
  describe('changeRole', () => {
    it.each([
      ['nobody in the organisation', null],
      ['a participant', Role.Participant],
    ])('answers 404 for %s and changes nothing', async (_, role) => {
      const { sut, mocks } = newTestService();
      mocks.organisations.roleOf.mockResolvedValue(role);

      const err = await rejection(sut.changeRole(admin, 'u-other', { role: Role.Admin }));

      expect(err).toMatchObject({ code: 'not_found', message: 'This staff member was not found.' });
      expect(mocks.organisations.roleOf).toHaveBeenCalledWith('org-1', 'u-other');
      expect(mocks.organisations.changeStaffRole).not.toHaveBeenCalled();
    });

    it('answers 409 last_admin when the change would leave no admin', async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.roleOf.mockResolvedValue(Role.Admin);
      mocks.organisations.changeStaffRole.mockResolvedValue(false);

      const err = await rejection(sut.changeRole(admin, 'u-admin', { role: Role.Trainer }));

      expect(err).toMatchObject({ code: 'last_admin' });
      expect(err.message).toContain('at least one admin');
    });

    it('changes the role and returns the updated staff list', async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.roleOf.mockResolvedValue(Role.Trainer);
      mocks.organisations.changeStaffRole.mockResolvedValue(true);
      mocks.organisations.staff.mockResolvedValue(team);

      expect(await sut.changeRole(admin, 'u-tom', { role: Role.Admin })).toEqual(team);
      expect(mocks.organisations.changeStaffRole).toHaveBeenCalledWith('org-1', 'u-tom', Role.Admin);
    });
  });

  describe('removeStaff', () => {
    it.each([
      ['nobody in the organisation', null],
      ['a participant', Role.Participant],
    ])('answers 404 for %s and removes nothing', async (_, role) => {
      const { sut, mocks } = newTestService();
      mocks.organisations.roleOf.mockResolvedValue(role);

      expect(await rejection(sut.removeStaff(admin, 'u-other'))).toMatchObject({ code: 'not_found' });
      expect(mocks.organisations.removeStaff).not.toHaveBeenCalled();
    });

    it('answers 409 last_admin for the last admin', async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.roleOf.mockResolvedValue(Role.Admin);
      mocks.organisations.removeStaff.mockResolvedValue(false);

      expect(await rejection(sut.removeStaff(admin, 'u-admin'))).toMatchObject({ code: 'last_admin' });
    });

    it('removes a trainer at the current time, and their open sockets are re-checked at once', async () => {
      const { sut, mocks, time, revoked } = newTestService();
      mocks.organisations.roleOf.mockResolvedValue(Role.Trainer);
      mocks.organisations.removeStaff.mockResolvedValue(true);

      await sut.removeStaff(admin, 'u-tom');

      expect(mocks.organisations.removeStaff).toHaveBeenCalledWith('org-1', 'u-tom', time.now());
      expect(revoked).toHaveBeenCalledTimes(1);
    });
  });

  describe('invite', () => {
    it('answers 409 for someone who is already a member, and sends nothing', async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.isMemberByEmail.mockResolvedValue(true);

      const err = await rejection(sut.invite(admin, { email: ' Tom@Example.org ', role: Role.Trainer }));

      expect(err).toMatchObject({
        code: 'conflict',
        message: 'tom@example.org is already a member of this organisation.',
      });
      expect(mocks.organisations.isMemberByEmail).toHaveBeenCalledWith('org-1', 'tom@example.org');
      expect(mocks.invitations.create).not.toHaveBeenCalled();
    });

    it('answers 409 email_taken for an address with an account in another organisation, and sends nothing', async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.isMemberByEmail.mockResolvedValue(false);
      mocks.users.emailTaken.mockResolvedValue(true);

      const err = await rejection(sut.invite(admin, { email: 'lea@example.org', role: Role.Trainer }));

      expect(err).toMatchObject({ code: 'email_taken' });
      expect(err.message).toContain('another organisation');
      expect(mocks.invitations.create).not.toHaveBeenCalled();
    });

    it('answers 409 for an address with an open invitation, and sends nothing', async () => {
      const { sut, mocks, time } = newTestService();
      mocks.organisations.isMemberByEmail.mockResolvedValue(false);
      mocks.users.emailTaken.mockResolvedValue(false);
      mocks.invitations.pendingForEmail.mockResolvedValue(true);

      const err = await rejection(sut.invite(admin, { email: 'sam@example.org', role: Role.Trainer }));

      expect(err).toMatchObject({ code: 'conflict' });
      expect(err.message).toContain('already has an open invitation');
      expect(mocks.invitations.pendingForEmail).toHaveBeenCalledWith('org-1', 'sam@example.org', time.now());
      expect(mocks.invitations.create).not.toHaveBeenCalled();
    });

    it('returns the link to send, storing only the hash of its token, valid for invitationDays', async () => {
      const { sut, mocks, config, time } = newTestService();
      mocks.organisations.isMemberByEmail.mockResolvedValue(false);
      mocks.users.emailTaken.mockResolvedValue(false);
      mocks.invitations.pendingForEmail.mockResolvedValue(false);
      const expiry = time.after(5 * DAY);
      mocks.invitations.create.mockResolvedValue({
        id: 'inv-1',
        email: 'sam@example.org',
        role: Role.Trainer,
        expiresAt: expiry,
        acceptedAt: null,
      });

      const invitation = await sut.invite(admin, { email: 'Sam@Example.org', role: Role.Trainer });

      expect(invitation.acceptUrl).toMatch(new RegExp(`^${config.publicUrl}/invite/[A-Za-z0-9_-]{43}$`));
      const token = invitation.acceptUrl!.slice(`${config.publicUrl}/invite/`.length);
      expect(mocks.invitations.create).toHaveBeenCalledWith({
        organisationId: 'org-1',
        email: 'sam@example.org',
        role: Role.Trainer,
        tokenHash: sha256(token),
        invitedBy: 'u-admin',
        expiresAt: expiry,
      });
      expect(invitation).toEqual({
        id: 'inv-1',
        email: 'sam@example.org',
        role: Role.Trainer,
        expiresAt: expiry.toISOString(),
        acceptedAt: null,
        acceptUrl: `https://atelier.example.org/invite/${token}`,
      });
    });
  });

  describe('invitations', () => {
    it('lists pending invitations without their links', async () => {
      const { sut, mocks, time } = newTestService();
      mocks.invitations.listPending.mockResolvedValue([
        { id: 'inv-1', email: 'sam@example.org', role: Role.Trainer, expiresAt: time.after(DAY), acceptedAt: null },
      ]);

      expect(await sut.pendingInvitations(admin)).toEqual([
        {
          id: 'inv-1',
          email: 'sam@example.org',
          role: Role.Trainer,
          expiresAt: time.after(DAY).toISOString(),
          acceptedAt: null,
        },
      ]);
      expect(mocks.invitations.listPending).toHaveBeenCalledWith('org-1', time.now());
    });

    it('answers 404 when cancelling an invitation that is not open in this organisation', async () => {
      const { sut, mocks, time } = newTestService();
      mocks.invitations.revoke.mockResolvedValue(false);

      expect(await rejection(sut.cancelInvitation(admin, 'inv-9'))).toMatchObject({
        code: 'not_found',
        message: 'This invitation was not found.',
      });
      expect(mocks.invitations.revoke).toHaveBeenCalledWith('org-1', 'inv-9', time.now());
    });
  });

  describe('get', () => {
    it('answers 404 when the organisation is gone', async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.find.mockResolvedValue(null);

      expect(await rejection(sut.get(admin))).toMatchObject({ code: 'not_found' });
    });

    it('stores a trimmed name', async () => {
      const { sut, mocks, config } = newTestService();
      mocks.organisations.update.mockResolvedValue(true);
      mocks.organisations.find.mockResolvedValue(stored());

      expect(await sut.update(admin, { name: '  Buurtwerk ' })).toEqual({
        ...stored(),
        createdAt: '2025-01-01T00:00:00.000Z',
        instanceProjectQuotaBytes: config.projectQuotaBytes,
      });
      expect(mocks.organisations.update).toHaveBeenCalledWith('org-1', {
        name: 'Buurtwerk',
        slug: undefined,
        defaultLanguage: undefined,
        languages: undefined,
        projectQuotaBytes: undefined,
      });
    });

    it("answers 409 slug_taken when the address is, or was, another organisation's", async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.find.mockResolvedValue(stored());
      mocks.organisations.update.mockResolvedValue(false);

      expect(await rejection(sut.update(admin, { slug: 'atelier-liege' }))).toMatchObject({
        code: 'slug_taken',
      });
    });

    it('refuses a default language the organisation does not offer, and stores nothing', async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.find.mockResolvedValue(stored());

      const err = await rejection(sut.update(admin, { languages: ['fr', 'en'] }));

      expect(err).toMatchObject({ code: 'validation_failed' });
      expect(mocks.organisations.update).not.toHaveBeenCalled();
    });

    it('keeps the languages in the usual order and accepts a default among them', async () => {
      const { sut, mocks } = newTestService();
      mocks.organisations.find.mockResolvedValue(stored());
      mocks.organisations.update.mockResolvedValue(true);

      await sut.update(admin, { languages: ['ar', 'fr'], defaultLanguage: 'ar' });

      expect(mocks.organisations.update).toHaveBeenCalledWith(
        'org-1',
        expect.objectContaining({ languages: ['fr', 'ar'], defaultLanguage: 'ar' }),
      );
    });

    it('refuses a group quota smaller than the largest file accepted', async () => {
      const { sut, mocks, config } = newTestService();
      mocks.organisations.find.mockResolvedValue(stored());

      const err = await rejection(sut.update(admin, { projectQuotaBytes: config.maxUploadBytes - 1 }));

      expect(err).toMatchObject({ code: 'validation_failed' });
      expect(mocks.organisations.update).not.toHaveBeenCalled();
    });
  });
});

function stored() {
  return {
    id: 'org-1',
    name: 'Buurtwerk',
    slug: 'buurtwerk',
    defaultLanguage: 'nl' as const,
    languages: ['fr' as const, 'nl' as const],
    projectQuotaBytes: null,
    createdAt: new Date('2025-01-01T00:00:00.000Z'),
  };
}
