import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, fixedClock, HOUR, rejection, staff, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { type Clock } from '../common/clock.js';
import { sha256 } from '../common/secrets.js';
import { type PasswordHasher } from './password-hasher.js';
import { type PasswordResetMailer } from './password-reset-mailer.js';
import { type PasswordResetRepository, type OpenPasswordReset } from './password-reset.repository.js';
import { FORGOT_REQUESTS_PER_IP, PASSWORD_CHANGE_ATTEMPTS, PasswordsService } from './passwords.service.js';
import { RateLimiter } from './rate-limiter.js';
import { SessionRevocations } from './session-revocations.js';
import { type UserRepository } from './user.repository.js';

function newTestService(env: Record<string, string> = {}) {
  const config = testConfig({ PASSWORD_RESET_HOURS: '6', ...env });
  const time = fixedClock();
  const mocks = {
    users: strictMock<UserRepository>('users'),
    resets: strictMock<PasswordResetRepository>('resets'),
    hasher: strictMock<PasswordHasher>('hasher'),
    mailer: strictMock<PasswordResetMailer>('mailer'),
    clock: time.clock,
  };
  const revocations = new SessionRevocations();
  const revoked = jest.spyOn(revocations, 'revoked');
  const sut = new PasswordsService(
    config,
    as<UserRepository>(mocks.users),
    as<PasswordResetRepository>(mocks.resets),
    as<PasswordHasher>(mocks.hasher),
    as<PasswordResetMailer>(mocks.mailer),
    new RateLimiter(as<Clock>(mocks.clock)),
    as<Clock>(mocks.clock),
    revocations,
  );
  return { sut, mocks, config, time, revoked };
}

const nora = staff({ userId: 'u-nora', role: 'trainer' as never, sessionId: 's-laptop' });
const client = { ip: '198.51.100.7', userAgent: 'test' };
const contact = { userId: 'u-nora', displayName: 'Nora', email: 'nora@example.org', preferredLanguage: 'nl' as const };

