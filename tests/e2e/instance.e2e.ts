import {
  CreditName,
  ErrorCode,
  ProgrammeKind,
  Visibility,
  type CreatedOrganisation,
  type InstanceOrganisation,
  type ParticipantWithJoinCode,
} from '@atelier/contracts';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { newClient, seed, type Browserish } from '../support/e2e.js';
import { organisationOf, projectWithFilm, withDb } from '../support/publishing-e2e.js';

const adminEmail = () => seed().staff.find((s) => s.role === 'admin')!.email;
const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;
const unique = () => Math.random().toString(36).slice(2, 8);

let root: Browserish;

beforeAll(async () => {
  // The admin command line (branch firstrun) grants this flag; the test sets it the same way, in the database.
  await withDb((db) => db.query(`UPDATE users SET is_instance_admin = true WHERE email = $1`, [adminEmail()]));
  root = newClient();
  await root.signIn(adminEmail(), seed().password);
});

/** A new organisation through the Instance page's API, and its first admin signed in through the setup link. */
async function newOrganisation(
  name: string,
  slug?: string,
): Promise<{ created: CreatedOrganisation; admin: Browserish; email: string; password: string }> {
  const email = `admin-${unique()}@example.org`;
  const res = await root.post('/api/instance/organisations', {
    name,
    slug,
    languages: ['ar', 'fr'],
    defaultLanguage: 'fr',
    admin: { displayName: 'Léa', email },
  });
  expect(res.status).toBe(201);
  const created = res.body as CreatedOrganisation;
  const token = created.adminSetupUrl.split('/reset-password/')[1]!;
  const password = 'a long new password';
  expect((await newClient().post(`/api/password-resets/${token}`, { password })).status).toBe(204);
  const admin = newClient();
  await admin.signIn(email, password);
  return { created, admin, email, password };
}

function local(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, '');
}

