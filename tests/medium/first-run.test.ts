import { Role } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sha256 } from '../../apps/api/src/common/secrets.js';
import { DemoDataRepository } from '../../apps/api/src/setup/demo-data.repository.js';
import { OrganisationSetupRepository } from '../../apps/api/src/setup/organisation-setup.repository.js';
import { StaffAccountsRepository } from '../../apps/api/src/setup/staff-accounts.repository.js';
import { factory } from '../support/factory.js';

let db: DataSource;
let make: ReturnType<typeof factory>;

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  make = factory(db);
});
afterAll(async () => {
  await db.destroy();
});

async function demoPerson(organisationId: string, role: Role, createdBy?: string): Promise<string> {
  const m = await make.member(
    organisationId,
    role,
    role === Role.Participant ? {} : { email: `demo-${randomUUID().slice(0, 8)}@atelier.local`, passwordHash: 'x' },
  );
  await db.query(`UPDATE users SET demo = true WHERE id = $1`, [m.id]);
  if (createdBy) await joinCode(organisationId, m.id, createdBy);
  return m.id;
}

async function joinCode(organisationId: string, userId: string, createdBy: string): Promise<void> {
  await db.query(
    `INSERT INTO join_codes (organisation_id, user_id, code_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, now() + interval '1 day')`,
    [organisationId, userId, sha256(randomUUID()), createdBy],
  );
}

async function memberIds(organisationId: string): Promise<string[]> {
  const rows: Array<{ user_id: string }> = await db.query(
    `SELECT user_id FROM memberships WHERE organisation_id = $1 ORDER BY user_id`,
    [organisationId],
  );
  return rows.map((r) => r.user_id);
}

describe('DemoDataRepository against PostgreSQL', () => {
  it('removes the demo people, keeps the admin doing it (no longer demo) and everyone real', async () => {
    const org = await make.organisation();
    const demoAdmin = await demoPerson(org.id, Role.Admin);
    const demoTrainer = await demoPerson(org.id, Role.Trainer);
    const amina = await demoPerson(org.id, Role.Participant, demoAdmin);
    const joseph = await demoPerson(org.id, Role.Participant, demoAdmin);
    const real = await make.member(org.id, Role.Participant);
    await joinCode(org.id, real.id, demoAdmin);
    const repo = new DemoDataRepository(db);

    expect(await repo.count(org.id, demoAdmin)).toBe(3);
    expect(await repo.remove(org.id, demoAdmin, new Date())).toBe(3);
    expect(await memberIds(org.id)).toEqual([demoAdmin, real.id].sort());
    const left: Array<{ id: string; demo: boolean }> = await db.query(`SELECT id, demo FROM users WHERE id = ANY($1)`, [
      [demoAdmin, demoTrainer, amina, joseph],
    ]);
    expect(left).toEqual([{ id: demoAdmin, demo: false }]);
    expect(await repo.count(org.id, demoAdmin)).toBe(0);
  });

  it("takes a demo admin out even when a real participant's code still names them as its maker", async () => {
    const org = await make.organisation();
    const demoAdmin = await demoPerson(org.id, Role.Admin);
    const realAdmin = await make.member(org.id, Role.Admin, {
      email: `real-${randomUUID().slice(0, 8)}@example.org`,
      passwordHash: 'x',
    });
    const real = await make.member(org.id, Role.Participant);
    await joinCode(org.id, real.id, demoAdmin);
    const repo = new DemoDataRepository(db);

    expect(await repo.remove(org.id, realAdmin.id, new Date())).toBe(1);
    expect(await memberIds(org.id)).toEqual([realAdmin.id, real.id].sort());
    // The account stays (the code points at it) but belongs to no organisation any more.
    expect(await db.query(`SELECT count(*)::int AS n FROM users WHERE id = $1`, [demoAdmin])).toEqual([{ n: 1 }]);
  });
});

