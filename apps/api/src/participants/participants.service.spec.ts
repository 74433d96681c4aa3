import { JOIN_CODE_ALPHABET, Role, type Participant } from '@atelier/contracts';
import { SessionRevocations } from '../auth/session-revocations.js';
import { describe, expect, it, jest } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, DAY, fixedClock, rejection, staff, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { type JoinCodeRepository } from '../auth/join-code.repository.js';
import { type UserRepository } from '../auth/user.repository.js';
import { type Clock } from '../common/clock.js';
import { sha256 } from '../common/secrets.js';
import { type ParticipantRepository } from './participant.repository.js';
import { ParticipantsService } from './participants.service.js';

function newTestService() {
  const config = testConfig({ JOIN_CODE_DAYS: '10' });
  const time = fixedClock();
  const mocks = {
    participants: strictMock<ParticipantRepository>('participants'),
    joinCodes: strictMock<JoinCodeRepository>('joinCodes'),
    users: strictMock<UserRepository>('users'),
    clock: time.clock,
  };
  const revocations = new SessionRevocations();
  const revoked = jest.spyOn(revocations, 'revoked');
  const sut = new ParticipantsService(
    config,
    as<ParticipantRepository>(mocks.participants),
    as<JoinCodeRepository>(mocks.joinCodes),
    as<UserRepository>(mocks.users),
    as<Clock>(mocks.clock),
    revocations,
  );
  return { sut, mocks, config, time, revoked };
}

const trainer = staff({ userId: 'u-trainer', organisationId: 'org-1', role: Role.Trainer });

const amina: Participant = {
  id: 'u-amina',
  displayName: 'Amina',
  preferredLanguage: 'ar',
  phone: null,
  email: null,
  createdAt: '2025-03-10T09:00:00.000Z',
  activeDevices: 0,
};

const codeChar = `[${JOIN_CODE_ALPHABET}]`;
const FORMATTED_CODE = new RegExp(`^${codeChar}{4}-${codeChar}{4}$`);

