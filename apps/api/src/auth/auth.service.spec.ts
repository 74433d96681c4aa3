import { ErrorCode, Role } from '@atelier/contracts';
import { SessionRevocations } from './session-revocations.js';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, DAY, fixedClock, HOUR, MINUTE, rejection, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { type Clock } from '../common/clock.js';
import { sha256 } from '../common/secrets.js';
import {
  ATTEMPT_WINDOW_SECONDS,
  AuthService,
  describeDevice,
  LOGIN_ATTEMPTS_PER_IP,
  JOIN_ATTEMPTS_PER_IP,
} from './auth.service.js';
import { type InvitationRepository, type OpenInvitation } from './invitation.repository.js';
import { type JoinCodeRepository } from './join-code.repository.js';
import { type LoginThrottleRepository } from './login-throttle.repository.js';
import { type PasswordHasher } from './password-hasher.js';
import { RateLimiter } from './rate-limiter.js';
import { type SessionRepository, type ActiveSession } from './session.repository.js';
import { type UserRepository, type Profile, type StaffLogin } from './user.repository.js';

const ANDROID_PHONE =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const LAPTOP = { ip: '198.51.100.4', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' };

function newTestService(env: Record<string, string> = {}) {
  const config = testConfig(env);
  const time = fixedClock();
  const mocks = {
    users: strictMock<UserRepository>('users'),
    sessions: strictMock<SessionRepository>('sessions'),
    joinCodes: strictMock<JoinCodeRepository>('joinCodes'),
    invitations: strictMock<InvitationRepository>('invitations'),
    hasher: strictMock<PasswordHasher>('hasher'),
    throttles: strictMock<LoginThrottleRepository>('throttles'),
    clock: time.clock,
  };
  const limiter = new RateLimiter(as<Clock>(mocks.clock));
  const revocations = new SessionRevocations();
  const revoked = jest.spyOn(revocations, 'revoked');
  const sut = new AuthService(
    config,
    as<UserRepository>(mocks.users),
    as<SessionRepository>(mocks.sessions),
    as<JoinCodeRepository>(mocks.joinCodes),
    as<InvitationRepository>(mocks.invitations),
    as<PasswordHasher>(mocks.hasher),
    limiter,
    as<LoginThrottleRepository>(mocks.throttles),
    as<Clock>(mocks.clock),
    revocations,
  );
  return { sut, mocks, config, time, revoked };
}

function account(overrides: Partial<StaffLogin> = {}): StaffLogin {
  return {
    userId: 'u-nora',
    passwordHash: '$argon2id$stored',
    organisationId: 'org-1',
    role: Role.Trainer,
    organisationSuspended: false,
    ...overrides,
  };
}

function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    id: 'u-nora',
    displayName: 'Nora',
    email: 'nora@example.org',
    preferredLanguage: 'nl',
    organisationId: 'org-1',
    organisationName: 'Buurtwerk Noord',
    role: Role.Trainer,
    instanceAdmin: false,
    ...overrides,
  };
}

const NORA = { email: 'nora@example.org', password: 'correct horse battery' };

