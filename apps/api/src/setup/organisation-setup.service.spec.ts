import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, rejection, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { type PasswordHasher } from '../auth/password-hasher.js';
import { type UserRepository } from '../auth/user.repository.js';
import { type OrganisationSetupRepository } from './organisation-setup.repository.js';
import { OrganisationSetupService, type NewOrganisation } from './organisation-setup.service.js';

function newTestService() {
  const mocks = {
    organisations: strictMock<OrganisationSetupRepository>('organisations'),
    users: strictMock<UserRepository>('users'),
    hasher: strictMock<PasswordHasher>('hasher'),
  };
  const sut = new OrganisationSetupService(
    testConfig(),
    as<OrganisationSetupRepository>(mocks.organisations),
    as<UserRepository>(mocks.users),
    as<PasswordHasher>(mocks.hasher),
  );
  return { sut, mocks };
}

const input: NewOrganisation = {
  name: ' Atelier Liège ',
  languages: ['ar', 'fr'],
  adminName: ' Léa ',
  adminEmail: ' Lea@Example.org ',
};

describe(OrganisationSetupService.name, () => {
  it('creates an organisation whose admin has no password yet (Instance page): slug from the name, languages in order', async () => {
    const { sut, mocks } = newTestService();
    mocks.users.emailTaken.mockResolvedValue(false);
    mocks.organisations.create.mockResolvedValue({ organisationId: 'org-2', userId: 'u-lea' });

    const created = await sut.create({ ...input, defaultLanguage: 'fr' }, { instanceAdmin: false });

    expect(mocks.organisations.create).toHaveBeenCalledWith(
      {
        name: 'Atelier Liège',
        slug: null,
        languages: ['fr', 'ar'],
        defaultLanguage: 'fr',
        admin: { displayName: 'Léa', email: 'lea@example.org', passwordHash: null, instanceAdmin: false },
      },
      undefined,
    );
    expect(mocks.hasher.hash).not.toHaveBeenCalled();
    expect(created).toMatchObject({ organisationId: 'org-2', adminUserId: 'u-lea' });
  });

  it('hashes the password of a first-run admin, whose default language is the first one named', async () => {
    const { sut, mocks } = newTestService();
    mocks.organisations.slugTaken.mockResolvedValue(false);
    mocks.users.emailTaken.mockResolvedValue(false);
    mocks.hasher.hash.mockResolvedValue('argon2-hash');
    mocks.organisations.create.mockResolvedValue({ organisationId: 'org-1', userId: 'u-1' });

    await sut.create(
      { ...input, slug: 'atelier-liege', adminPassword: 'a long enough password' },
      { instanceAdmin: true, setupTokenHash: 'h' },
    );

    expect(mocks.organisations.create).toHaveBeenCalledWith(
      expect.objectContaining({
        slug: 'atelier-liege',
        defaultLanguage: 'ar',
        admin: expect.objectContaining({ passwordHash: 'argon2-hash', instanceAdmin: true }),
      }),
      'h',
    );
  });

  it('answers 409 slug_taken for an address in use or used before, creating nothing', async () => {
    const { sut, mocks } = newTestService();
    mocks.organisations.slugTaken.mockResolvedValue(true);

    expect(
      await rejection(sut.create({ ...input, slug: 'atelier-bruxelles' }, { instanceAdmin: false })),
    ).toMatchObject({ code: 'slug_taken' });
    expect(mocks.organisations.create).not.toHaveBeenCalled();
  });

  it("answers 409 email_taken when the admin's address already has an account", async () => {
    const { sut, mocks } = newTestService();
    mocks.users.emailTaken.mockResolvedValue(true);

    expect(await rejection(sut.create(input, { instanceAdmin: false }))).toMatchObject({ code: 'email_taken' });
    expect(mocks.organisations.create).not.toHaveBeenCalled();
  });

  it('refuses a default language outside the languages, and a short password, naming the fields (400)', async () => {
    const { sut } = newTestService();

    const refused = await rejection(
      sut.create({ ...input, defaultLanguage: 'nl', adminPassword: 'short' }, { instanceAdmin: false }),
    );

    expect(refused).toMatchObject({ code: 'validation_failed' });
    expect(JSON.stringify(refused)).toContain('defaultLanguage');
    expect(JSON.stringify(refused)).toContain('adminPassword');
  });
});