describe(ParticipantsService.name, () => {
  describe('create', () => {
    it('refuses an e-mail someone already uses with 409 email_taken and creates nobody', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.emailTaken.mockResolvedValue(true);

      const err = await rejection(
        sut.create(trainer, { displayName: 'Amina', preferredLanguage: 'ar', email: '  Amina@Example.ORG ' }),
      );

      expect(err).toMatchObject({ code: 'email_taken' });
      expect(err.message).toContain('amina@example.org');
      expect(mocks.users.emailTaken).toHaveBeenCalledWith('amina@example.org');
      expect(mocks.participants.create).not.toHaveBeenCalled();
      expect(mocks.joinCodes.replace).not.toHaveBeenCalled();
    });

    it('creates the participant and hands back a readable code and link valid for joinCodeDays', async () => {
      const { sut, mocks, config, time } = newTestService();
      mocks.participants.create.mockResolvedValue('u-amina');
      mocks.joinCodes.replace.mockResolvedValue(undefined);
      mocks.participants.findInOrganisation.mockResolvedValue(amina);

      const result = await sut.create(trainer, {
        displayName: '  Amina ',
        preferredLanguage: 'ar',
        phone: '   ',
        email: '',
      });

      expect(mocks.participants.create).toHaveBeenCalledWith({
        organisationId: 'org-1',
        displayName: 'Amina',
        preferredLanguage: 'ar',
        phone: null,
        email: null,
      });
      expect(result.participant).toEqual(amina);
      const { code, joinUrl, expiresAt } = result.joinCode;
      expect(code).toMatch(FORMATTED_CODE);
      const raw = code.replace('-', '');
      expect(joinUrl).toBe(`${config.publicUrl}/join?code=${raw}`);
      expect(joinUrl).toBe(`https://atelier.example.org/join?code=${raw}`);
      const expiry = time.after(10 * DAY);
      expect(expiresAt).toBe(expiry.toISOString());
      expect(mocks.joinCodes.replace).toHaveBeenCalledWith({
        userId: 'u-amina',
        organisationId: 'org-1',
        codeHash: sha256(raw),
        createdBy: 'u-trainer',
        now: time.now(),
        expiresAt: expiry,
      });
    });

    it('keeps a free e-mail (lower-cased) and a trimmed phone number', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.emailTaken.mockResolvedValue(false);
      mocks.participants.create.mockResolvedValue('u-amina');
      mocks.joinCodes.replace.mockResolvedValue(undefined);
      mocks.participants.findInOrganisation.mockResolvedValue(amina);

      await sut.create(trainer, {
        displayName: 'Amina',
        preferredLanguage: 'ar',
        phone: ' +32 470 12 34 56 ',
        email: 'Amina@Example.org',
      });

      expect(mocks.participants.create).toHaveBeenCalledWith(
        expect.objectContaining({ phone: '+32 470 12 34 56', email: 'amina@example.org' }),
      );
    });
  });

  describe('a participant of another organisation', () => {
    it('is not found by get', async () => {
      const { sut, mocks } = newTestService();
      mocks.participants.findInOrganisation.mockResolvedValue(null);

      const err = await rejection(sut.get(trainer, 'u-elsewhere'));

      expect(err).toMatchObject({ code: 'not_found', message: 'This participant was not found.' });
      expect(mocks.participants.findInOrganisation).toHaveBeenCalledWith('org-1', 'u-elsewhere');
    });

    it('has no devices to list', async () => {
      const { sut, mocks } = newTestService();
      mocks.participants.findInOrganisation.mockResolvedValue(null);

      expect(await rejection(sut.devices(trainer, 'u-elsewhere'))).toMatchObject({ code: 'not_found' });
      expect(mocks.participants.devices).not.toHaveBeenCalled();
    });

    it('has no device to revoke, and nothing is revoked', async () => {
      const { sut, mocks } = newTestService();
      mocks.participants.findInOrganisation.mockResolvedValue(null);

      expect(await rejection(sut.revokeDevice(trainer, 'u-elsewhere', 's-1'))).toMatchObject({ code: 'not_found' });
      expect(mocks.participants.revokeDevice).not.toHaveBeenCalled();
    });

    it('gets no new join code', async () => {
      const { sut, mocks } = newTestService();
      mocks.participants.findInOrganisation.mockResolvedValue(null);

      expect(await rejection(sut.newJoinCode(trainer, 'u-elsewhere'))).toMatchObject({ code: 'not_found' });
      expect(mocks.joinCodes.replace).not.toHaveBeenCalled();
    });
  });

  describe('revokeDevice', () => {
    it('answers 404 for a device that is not this participant’s', async () => {
      const { sut, mocks, time, revoked } = newTestService();
      mocks.participants.findInOrganisation.mockResolvedValue(amina);
      mocks.participants.revokeDevice.mockResolvedValue(false);

      const err = await rejection(sut.revokeDevice(trainer, 'u-amina', 's-other'));

      expect(err).toMatchObject({ code: 'not_found', message: 'This device was not found.' });
      expect(mocks.participants.revokeDevice).toHaveBeenCalledWith('org-1', 'u-amina', 's-other', time.now());
      expect(revoked).not.toHaveBeenCalled();
    });

    it('signs the device out at the current time, and its open sockets are re-checked at once', async () => {
      const { sut, mocks, time, revoked } = newTestService();
      mocks.participants.findInOrganisation.mockResolvedValue(amina);
      mocks.participants.revokeDevice.mockResolvedValue(true);

      await sut.revokeDevice(trainer, 'u-amina', 's-phone');

      expect(mocks.participants.revokeDevice).toHaveBeenCalledWith('org-1', 'u-amina', 's-phone', time.now());
      expect(revoked).toHaveBeenCalledTimes(1);
    });
  });

  describe('newJoinCode', () => {
    it('replaces the participant’s codes with a fresh one', async () => {
      const { sut, mocks, time } = newTestService();
      mocks.participants.findInOrganisation.mockResolvedValue(amina);
      mocks.joinCodes.replace.mockResolvedValue(undefined);

      const first = await sut.newJoinCode(trainer, 'u-amina');
      const second = await sut.newJoinCode(trainer, 'u-amina');

      expect(second.code).not.toBe(first.code);
      expect(mocks.joinCodes.replace).toHaveBeenLastCalledWith(
        expect.objectContaining({ userId: 'u-amina', codeHash: sha256(second.code.replace('-', '')), now: time.now() }),
      );
    });
  });
});
