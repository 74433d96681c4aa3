import { Role } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InvitationRepository } from '../../apps/api/src/auth/invitation.repository.js';
import { JoinCodeRepository } from '../../apps/api/src/auth/join-code.repository.js';
import { LoginThrottleRepository } from '../../apps/api/src/auth/login-throttle.repository.js';
import { SessionRepository } from '../../apps/api/src/auth/session.repository.js';
import { UserRepository } from '../../apps/api/src/auth/user.repository.js';
import { sha256, newToken } from '../../apps/api/src/common/secrets.js';
import { OrganisationRepository } from '../../apps/api/src/organisations/organisation.repository.js';
import { ParticipantRepository } from '../../apps/api/src/participants/participant.repository.js';
import { factory } from '../support/factory.js';

let db: DataSource;
let make: ReturnType<typeof factory>;
const hour = 3_600_000;

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  make = factory(db);
});
afterAll(async () => {
  await db.destroy();
});

describe('UserRepository against PostgreSQL', () => {
  it('does not offer a participant (no password) as a staff login', async () => {
    const org = await make.organisation();
    await make.member(org.id, Role.Participant, { email: 'amina-no-password@test.local' });
    expect(await new UserRepository(db).findStaffLogin('amina-no-password@test.local')).toBeNull();
  });
});

describe('LoginThrottleRepository against PostgreSQL', () => {
  const minute = 60_000;

  it('lets exactly the limit of 40 parallel attempts through, and locks the pair once they all failed', async () => {
    const org = await make.organisation();
    const trainer = await make.member(org.id, Role.Trainer, { passwordHash: 'x' });
    const throttles = new LoginThrottleRepository(db);
    const now = new Date();

    const permits = await Promise.all(
      Array.from({ length: 40 }, () => throttles.reserve(trainer.id, '203.0.113.9', 5, now)),
    );

    expect(permits.filter((p) => p.allowed)).toHaveLength(5);
    const ends = await Promise.all(
      Array.from({ length: 5 }, () => throttles.recordFailure(trainer.id, '203.0.113.9', 5, 15, now)),
    );
    // One lock, started once (not pushed further by each failure that raced it).
    expect(ends.map((e) => e && e.getTime() - now.getTime())).toEqual(Array(5).fill(15 * minute));
    expect(await throttles.reserve(trainer.id, '203.0.113.9', 5, new Date(now.getTime() + 14 * minute))).toEqual({
      allowed: false,
      lockedUntil: new Date(now.getTime() + 15 * minute),
    });
    // Another address (the owner's) is not locked out by the stranger's attempts.
    expect(await throttles.reserve(trainer.id, '198.51.100.1', 5, now)).toEqual({ allowed: true });
  });

  it('doubles each new lock of the same pair, starts a new round when a lock ran out, and forgets all on clear', async () => {
    const org = await make.organisation();
    const trainer = await make.member(org.id, Role.Trainer, { passwordHash: 'x' });
    const throttles = new LoginThrottleRepository(db);
    let now = new Date();
    const lockAfterThreeFailures = async (): Promise<number> => {
      let end: Date | null = null;
      for (let i = 0; i < 3; i++) {
        expect(await throttles.reserve(trainer.id, '203.0.113.10', 3, now)).toEqual({ allowed: true });
        end = await throttles.recordFailure(trainer.id, '203.0.113.10', 3, 10, now);
      }
      return (end!.getTime() - now.getTime()) / minute;
    };

    expect(await lockAfterThreeFailures()).toBe(10);
    now = new Date(now.getTime() + 11 * minute);
    expect(await lockAfterThreeFailures()).toBe(20);
    now = new Date(now.getTime() + 21 * minute);
    expect(await lockAfterThreeFailures()).toBe(40);

    await throttles.clearAccount(trainer.id);
    expect(await throttles.reserve(trainer.id, '203.0.113.10', 3, now)).toEqual({ allowed: true });
  });
});

describe('SessionRepository against PostgreSQL', () => {
  it('finds a live session and stops finding it once expired, revoked, or its person left', async () => {
    const org = await make.organisation();
    const p = await make.member(org.id, Role.Participant);
    const sessions = new SessionRepository(db);
    const now = new Date();
    const tokens = [newToken(), newToken(), newToken()];
    const ids = [];
    for (const t of tokens) {
      ids.push(
        await sessions.create({
          userId: p.id,
          organisationId: org.id,
          kind: 'device',
          tokenHash: sha256(t),
          label: 'phone',
          now,
          expiresAt: new Date(now.getTime() + hour),
        }),
      );
    }
    expect(await sessions.findActive(sha256(tokens[0]!), now)).toMatchObject({
      userId: p.id,
      organisationId: org.id,
      role: Role.Participant,
      kind: 'device',
    });
    // expired: the same token an hour and a second later
    expect(await sessions.findActive(sha256(tokens[0]!), new Date(now.getTime() + hour + 1000))).toBeNull();
    // revoked
    await sessions.revoke(ids[1]!, now);
    expect(await sessions.findActive(sha256(tokens[1]!), now)).toBeNull();
    expect(await sessions.existsInactive(sha256(tokens[1]!))).toBe(true);
    expect(await sessions.existsInactive(sha256(newToken()))).toBe(false);
    // membership removed
    await db.query(`DELETE FROM memberships WHERE user_id = $1`, [p.id]);
    expect(await sessions.findActive(sha256(tokens[2]!), now)).toBeNull();
  });
});