describe('the Instance page (API)', () => {
  it('is refused to staff who are not instance administrators, with 403 not_instance_admin', async () => {
    const trainer = newClient();
    await trainer.signIn(trainerEmail(), seed().password);
    for (const res of [
      await trainer.get('/api/instance/organisations'),
      await trainer.post('/api/instance/organisations', {}),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe(ErrorCode.NotInstanceAdmin);
    }
    expect((await trainer.get('/api/me')).body.instanceAdmin).toBe(false);
    expect((await root.get('/api/me')).body.instanceAdmin).toBe(true);
  });

  it('creates an organisation whose first admin chooses a password with a link that works once, and lists it with its members', async () => {
    const name = `Atelier Liège ${unique()}`;
    const { created, admin, email } = await newOrganisation(name);
    expect(created.organisation).toMatchObject({
      name,
      languages: ['fr', 'ar'],
      defaultLanguage: 'fr',
      suspendedAt: null,
      participantCount: 0,
    });
    expect(created.organisation.slug).toMatch(/^atelier-liege-/);
    const me = (await admin.get('/api/me')).body;
    expect(me).toMatchObject({ role: 'admin', organisation: { name }, instanceAdmin: false });

    // The link was used: a second use is refused and changes nothing.
    const token = created.adminSetupUrl.split('/reset-password/')[1]!;
    const again = await newClient().post(`/api/password-resets/${token}`, { password: 'another long password' });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe(ErrorCode.ResetLinkInvalid);
    expect((await newClient().post('/api/auth/login', { email, password: 'another long password' })).status).toBe(401);

    expect((await admin.post('/api/participants', { displayName: 'Samir', preferredLanguage: 'ar' })).status).toBe(201);
    const listed = ((await root.get('/api/instance/organisations')).body as InstanceOrganisation[]).find(
      (o) => o.id === created.organisation.id,
    )!;
    expect(listed).toMatchObject({ participantCount: 1, staff: [{ displayName: 'Léa', email, role: 'admin' }] });
    expect(listed.lastActivityAt).not.toBeNull();
    const demo = ((await root.get('/api/instance/organisations')).body as InstanceOrganisation[]).find(
      (o) => o.name === 'Atelier Bruxelles',
    )!;
    expect(demo.staff.length).toBeGreaterThanOrEqual(2);
    expect(typeof demo.storageBytes).toBe('number');
  });

  it('refuses an address another organisation uses (409 slug_taken) and an e-mail that has an account (409 email_taken)', async () => {
    const { organisationId } = await organisationOf(trainerEmail());
    const demoSlug = (
      await withDb(
        async (db) =>
          (await db.query(`SELECT slug FROM organisations WHERE id = $1`, [organisationId])) as Array<{ slug: string }>,
      )
    )[0]!.slug;
    const slug = await root.post('/api/instance/organisations', {
      name: 'Copie',
      slug: demoSlug,
      languages: ['fr'],
      defaultLanguage: 'fr',
      admin: { displayName: 'X', email: `x-${unique()}@example.org` },
    });
    expect(slug.status).toBe(409);
    expect(slug.body.code).toBe(ErrorCode.SlugTaken);
    const email = await root.post('/api/instance/organisations', {
      name: 'Copie',
      languages: ['fr'],
      defaultLanguage: 'fr',
      admin: { displayName: 'X', email: trainerEmail() },
    });
    expect(email.status).toBe(409);
    expect(email.body.code).toBe(ErrorCode.EmailTaken);
  });
});

describe('suspending an organisation', () => {
  it('refuses its staff and participants with organisation_suspended, 404s its public pages, and reactivation brings everything back', async () => {
    const { created, admin, email, password } = await newOrganisation(`Suspendue ${unique()}`);
    const orgId = created.organisation.id;
    const slug = created.organisation.slug;
    const adminId = (await organisationOf(email)).userId;

    // A participant with a signed-in phone and a spare join code, a programme's calendar, a published public film.
    const amal = (await admin.post('/api/participants', { displayName: 'Amal', preferredLanguage: 'ar' }))
      .body as ParticipantWithJoinCode;
    const phone = newClient();
    expect((await phone.post('/api/auth/join', { code: amal.joinCode.code })).status).toBe(200);
    const spare = (await admin.post(`/api/participants/${amal.participant.id}/join-code`)).body as { code: string };
    const programme = (
      await admin.post('/api/programmes', {
        kind: ProgrammeKind.WorkshopSeries,
        title: 'Ateliers',
        description: '',
        languages: ['fr'],
        place: '',
        capacity: null,
        requiredAttendanceRate: 80,
        contributionAsked: false,
        lateWeight: 0.5,
        lateGraceMinutes: 10,
        autoExcuse: false,
        alertAfterMisses: 2,
        retentionMonths: null,
      })
    ).body as { calendarUrl: string };
    const { projectId, clipId } = await projectWithFilm(orgId, adminId, [amal.participant.id], 'Groupe suspendu');
    const doc = (
      await admin.put(`/api/publishing/projects/${projectId}/documentary`, {
        title: 'Film',
        description: '',
        language: 'fr',
        videoClipId: clipId,
      })
    ).body as { id: string };
    const consent = {
      appearOnScreen: true,
      voice: true,
      creditAs: CreditName.FullName,
      pseudonym: null,
      maxVisibility: Visibility.Public,
    };
    expect((await phone.put(`/api/me/consents/${projectId}`, consent)).status).toBe(200);
    expect((await admin.post(`/api/publishing/projects/${projectId}/publish`, { visibility: 'public' })).status).toBe(
      200,
    );

    const visitor = newClient();
    const html = { accept: 'text/html' };
    const publicStatuses = async (): Promise<number[]> => [
      (await visitor.get(`/api/catalogue/${slug}`)).status,
      (await visitor.get(`/api/catalogue/${slug}/feed.atom`)).status,
      (await visitor.request('GET', `/catalogue/${slug}`, undefined, html)).status,
      (await visitor.get(`/api/watch/${doc.id}`)).status,
      (await visitor.get(`/api/watch/${doc.id}/_/media/proxy.mp4`)).status,
      (await visitor.request('GET', `/watch/${doc.id}`, undefined, html)).status,
      (await visitor.request('GET', `/embed/${doc.id}`, undefined, html)).status,
      (await visitor.get(local(programme.calendarUrl))).status,
    ];
    expect(await publicStatuses()).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);

    const suspended = await root.post(`/api/instance/organisations/${orgId}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.body.suspendedAt).not.toBeNull();

    // Signed-in sessions learn it on their next request; new sign-ins and joins are refused the same way.
    for (const res of [
      await admin.get('/api/me'),
      await phone.get('/api/me'),
      await newClient().post('/api/auth/login', { email, password }),
      await newClient().post('/api/auth/join', { code: spare.code }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe(ErrorCode.OrganisationSuspended);
    }
    expect(await publicStatuses()).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    // Nothing stored is lost, and other organisations carry on.
    const trainer = newClient();
    await trainer.signIn(trainerEmail(), seed().password);
    expect((await trainer.get('/api/me')).status).toBe(200);

    expect((await root.post(`/api/instance/organisations/${orgId}/reactivate`)).body.suspendedAt).toBeNull();
    expect((await admin.get('/api/me')).status).toBe(200);
    expect((await phone.get('/api/me')).status).toBe(200);
    expect(await publicStatuses()).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it('does not let an instance administrator suspend their own organisation', async () => {
    const { organisationId } = await organisationOf(adminEmail());
    expect((await root.post(`/api/instance/organisations/${organisationId}/suspend`)).status).toBe(409);
  });
});

describe('organisation settings', () => {
  it('changes the address, and the old catalogue addresses redirect (308) to the new one', async () => {
    const { created, admin } = await newOrganisation(`Renommée ${unique()}`);
    const old = created.organisation.slug;
    const fresh = `nouvelle-adresse-${unique()}`;
    const saved = await admin.patch('/api/organisation', {
      slug: fresh,
      languages: ['fr', 'nl'],
      defaultLanguage: 'nl',
      projectQuotaBytes: 5 * 1024 ** 3,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      slug: fresh,
      languages: ['fr', 'nl'],
      defaultLanguage: 'nl',
      projectQuotaBytes: 5 * 1024 ** 3,
    });

    const visitor = newClient();
    const api = await visitor.get(`/api/catalogue/${old}?after=`);
    expect(api.status).toBe(308);
    expect(api.headers.get('location')).toBe(`/api/catalogue/${fresh}?after=`);
    expect((await visitor.get(`/api/catalogue/${old}/feed.atom`)).headers.get('location')).toBe(
      `/api/catalogue/${fresh}/feed.atom`,
    );
    const page = await visitor.request('GET', `/catalogue/${old}`, undefined, { accept: 'text/html' });
    expect(page.status).toBe(308);
    expect(page.headers.get('location')).toBe(`/catalogue/${fresh}`);
    expect((await visitor.get(`/api/catalogue/${fresh}`)).status).toBe(200);

    // Another organisation cannot take the old address; this one can take it back.
    const other = await newOrganisation(`Autre ${unique()}`);
    const taken = await other.admin.patch('/api/organisation', { slug: old });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe(ErrorCode.SlugTaken);
    expect((await admin.patch('/api/organisation', { slug: old })).status).toBe(200);
    expect((await visitor.get(`/api/catalogue/${old}`)).status).toBe(200);
    expect((await visitor.get(`/api/catalogue/${fresh}`)).headers.get('location')).toBe(`/api/catalogue/${old}`);
  });

  it('refuses a malformed address and a default language outside the languages with 400, storing nothing', async () => {
    const { admin } = await newOrganisation(`Stricte ${unique()}`);
    for (const body of [
      { slug: 'Avec Espaces' },
      { languages: ['fr'], defaultLanguage: 'ar' },
      { languages: [] },
      { projectQuotaBytes: -1 },
    ]) {
      const res = await admin.patch('/api/organisation', body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(ErrorCode.ValidationFailed);
    }
    expect((await admin.get('/api/organisation')).body).toMatchObject({
      languages: ['fr', 'ar'],
      defaultLanguage: 'fr',
      projectQuotaBytes: null,
    });
  });
});

describe('staff accounts', () => {
  it('changes a password with the current one, ending the other sessions but not this one', async () => {
    const { admin, email, password } = await newOrganisation(`Mots de passe ${unique()}`);
    const laptop = newClient();
    await laptop.signIn(email, password);
    const wrong = await admin.post('/api/me/password', {
      currentPassword: 'not the password',
      newPassword: 'the next long password',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe(ErrorCode.CurrentPasswordWrong);
    expect(
      (await admin.post('/api/me/password', { currentPassword: password, newPassword: 'the next long password' }))
        .status,
    ).toBe(204);
    expect((await admin.get('/api/me')).status).toBe(200);
    expect((await laptop.get('/api/me')).status).toBe(401);
    expect((await newClient().post('/api/auth/login', { email, password })).status).toBe(401);
    await newClient().signIn(email, 'the next long password');
  });

  it('lets an admin issue a reset link that works once and unlocks a locked account', async () => {
    const { admin } = await newOrganisation(`Déblocage ${unique()}`);
    const email = `trainer-${unique()}@example.org`;
    const invite = await admin.post('/api/organisation/invitations', { email, role: 'trainer' });
    const inviteToken = String(invite.body.acceptUrl).split('/invite/')[1]!;
    const trainer = newClient();
    const joined = await trainer.post(`/api/invitations/${inviteToken}/accept`, {
      displayName: 'Tom',
      password: 'the first password',
    });
    expect(joined.status).toBe(200);
    const guesser = newClient();
    for (let i = 0; i < 5; i++) await guesser.post('/api/auth/login', { email, password: `wrong-${i}-password` });
    // The lock holds for the address that guessed (per account and address: a stranger cannot lock the owner out).
    expect((await guesser.post('/api/auth/login', { email, password: 'the first password' })).status).toBe(423);

    const link = await admin.post(`/api/organisation/members/${joined.body.user.id}/password-reset`);
    expect(link.status).toBe(201);
    expect(link.body.emailed).toBe(false);
    const token = String(link.body.resetUrl).split('/reset-password/')[1]!;
    expect((await newClient().get(`/api/password-resets/${token}`)).body).toMatchObject({ displayName: 'Tom', email });
    expect((await newClient().post(`/api/password-resets/${token}`, { password: 'short' })).status).toBe(400);
    expect(
      (await newClient().post(`/api/password-resets/${token}`, { password: 'a fresh long password' })).status,
    ).toBe(204);
    expect((await trainer.get('/api/me')).status).toBe(401);
    // The link lifted the lock: the address that was locked out signs in again.
    await guesser.signIn(email, 'a fresh long password');
    const reused = await newClient().post(`/api/password-resets/${token}`, { password: 'yet another password' });
    expect(reused.status).toBe(404);
    expect(reused.body.code).toBe(ErrorCode.ResetLinkInvalid);
  });

  it('does not offer "forgot password" without SMTP', async () => {
    expect((await newClient().get('/api/auth/options')).body).toEqual({ passwordResetByEmail: false });
    expect((await newClient().post('/api/auth/forgot-password', { email: trainerEmail() })).status).toBe(404);
  });
});

describe('removing a participant', () => {
  it('signs their phones out and stops their codes, keeping their marks, clips and consent answers', async () => {
    const { created, admin, email } = await newOrganisation(`Départ ${unique()}`);
    const adminId = (await organisationOf(email)).userId;
    const nadia = (await admin.post('/api/participants', { displayName: 'Nadia', preferredLanguage: 'fr' }))
      .body as ParticipantWithJoinCode;
    const phone = newClient();
    expect((await phone.post('/api/auth/join', { code: nadia.joinCode.code })).status).toBe(200);
    const spare = (await admin.post(`/api/participants/${nadia.participant.id}/join-code`)).body as { code: string };
    const { projectId, clipId } = await projectWithFilm(
      created.organisation.id,
      adminId,
      [nadia.participant.id],
      'Groupe de Nadia',
    );
    expect(
      (
        await admin.put(`/api/publishing/projects/${projectId}/documentary`, {
          title: 'Film',
          description: '',
          language: 'fr',
          videoClipId: clipId,
        })
      ).status,
    ).toBe(200);
    const consent = {
      appearOnScreen: true,
      voice: true,
      creditAs: CreditName.FullName,
      pseudonym: null,
      maxVisibility: Visibility.Public,
    };
    expect((await phone.put(`/api/me/consents/${projectId}`, consent)).status).toBe(200);

    const trainer = newClient();
    await trainer.signIn(trainerEmail(), seed().password);
    expect((await trainer.request('DELETE', `/api/participants/${nadia.participant.id}`)).status).toBe(403);
    expect((await admin.delete(`/api/participants/${nadia.participant.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/participants/${nadia.participant.id}`)).status).toBe(404);

    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await newClient().post('/api/auth/join', { code: spare.code })).status).toBe(404);
    expect(
      ((await admin.get('/api/participants')).body as Array<{ id: string }>).some((p) => p.id === nadia.participant.id),
    ).toBe(false);
    const kept = await withDb(async (db) => ({
      consents: (
        (await db.query(`SELECT count(*)::int AS n FROM consents WHERE person_id = $1`, [
          nadia.participant.id,
        ])) as Array<{ n: number }>
      )[0]!.n,
      groups: (
        (await db.query(`SELECT count(*)::int AS n FROM media_group_members WHERE participant_id = $1`, [
          nadia.participant.id,
        ])) as Array<{ n: number }>
      )[0]!.n,
      clips: (
        (await db.query(`SELECT count(*)::int AS n FROM clips WHERE project_id = $1`, [projectId])) as Array<{
          n: number;
        }>
      )[0]!.n,
    }));
    expect(kept).toEqual({ consents: 1, groups: 0, clips: 1 });
  });
});