describe(PasswordsService.name, () => {
  let t: ReturnType<typeof newTestService>;
  beforeEach(() => {
    t = newTestService();
  });

  describe('change', () => {
    it('replaces the password and ends the other sessions, keeping this one', async () => {
      t.mocks.users.passwordHashOf.mockResolvedValue('$old');
      t.mocks.hasher.verify.mockResolvedValue(true);
      t.mocks.hasher.hash.mockResolvedValue('$new');
      t.mocks.users.changePassword.mockResolvedValue(undefined);

      await t.sut.change(nora, { currentPassword: 'old password!', newPassword: 'a new long password' });

      expect(t.mocks.hasher.verify).toHaveBeenCalledWith('$old', 'old password!');
      expect(t.mocks.users.changePassword).toHaveBeenCalledWith('u-nora', '$new', 's-laptop', t.time.now());
      expect(t.revoked).toHaveBeenCalled();
    });

    it('answers 400 current_password_wrong and changes nothing when the current password is wrong', async () => {
      t.mocks.users.passwordHashOf.mockResolvedValue('$old');
      t.mocks.hasher.verify.mockResolvedValue(false);

      const err = await rejection(t.sut.change(nora, { currentPassword: 'guess', newPassword: 'a new long password' }));

      expect(err).toMatchObject({ code: 'current_password_wrong' });
      expect(t.mocks.users.changePassword).not.toHaveBeenCalled();
    });

    it('stops guessing after a few wrong current passwords (429)', async () => {
      t.mocks.users.passwordHashOf.mockResolvedValue('$old');
      t.mocks.hasher.verify.mockResolvedValue(false);
      for (let i = 0; i < PASSWORD_CHANGE_ATTEMPTS; i++)
        await rejection(t.sut.change(nora, { currentPassword: 'guess', newPassword: 'a new long password' }));

      const err = await rejection(t.sut.change(nora, { currentPassword: 'guess', newPassword: 'a new long password' }));

      expect(err).toMatchObject({ code: 'rate_limited' });
    });

    it('refuses a participant device (no password to change)', async () => {
      const err = await rejection(
        t.sut.change(staff({ sessionKind: 'device' }), { currentPassword: 'x', newPassword: 'a new long password' }),
      );

      expect(err).toMatchObject({ code: 'forbidden' });
    });
  });

  describe('issueForMember', () => {
    it('gives the admin a link valid PASSWORD_RESET_HOURS, storing only its hash, and says whether it was e-mailed', async () => {
      t.mocks.users.findStaffMember.mockResolvedValue(contact);
      t.mocks.resets.create.mockResolvedValue(undefined);
      t.mocks.mailer.send.mockResolvedValue(true);

      const link = await t.sut.issueForMember(staff(), 'u-nora');

      const token = /\/reset-password\/([^/]+)$/.exec(link.resetUrl)![1]!;
      expect(link.resetUrl.startsWith('https://atelier.example.org/reset-password/')).toBe(true);
      expect(link).toMatchObject({ expiresAt: t.time.after(6 * HOUR).toISOString(), emailed: true });
      expect(t.mocks.resets.create).toHaveBeenCalledWith({
        userId: 'u-nora',
        tokenHash: sha256(token),
        createdBy: 'u-admin',
        now: t.time.now(),
        expiresAt: t.time.after(6 * HOUR),
      });
      expect(t.mocks.mailer.send).toHaveBeenCalledWith({
        to: { email: 'nora@example.org', language: 'nl', displayName: 'Nora' },
        resetUrl: link.resetUrl,
      });
    });

    it("answers 404 for someone who is not staff of the admin's organisation", async () => {
      t.mocks.users.findStaffMember.mockResolvedValue(null);

      expect(await rejection(t.sut.issueForMember(staff(), 'u-other'))).toMatchObject({ code: 'not_found' });
      expect(t.mocks.resets.create).not.toHaveBeenCalled();
    });
  });

  describe('requestByEmail', () => {
    it('is not offered without SMTP (404), so the sign-in page hides it', async () => {
      t.mocks.mailer.enabled.mockReturnValue(false);

      expect(await rejection(t.sut.requestByEmail('nora@example.org', client))).toMatchObject({ code: 'not_found' });
      expect(t.sut.options()).toEqual({ passwordResetByEmail: false });
    });

    it('e-mails a link to a staff address', async () => {
      t.mocks.mailer.enabled.mockReturnValue(true);
      t.mocks.users.findStaffContact.mockResolvedValue(contact);
      t.mocks.resets.create.mockResolvedValue(undefined);
      t.mocks.mailer.send.mockResolvedValue(true);

      await expect(t.sut.requestByEmail(' nora@example.org ', client)).resolves.toBeUndefined();

      expect(t.mocks.users.findStaffContact).toHaveBeenCalledWith('nora@example.org');
      expect(t.mocks.mailer.send).toHaveBeenCalledWith(
        expect.objectContaining({ to: { email: 'nora@example.org', language: 'nl', displayName: 'Nora' } }),
      );
    });

    it('answers the same for an unknown address, sending nothing', async () => {
      t.mocks.mailer.enabled.mockReturnValue(true);
      t.mocks.users.findStaffContact.mockResolvedValue(null);

      await expect(t.sut.requestByEmail('nobody@example.org', client)).resolves.toBeUndefined();

      expect(t.mocks.resets.create).not.toHaveBeenCalled();
      expect(t.mocks.mailer.send).not.toHaveBeenCalled();
    });

    it('slows down one address sending many requests', async () => {
      t.mocks.mailer.enabled.mockReturnValue(true);
      t.mocks.users.findStaffContact.mockResolvedValue(null);
      for (let i = 0; i < FORGOT_REQUESTS_PER_IP; i++) await t.sut.requestByEmail('x@example.org', client);

      expect(await rejection(t.sut.requestByEmail('x@example.org', client))).toMatchObject({ code: 'rate_limited' });
    });
  });

  describe('complete', () => {
    const open: OpenPasswordReset = {
      id: 'r-1',
      userId: 'u-nora',
      displayName: 'Nora',
      email: 'nora@example.org',
      organisationName: 'Buurtwerk',
      expiresAt: new Date('2025-03-10T15:00:00Z'),
    };

    it('sets the hashed password once and ends every session', async () => {
      t.mocks.resets.findOpen.mockResolvedValue(open);
      t.mocks.hasher.hash.mockResolvedValue('$new');
      t.mocks.resets.complete.mockResolvedValue(true);

      await t.sut.complete('tok', { password: 'a new long password' });

      expect(t.mocks.resets.findOpen).toHaveBeenCalledWith(sha256('tok'), t.time.now());
      expect(t.mocks.resets.complete).toHaveBeenCalledWith('r-1', '$new', t.time.now());
      expect(t.revoked).toHaveBeenCalled();
    });

    it('answers 404 reset_link_invalid for a used or expired link', async () => {
      t.mocks.resets.findOpen.mockResolvedValue(null);

      expect(await rejection(t.sut.complete('tok', { password: 'a new long password' }))).toMatchObject({
        code: 'reset_link_invalid',
      });
    });

    it('answers 404 reset_link_invalid when the link was used meanwhile', async () => {
      t.mocks.resets.findOpen.mockResolvedValue(open);
      t.mocks.hasher.hash.mockResolvedValue('$new');
      t.mocks.resets.complete.mockResolvedValue(false);

      expect(await rejection(t.sut.complete('tok', { password: 'a new long password' }))).toMatchObject({
        code: 'reset_link_invalid',
      });
      expect(t.revoked).not.toHaveBeenCalled();
    });
  });
});