describe('ParticipantRepository against PostgreSQL', () => {
  it('never shows or signs out a participant of another organisation', async () => {
    const mine = await make.organisation();
    const theirs = await make.organisation();
    const amina = await make.member(theirs.id, Role.Participant, { name: 'Amina' });
    const sessions = new SessionRepository(db);
    const now = new Date();
    const device = await sessions.create({
      userId: amina.id,
      organisationId: theirs.id,
      kind: 'device',
      tokenHash: sha256(newToken()),
      label: 'phone',
      now,
      expiresAt: new Date(now.getTime() + hour),
    });
    const participants = new ParticipantRepository(db);
    expect(await participants.findInOrganisation(mine.id, amina.id)).toBeNull();
    expect(await participants.listForOrganisation(mine.id)).toEqual([]);
    expect(await participants.devices(mine.id, amina.id)).toEqual([]);
    expect(await participants.revokeDevice(mine.id, amina.id, device, now)).toBe(false);
    expect((await participants.findInOrganisation(theirs.id, amina.id))?.activeDevices).toBe(1);
    expect(await participants.revokeDevice(theirs.id, amina.id, device, now)).toBe(true);
    expect((await participants.findInOrganisation(theirs.id, amina.id))?.activeDevices).toBe(0);
  });

  it('creates a participant without any e-mail', async () => {
    const org = await make.organisation();
    const id = await new ParticipantRepository(db).create({
      organisationId: org.id,
      displayName: 'Dawit',
      preferredLanguage: 'en',
      phone: null,
      email: null,
    });
    expect(await new ParticipantRepository(db).findInOrganisation(org.id, id)).toMatchObject({
      displayName: 'Dawit',
      email: null,
      preferredLanguage: 'en',
      activeDevices: 0,
    });
  });
});

describe('JoinCodeRepository against PostgreSQL', () => {
  it('a new code makes the earlier one stop working', async () => {
    const org = await make.organisation();
    const admin = await make.member(org.id, Role.Admin);
    const p = await make.member(org.id, Role.Participant);
    const codes = new JoinCodeRepository(db);
    const now = new Date();
    const later = new Date(now.getTime() + hour);
    await codes.replace({
      userId: p.id,
      organisationId: org.id,
      codeHash: sha256('FIRSTONE'),
      createdBy: admin.id,
      now,
      expiresAt: later,
    });
    expect(await codes.findValid(sha256('FIRSTONE'), now)).toMatchObject({ userId: p.id, role: Role.Participant });
    await codes.replace({
      userId: p.id,
      organisationId: org.id,
      codeHash: sha256('SECONDON'),
      createdBy: admin.id,
      now,
      expiresAt: later,
    });
    expect(await codes.findValid(sha256('FIRSTONE'), now)).toBeNull();
    expect(await codes.findValid(sha256('SECONDON'), now)).not.toBeNull();
    expect(await codes.findValid(sha256('SECONDON'), new Date(later.getTime() + 1))).toBeNull();
  });
});

describe('InvitationRepository against PostgreSQL', () => {
  it('lets an invitation be accepted once, even when clicked twice at the same time', async () => {
    const org = await make.organisation();
    const admin = await make.member(org.id, Role.Admin);
    const invitations = new InvitationRepository(db);
    const email = `new-${Date.now()}@test.local`;
    const inv = await invitations.create({
      organisationId: org.id,
      email,
      role: Role.Trainer,
      tokenHash: sha256(newToken()),
      invitedBy: admin.id,
      expiresAt: new Date(Date.now() + hour),
    });
    const attempt = () =>
      invitations.accept({
        invitationId: inv.id,
        now: new Date(),
        displayName: 'New trainer',
        passwordHash: 'hash',
        language: 'nl',
      });
    const results = await Promise.allSettled([attempt(), attempt()]);
    const userIds = results
      .filter((r) => r.status === 'fulfilled' && r.value)
      .map((r) => (r as PromiseFulfilledResult<string>).value);
    expect(userIds).toHaveLength(1);
    expect(await new OrganisationRepository(db).roleOf(org.id, userIds[0]!)).toBe(Role.Trainer);
  });
});

describe('OrganisationRepository against PostgreSQL', () => {
  it('never leaves an organisation without an admin, even when both admins are demoted at once', async () => {
    const org = await make.organisation();
    const a = await make.member(org.id, Role.Admin);
    const b = await make.member(org.id, Role.Admin);
    const orgs = new OrganisationRepository(db);
    const results = await Promise.all([
      orgs.changeStaffRole(org.id, a.id, Role.Trainer),
      orgs.changeStaffRole(org.id, b.id, Role.Trainer),
    ]);
    expect(results.sort()).toEqual([false, true]);
    const admins = (await orgs.staff(org.id)).filter((m) => m.role === Role.Admin);
    expect(admins).toHaveLength(1);
    expect(await orgs.removeStaff(org.id, admins[0]!.userId, new Date())).toBe(false);
  });
});