describe('OrganisationSetupRepository and StaffAccountsRepository against PostgreSQL', () => {
  it('lets a setup link create exactly one organisation, and only while none exists', async () => {
    const repo = new OrganisationSetupRepository(db);
    const count = await repo.organisationCount();
    // The shared medium database already has organisations: a setup token cannot be used here.
    expect(count).toBeGreaterThan(0);
    await repo.addSetupToken(sha256('t1'));
    const slug = `never-${randomUUID().slice(0, 8)}`;
    const admin = {
      displayName: 'X',
      email: `${slug}@example.org`,
      passwordHash: 'x',
      instanceAdmin: true,
    };
    expect(
      await repo.create({ name: 'Never', slug, languages: ['fr'], defaultLanguage: 'fr', admin }, sha256('t1')),
    ).toBeNull();
    expect(await repo.slugTaken(slug)).toBe(false);
    expect(await repo.setupTokenExists(sha256('t1'))).toBe(true); // a refused attempt uses nothing up
    // Without a token (the admin command line) it creates the organisation with its admin.
    const made = await repo.create({
      name: 'Atelier Gent',
      slug,
      languages: ['nl', 'fr'],
      defaultLanguage: 'nl',
      admin,
    });
    expect(made).not.toBeNull();
    expect(
      await db.query(`SELECT default_language, languages FROM organisations WHERE id = $1`, [made!.organisationId]),
    ).toEqual([{ default_language: 'nl', languages: ['nl', 'fr'] }]);
    expect(await db.query(`SELECT is_instance_admin FROM users WHERE id = $1`, [made!.userId])).toEqual([
      { is_instance_admin: true },
    ]);
    expect((await repo.list()).find((o) => o.slug === slug)).toMatchObject({
      name: 'Atelier Gent',
      members: 1,
      suspended: false,
    });
  });

  it("counts an organisation's former address as taken, and derives the address when none is given", async () => {
    const repo = new OrganisationSetupRepository(db);
    const org = await make.organisation();
    const former = `former-${randomUUID().slice(0, 8)}`;
    await db.query(`INSERT INTO organisation_previous_slugs (slug, organisation_id) VALUES ($1, $2)`, [former, org.id]);
    expect(await repo.slugTaken(former)).toBe(true);

    const email = `derived-${randomUUID().slice(0, 8)}@example.org`;
    const made = await repo.create({
      name: 'Atelier Derived Name',
      slug: null,
      languages: ['fr'],
      defaultLanguage: 'fr',
      admin: { displayName: 'Y', email, passwordHash: null, instanceAdmin: false },
    });
    const [row] = (await db.query(
      `SELECT o.slug, u.password_hash FROM organisations o JOIN memberships m ON m.organisation_id = o.id
         JOIN users u ON u.id = m.user_id WHERE o.id = $1`,
      [made!.organisationId],
    )) as Array<{ slug: string; password_hash: string | null }>;
    expect(row!.slug).toMatch(/^atelier-derived-name/);
    expect(row!.password_hash).toBeNull();
  });

  it('replaces a password, clears the lockout and ends every session of that account', async () => {
    const org = await make.organisation();
    const email = `locked-${randomUUID().slice(0, 8)}@example.org`;
    const staff = await make.member(org.id, Role.Trainer, { email, passwordHash: 'old' });
    await db.query(`UPDATE users SET failed_logins = 3, locked_until = now() + interval '1 hour' WHERE id = $1`, [
      staff.id,
    ]);
    await db.query(
      `INSERT INTO sessions (user_id, organisation_id, kind, token_hash, expires_at) VALUES ($1, $2, 'password', $3, now() + interval '1 hour')`,
      [staff.id, org.id, sha256(randomUUID())],
    );
    const repo = new StaffAccountsRepository(db);
    expect(await repo.replacePassword(email.toUpperCase(), 'new', new Date())).toBe(true);
    expect(
      await db.query(`SELECT password_hash, failed_logins, locked_until FROM users WHERE id = $1`, [staff.id]),
    ).toEqual([{ password_hash: 'new', failed_logins: 0, locked_until: null }]);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL`, [staff.id]),
    ).toEqual([{ n: 0 }]);
    expect(await repo.replacePassword('nobody@example.org', 'new', new Date())).toBe(false);
    expect(await repo.setInstanceAdmin(email, true)).toBe(true);
    expect(await repo.setInstanceAdmin('nobody@example.org', true)).toBe(false);
  });
});