describe(AuthService.name, () => {
  let t: ReturnType<typeof newTestService>;
  beforeEach(() => {
    t = newTestService();
  });

  describe('login', () => {
    it('burns a hash for an unknown e-mail and answers 401 invalid_credentials', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(null);
      t.mocks.hasher.burn.mockResolvedValue(undefined);

      const err = await rejection(t.sut.login({ email: 'nobody@example.org', password: 'whatever123' }, LAPTOP));

      expect(err).toMatchObject({ code: 'invalid_credentials' });
      expect(err.message).toBe('This e-mail and password do not match. Check them and try again.');
      expect(t.mocks.hasher.burn).toHaveBeenCalledWith('whatever123');
      expect(t.mocks.users.findStaffLogin).toHaveBeenCalledWith('nobody@example.org');
    });

    it('refuses a locked address-and-account pair with 423 and the seconds left, without checking the password', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(account());
      t.mocks.throttles.reserve.mockResolvedValue({ allowed: false, lockedUntil: t.time.after(10 * MINUTE) });

      const err = await rejection(t.sut.login(NORA, LAPTOP));

      expect(err).toMatchObject({ code: 'account_locked', details: { retryAfterSeconds: 600 } });
      expect(err.message).toContain('locked for 10 minutes more');
      expect(t.mocks.throttles.reserve).toHaveBeenCalledWith(
        'u-nora',
        LAPTOP.ip,
        t.config.loginMaxFailures,
        t.time.now(),
      );
      expect(t.mocks.hasher.verify).not.toHaveBeenCalled();
    });

    it('refuses an attempt beyond the limit that raced the others before any lock was written', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(account());
      t.mocks.throttles.reserve.mockResolvedValue({ allowed: false, lockedUntil: null });

      const err = await rejection(t.sut.login(NORA, LAPTOP));

      expect(err).toMatchObject({
        code: 'account_locked',
        details: { retryAfterSeconds: t.config.loginLockMinutes * 60 },
      });
      expect(t.mocks.hasher.verify).not.toHaveBeenCalled();
    });

    it('counts a wrong password for this address and account, and answers 401 while not locked', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(account());
      t.mocks.throttles.reserve.mockResolvedValue({ allowed: true });
      t.mocks.hasher.verify.mockResolvedValue(false);
      t.mocks.throttles.recordFailure.mockResolvedValue(null);

      const err = await rejection(t.sut.login({ ...NORA, password: 'wrong password' }, LAPTOP));

      expect(err).toMatchObject({ code: 'invalid_credentials' });
      expect(t.mocks.hasher.verify).toHaveBeenCalledWith('$argon2id$stored', 'wrong password');
      const { loginMaxFailures, loginLockMinutes } = t.config;
      expect(t.mocks.throttles.recordFailure).toHaveBeenCalledWith(
        'u-nora',
        LAPTOP.ip,
        loginMaxFailures,
        loginLockMinutes,
        t.time.now(),
      );
    });

    it('answers 423 on the wrong password that locks the pair', async () => {
      const t2 = newTestService({ LOGIN_LOCK_MINUTES: '30', LOGIN_MAX_FAILURES: '3' });
      t2.mocks.users.findStaffLogin.mockResolvedValue(account());
      t2.mocks.throttles.reserve.mockResolvedValue({ allowed: true });
      t2.mocks.hasher.verify.mockResolvedValue(false);
      t2.mocks.throttles.recordFailure.mockResolvedValue(t2.time.after(30 * MINUTE));

      const err = await rejection(t2.sut.login({ ...NORA, password: 'wrong password' }, LAPTOP));

      expect(err).toMatchObject({ code: 'account_locked', details: { retryAfterSeconds: 30 * 60 } });
      expect(t2.mocks.throttles.recordFailure).toHaveBeenCalledWith('u-nora', LAPTOP.ip, 3, 30, t2.time.now());
    });

    it('clears the pair on success and starts a password session stored only as the hash of its token', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(account());
      t.mocks.throttles.reserve.mockResolvedValue({ allowed: true });
      t.mocks.hasher.verify.mockResolvedValue(true);
      t.mocks.throttles.clear.mockResolvedValue(undefined);
      t.mocks.sessions.create.mockResolvedValue('s-1');
      t.mocks.users.findProfile.mockResolvedValue(profile());

      const signedIn = await t.sut.login(NORA, LAPTOP);

      expect(t.mocks.throttles.clear).toHaveBeenCalledWith('u-nora', LAPTOP.ip);
      const expiresAt = t.time.after(t.config.staffSessionHours * HOUR);
      expect(t.mocks.sessions.create).toHaveBeenCalledWith({
        userId: 'u-nora',
        organisationId: 'org-1',
        kind: 'password',
        tokenHash: sha256(signedIn.token),
        label: 'password',
        now: t.time.now(),
        expiresAt,
      });
      expect(signedIn.expiresAt).toEqual(expiresAt);
      expect(signedIn.csrf).not.toBe(signedIn.token);
      expect(signedIn.me).toEqual({
        user: { id: 'u-nora', displayName: 'Nora', email: 'nora@example.org', preferredLanguage: 'nl' },
        organisation: { id: 'org-1', name: 'Buurtwerk Noord' },
        role: Role.Trainer,
        sessionKind: 'password',
        instanceAdmin: false,
      });
    });

    it('refuses the staff of a suspended organisation with organisation_suspended and starts no session', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(account({ organisationSuspended: true }));
      t.mocks.throttles.reserve.mockResolvedValue({ allowed: true });
      t.mocks.hasher.verify.mockResolvedValue(true);

      const err = await rejection(t.sut.login(NORA, LAPTOP));

      expect(err).toMatchObject({ code: 'organisation_suspended' });
      expect(t.mocks.sessions.create).not.toHaveBeenCalled();
    });

    it('says nothing about suspension to someone with the wrong password', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(account({ organisationSuspended: true }));
      t.mocks.throttles.reserve.mockResolvedValue({ allowed: true });
      t.mocks.throttles.recordFailure.mockResolvedValue(null);
      t.mocks.hasher.verify.mockResolvedValue(false);

      expect(await rejection(t.sut.login(NORA, LAPTOP))).toMatchObject({ code: 'invalid_credentials' });
    });

    it('counts parallel attempts from one address before any of them is checked', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(null);
      // A slow hash: every attempt is in flight before the first one fails.
      t.mocks.hasher.burn.mockImplementation(() => new Promise((resolve) => setTimeout(resolve, 20)));
      const attacker = { ip: '203.0.113.8', userAgent: 'curl/8' };

      const answers = await Promise.all(Array.from({ length: 60 }, () => rejection(t.sut.login(NORA, attacker))));

      expect(answers.filter((e) => e.code === ErrorCode.InvalidCredentials)).toHaveLength(LOGIN_ATTEMPTS_PER_IP);
      expect(answers.filter((e) => e.code === ErrorCode.RateLimited)).toHaveLength(60 - LOGIN_ATTEMPTS_PER_IP);
      expect(t.mocks.hasher.burn).toHaveBeenCalledTimes(LOGIN_ATTEMPTS_PER_IP);
    });

    it('slows down one address after too many attempts, and only that address', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(null);
      t.mocks.hasher.burn.mockResolvedValue(undefined);
      const attacker = { ip: '203.0.113.7', userAgent: 'curl/8' };

      for (let i = 0; i < LOGIN_ATTEMPTS_PER_IP; i++) {
        expect(await rejection(t.sut.login(NORA, attacker))).toMatchObject({ code: ErrorCode.InvalidCredentials });
      }
      t.time.advance(5 * MINUTE);
      const err = await rejection(t.sut.login(NORA, attacker));

      expect(err).toMatchObject({
        code: 'rate_limited',
        details: { retryAfterSeconds: ATTEMPT_WINDOW_SECONDS - 5 * 60 },
      });
      expect(err.message).toBe('Too many failed attempts from this network. Try again in 10 minutes.');
      expect(t.mocks.users.findStaffLogin).toHaveBeenCalledTimes(LOGIN_ATTEMPTS_PER_IP);

      expect(await rejection(t.sut.login(NORA, LAPTOP))).toMatchObject({ code: 'invalid_credentials' });
    });

    it('does not count successful sign-ins: a whole office may sign in from one address', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(account());
      t.mocks.throttles.reserve.mockResolvedValue({ allowed: true });
      t.mocks.throttles.clear.mockResolvedValue(undefined);
      t.mocks.hasher.verify.mockResolvedValue(true);
      t.mocks.sessions.create.mockResolvedValue('s-1');
      t.mocks.users.findProfile.mockResolvedValue(profile());

      for (let i = 0; i < LOGIN_ATTEMPTS_PER_IP + 5; i++)
        expect((await t.sut.login(NORA, LAPTOP)).me.user.id).toBe('u-nora');
    });

    it('says "1 minute" when a minute or less is left', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(account());
      t.mocks.throttles.reserve.mockResolvedValue({ allowed: false, lockedUntil: t.time.after(45_000) });

      expect((await rejection(t.sut.login(NORA, LAPTOP))).message).toContain('locked for 1 minute more');
    });

    it('lets the address try again once the window has passed', async () => {
      t.mocks.users.findStaffLogin.mockResolvedValue(null);
      t.mocks.hasher.burn.mockResolvedValue(undefined);
      for (let i = 0; i <= LOGIN_ATTEMPTS_PER_IP; i++) await rejection(t.sut.login(NORA, LAPTOP));
      expect(await rejection(t.sut.login(NORA, LAPTOP))).toMatchObject({ code: ErrorCode.RateLimited });

      t.time.advance(ATTEMPT_WINDOW_SECONDS * 1000);

      expect(await rejection(t.sut.login(NORA, LAPTOP))).toMatchObject({ code: 'invalid_credentials' });
    });
  });

  describe('join', () => {
    const participantCode = {
      userId: 'u-amina',
      organisationId: 'org-1',
      role: Role.Participant,
      organisationSuspended: false,
    };

    function joinSucceeds() {
      t.mocks.joinCodes.findValid.mockResolvedValue(participantCode);
      t.mocks.sessions.create.mockResolvedValue('s-device');
      t.mocks.users.findProfile.mockResolvedValue(
        profile({ id: 'u-amina', displayName: 'Amina', email: null, role: Role.Participant }),
      );
    }

    it.each(['k7mq-4xtr', ' K7MQ 4XTR ', 'K7MQ4XTR'])('accepts the code typed as %j', async (typed) => {
      joinSucceeds();

      await t.sut.join({ code: typed }, { ip: '192.0.2.1', userAgent: ANDROID_PHONE });

      expect(t.mocks.joinCodes.findValid).toHaveBeenCalledWith(sha256('K7MQ4XTR'), t.time.now());
    });

    it('refuses a participant of a suspended organisation with 403 organisation_suspended', async () => {
      t.mocks.joinCodes.findValid.mockResolvedValue({ ...participantCode, organisationSuspended: true });

      const err = await rejection(t.sut.join({ code: 'AAAA-BBBB' }, { ip: '192.0.2.1', userAgent: ANDROID_PHONE }));

      expect(err).toMatchObject({ code: 'organisation_suspended' });
      expect(t.mocks.sessions.create).not.toHaveBeenCalled();
    });

    it('answers 404 invalid_join_code for an unknown code and starts no session', async () => {
      t.mocks.joinCodes.findValid.mockResolvedValue(null);

      const err = await rejection(t.sut.join({ code: 'AAAA-BBBB' }, { ip: '192.0.2.1', userAgent: ANDROID_PHONE }));

      expect(err).toMatchObject({ code: 'invalid_join_code' });
      expect(err.message).toContain('This code does not work');
      expect(t.mocks.sessions.create).not.toHaveBeenCalled();
    });

    it.each([Role.Admin, Role.Trainer])('refuses a code that belongs to a %s', async (role) => {
      t.mocks.joinCodes.findValid.mockResolvedValue({ ...participantCode, role });

      const err = await rejection(t.sut.join({ code: 'AAAA-BBBB' }, { ip: '192.0.2.1', userAgent: ANDROID_PHONE }));

      expect(err).toMatchObject({ code: 'invalid_join_code' });
      expect(t.mocks.sessions.create).not.toHaveBeenCalled();
    });

    it('starts a device session lasting deviceTokenDays, named after the phone when no label is given', async () => {
      joinSucceeds();

      const signedIn = await t.sut.join({ code: 'K7MQ-4XTR' }, { ip: '192.0.2.1', userAgent: ANDROID_PHONE });

      const expiresAt = t.time.after(t.config.deviceTokenDays * DAY);
      expect(t.mocks.sessions.create).toHaveBeenCalledWith({
        userId: 'u-amina',
        organisationId: 'org-1',
        kind: 'device',
        tokenHash: sha256(signedIn.token),
        label: 'Android phone',
        now: t.time.now(),
        expiresAt,
      });
      expect(signedIn.expiresAt).toEqual(expiresAt);
      expect(signedIn.me).toMatchObject({ role: Role.Participant, sessionKind: 'device' });
    });

    it.each([
      ["  Amina's phone  ", "Amina's phone"],
      ['   ', 'Android phone'],
      ['x'.repeat(120), 'x'.repeat(80)],
    ])('labels the device %j as %j', async (given, stored) => {
      joinSucceeds();

      await t.sut.join({ code: 'K7MQ-4XTR', deviceLabel: given }, { ip: '192.0.2.1', userAgent: ANDROID_PHONE });

      expect(t.mocks.sessions.create).toHaveBeenCalledWith(expect.objectContaining({ label: stored }));
    });

    it('slows down one address trying too many codes', async () => {
      t.mocks.joinCodes.findValid.mockResolvedValue(null);
      for (let i = 0; i < JOIN_ATTEMPTS_PER_IP; i++)
        await rejection(t.sut.join({ code: 'AAAA-BBBB' }, { ip: '192.0.2.9', userAgent: '' }));

      const err = await rejection(t.sut.join({ code: 'AAAA-BBBB' }, { ip: '192.0.2.9', userAgent: '' }));

      expect(err).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: ATTEMPT_WINDOW_SECONDS } });
      expect(t.mocks.joinCodes.findValid).toHaveBeenCalledTimes(JOIN_ATTEMPTS_PER_IP);
    });

    it('counts parallel codes from one address before any of them is looked up', async () => {
      t.mocks.joinCodes.findValid.mockImplementation(
        () => new Promise((resolve) => setTimeout(() => resolve(null), 20)),
      );

      const answers = await Promise.all(
        Array.from({ length: 60 }, () =>
          rejection(t.sut.join({ code: 'AAAA-BBBB' }, { ip: '192.0.2.10', userAgent: '' })),
        ),
      );

      expect(answers.filter((e) => e.code === ErrorCode.InvalidJoinCode)).toHaveLength(JOIN_ATTEMPTS_PER_IP);
      expect(t.mocks.joinCodes.findValid).toHaveBeenCalledTimes(JOIN_ATTEMPTS_PER_IP);
    });
  });

  describe('resolve', () => {
    function session(overrides: Partial<ActiveSession> = {}): ActiveSession {
      return {
        sessionId: 's-1',
        kind: 'device',
        userId: 'u-amina',
        organisationId: 'org-1',
        role: Role.Participant,
        lastSeenAt: t.time.now(),
        ...overrides,
      };
    }

    it('returns null for a token it does not know', async () => {
      t.mocks.sessions.findActive.mockResolvedValue(null);

      expect(await t.sut.resolve('unknown-token')).toBeNull();
      expect(t.mocks.sessions.findActive).toHaveBeenCalledWith(sha256('unknown-token'), t.time.now());
    });

    it('returns who is signed in without writing when the session was seen within the last minute', async () => {
      t.mocks.sessions.findActive.mockResolvedValue(session({ lastSeenAt: t.time.after(-60_000) }));

      expect(await t.sut.resolve('token')).toEqual({
        userId: 'u-amina',
        organisationId: 'org-1',
        role: Role.Participant,
        sessionId: 's-1',
        sessionKind: 'device',
      });
      expect(t.mocks.sessions.touch).not.toHaveBeenCalled();
    });

    it('pushes a device session forward when it was last seen over a minute ago', async () => {
      t.mocks.sessions.findActive.mockResolvedValue(session({ lastSeenAt: t.time.after(-60_001) }));
      t.mocks.sessions.touch.mockResolvedValue(undefined);

      await t.sut.resolve('token');

      expect(t.mocks.sessions.touch).toHaveBeenCalledWith(
        's-1',
        t.time.now(),
        t.time.after(t.config.deviceTokenDays * DAY),
      );
    });

    it('pushes a staff session forward by staffSessionHours', async () => {
      t.mocks.sessions.findActive.mockResolvedValue(
        session({ kind: 'password', role: Role.Admin, lastSeenAt: t.time.after(-2 * HOUR) }),
      );
      t.mocks.sessions.touch.mockResolvedValue(undefined);

      await t.sut.resolve('token');

      expect(t.mocks.sessions.touch).toHaveBeenCalledWith(
        's-1',
        t.time.now(),
        t.time.after(t.config.staffSessionHours * HOUR),
      );
    });
  });

  describe('explainRejected', () => {
    it('tells a signed-in person that their organisation was suspended', async () => {
      t.mocks.sessions.ofSuspendedOrganisation.mockResolvedValue(true);

      const err = await t.sut.explainRejected('live-token');

      expect(err).toMatchObject({ code: 'organisation_suspended' });
      expect(t.mocks.sessions.ofSuspendedOrganisation).toHaveBeenCalledWith(sha256('live-token'), t.time.now());
    });

    it('tells a person whose session ended that they were signed out on this device', async () => {
      t.mocks.sessions.ofSuspendedOrganisation.mockResolvedValue(false);
      t.mocks.sessions.existsInactive.mockResolvedValue(true);

      const err = await t.sut.explainRejected('old-token');

      expect(err).toMatchObject({ code: 'unauthenticated' });
      expect(err.message).toContain('signed out on this device');
      expect(t.mocks.sessions.existsInactive).toHaveBeenCalledWith(sha256('old-token'));
    });

    it('just asks to sign in for a token that never existed', async () => {
      t.mocks.sessions.ofSuspendedOrganisation.mockResolvedValue(false);
      t.mocks.sessions.existsInactive.mockResolvedValue(false);

      const err = await t.sut.explainRejected('made-up');

      expect(err).toMatchObject({ code: 'unauthenticated', message: 'Sign in to continue.' });
    });
  });

  describe('acceptInvitation', () => {
    const invitation: OpenInvitation = {
      id: 'inv-1',
      organisationId: 'org-2',
      organisationName: 'Atelier Zuid',
      email: 'sam@example.org',
      role: Role.Trainer,
      expiresAt: new Date('2025-03-15T09:00:00.000Z'),
    };
    const dto = { displayName: '  Sam  ', password: 'a long passphrase' };

    it('answers 404 invitation_invalid for a used, expired or unknown link', async () => {
      t.mocks.invitations.findOpen.mockResolvedValue(null);

      const err = await rejection(t.sut.acceptInvitation('link-token', dto, 'fr'));

      expect(err).toMatchObject({ code: 'invitation_invalid' });
      expect(t.mocks.invitations.findOpen).toHaveBeenCalledWith(sha256('link-token'), t.time.now());
      expect(t.mocks.hasher.hash).not.toHaveBeenCalled();
    });

    it('answers 409 email_taken when the invited address already has an account, creating nothing', async () => {
      t.mocks.invitations.findOpen.mockResolvedValue(invitation);
      t.mocks.users.emailTaken.mockResolvedValue(true);

      const err = await rejection(t.sut.acceptInvitation('link-token', dto, 'fr'));

      expect(err).toMatchObject({ code: 'email_taken' });
      expect(err.message).toContain('sam@example.org');
      expect(t.mocks.invitations.accept).not.toHaveBeenCalled();
    });

    it('answers 404 when someone else used the link in the meantime', async () => {
      t.mocks.invitations.findOpen.mockResolvedValue(invitation);
      t.mocks.users.emailTaken.mockResolvedValue(false);
      t.mocks.hasher.hash.mockResolvedValue('$argon2id$new');
      t.mocks.invitations.accept.mockResolvedValue(null);

      const err = await rejection(t.sut.acceptInvitation('link-token', dto, 'fr'));

      expect(err).toMatchObject({ code: 'invitation_invalid' });
      expect(t.mocks.sessions.create).not.toHaveBeenCalled();
    });

    it('creates the account with the hashed password and signs it into the inviting organisation', async () => {
      t.mocks.invitations.findOpen.mockResolvedValue(invitation);
      t.mocks.users.emailTaken.mockResolvedValue(false);
      t.mocks.hasher.hash.mockResolvedValue('$argon2id$new');
      t.mocks.invitations.accept.mockResolvedValue('u-sam');
      t.mocks.sessions.create.mockResolvedValue('s-1');
      t.mocks.users.findProfile.mockResolvedValue(profile({ id: 'u-sam', organisationId: 'org-2' }));

      const signedIn = await t.sut.acceptInvitation('link-token', dto, 'fr');

      expect(t.mocks.hasher.hash).toHaveBeenCalledWith('a long passphrase');
      expect(t.mocks.invitations.accept).toHaveBeenCalledWith({
        invitationId: 'inv-1',
        now: t.time.now(),
        displayName: 'Sam',
        passwordHash: '$argon2id$new',
        language: 'fr',
      });
      expect(t.mocks.sessions.create).toHaveBeenCalledWith(
        expect.objectContaining({
          userId: 'u-sam',
          organisationId: 'org-2',
          kind: 'password',
          tokenHash: sha256(signedIn.token),
        }),
      );
      expect(t.mocks.users.findProfile).toHaveBeenCalledWith('u-sam', 'org-2');
    });
  });

  describe('previewInvitation', () => {
    it('shows the organisation, address and role of an open invitation', async () => {
      t.mocks.invitations.findOpen.mockResolvedValue({
        id: 'inv-1',
        organisationId: 'org-2',
        organisationName: 'Atelier Zuid',
        email: 'sam@example.org',
        role: Role.Admin,
        expiresAt: new Date('2025-03-15T09:00:00.000Z'),
      });

      expect(await t.sut.previewInvitation('link-token')).toEqual({
        organisationName: 'Atelier Zuid',
        email: 'sam@example.org',
        role: Role.Admin,
        expiresAt: '2025-03-15T09:00:00.000Z',
      });
    });

    it('answers 404 invitation_invalid for a link that is no longer open', async () => {
      t.mocks.invitations.findOpen.mockResolvedValue(null);

      expect(await rejection(t.sut.previewInvitation('link-token'))).toMatchObject({ code: 'invitation_invalid' });
    });
  });

  describe('logout and me', () => {
    const who = {
      userId: 'u-nora',
      organisationId: 'org-1',
      role: Role.Trainer,
      sessionId: 's-9',
      sessionKind: 'password' as const,
    };

    it('revokes the current session at the current time', async () => {
      t.mocks.sessions.revoke.mockResolvedValue(undefined);

      await t.sut.logout(who);

      expect(t.mocks.sessions.revoke).toHaveBeenCalledWith('s-9', t.time.now());
      expect(t.revoked).toHaveBeenCalledTimes(1); // the open sockets are re-checked at once
    });

    it('answers 401 when the person is no longer a member of the organisation', async () => {
      t.mocks.users.findProfile.mockResolvedValue(null);

      expect(await rejection(t.sut.me(who))).toMatchObject({ code: 'unauthenticated' });
    });

    it('stores a trimmed display name and the chosen language', async () => {
      t.mocks.users.updateProfile.mockResolvedValue(undefined);
      t.mocks.users.findProfile.mockResolvedValue(profile({ displayName: 'Nora B.', preferredLanguage: 'ar' }));

      const me = await t.sut.updateMe(who, { displayName: '  Nora B. ', preferredLanguage: 'ar' });

      expect(t.mocks.users.updateProfile).toHaveBeenCalledWith('u-nora', {
        displayName: 'Nora B.',
        preferredLanguage: 'ar',
      });
      expect(me.user).toMatchObject({ displayName: 'Nora B.', preferredLanguage: 'ar' });
    });
  });
});

describe(describeDevice.name, () => {
  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 'iPhone'],
    ['Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15', 'iPad'],
    [ANDROID_PHONE, 'Android phone'],
    ['Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Chrome/126.0 Safari/537.36', 'Android tablet'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/127.0', 'Windows computer'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15', 'Mac'],
    ['Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0', 'Linux computer'],
    ['', 'Device'],
  ])('names %j a %j', (userAgent, label) => {
    expect(describeDevice(userAgent)).toBe(label);
  });
});
