import { ConsentGap, CreditName, ErrorCode, Role, Visibility, type ConsentChoice } from '@atelier/contracts';
import { dataSourceOptions } from '@atelier/database';
import { StorageRepository } from '@atelier/storage';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import { Clock } from '../../apps/api/src/common/clock.js';
import { type DomainError } from '../../apps/api/src/common/domain-error.js';
import { SessionRepository } from '../../apps/api/src/auth/session.repository.js';
import { CatalogueRepository } from '../../apps/api/src/publishing/catalogue.repository.js';
import { CatalogueService } from '../../apps/api/src/publishing/catalogue.service.js';
import { ConsentService } from '../../apps/api/src/publishing/consent.service.js';
import { DocumentaryMailer } from '../../apps/api/src/publishing/documentary-mailer.js';
import { PublishingRepository } from '../../apps/api/src/publishing/publishing.repository.js';
import { PublishingService } from '../../apps/api/src/publishing/publishing.service.js';
import { SmallImages } from '../../apps/api/src/storage/small-images.js';
import { factory } from '../support/factory.js';
import { testConfig } from '../support/unit-fixtures.js';

let db: DataSource;
let make: ReturnType<typeof factory>;
let publishing: PublishingService;
let consent: ConsentService;
let catalogueService: CatalogueService;

beforeAll(async () => {
  db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
  await db.initialize();
  make = factory(db);
  const config = testConfig();
  const repo = new PublishingRepository(db);
  consent = new ConsentService(repo, new DocumentaryMailer(config));
  const storage = new StorageRepository(loadS3());
  publishing = new PublishingService(config, repo, new CatalogueRepository(db), consent, storage, new Clock());
  catalogueService = new CatalogueService(
    config,
    repo,
    new CatalogueRepository(db),
    new SessionRepository(db),
    storage,
    new Clock(),
    new SmallImages(storage),
  );
});
afterAll(async () => {
  await db.destroy();
});

function loadS3() {
  return testConfig({
    S3_ENDPOINT: process.env.S3_ENDPOINT!,
    S3_ACCESS_KEY: process.env.S3_ACCESS_KEY!,
    S3_SECRET_KEY: process.env.S3_SECRET_KEY!,
  }).s3;
}

const full: ConsentChoice = {
  appearOnScreen: true,
  voice: true,
  creditAs: CreditName.FullName,
  pseudonym: null,
  maxVisibility: Visibility.Public,
};

function as(id: string, organisationId: string, role: Role): AuthUser {
  return {
    userId: id,
    organisationId,
    role,
    sessionId: 's',
    sessionKind: role === Role.Participant ? 'device' : 'password',
  };
}

/** An organisation, a trainer, two participants in a group whose documentary has a ready film. */
async function world() {
  const org = await make.organisation();
  const trainer = await make.member(org.id, Role.Trainer);
  const amina = await make.member(org.id, Role.Participant, { name: 'Amina Haddad' });
  const dawit = await make.member(org.id, Role.Participant, { name: 'Dawit Tesfaye' });
  const { projectId } = await make.mediaProject(org.id, [amina.id, dawit.id]);
  const clip = await make.readyClip({ organisationId: org.id, projectId, uploadedBy: trainer.id });
  const staff = as(trainer.id, org.id, Role.Trainer);
  await publishing.saveDocumentary(staff, projectId, {
    title: 'Nos voix',
    description: 'Un film collectif',
    language: 'fr',
    videoClipId: clip.id,
  });
  return {
    org,
    projectId,
    staff,
    amina: as(amina.id, org.id, Role.Participant),
    dawit: as(dawit.id, org.id, Role.Participant),
  };
}

async function mineClip(projectId: string): Promise<string> {
  const [row] = (await db.query(`SELECT video_clip_id FROM documentaries WHERE project_id = $1`, [
    projectId,
  ])) as Array<{ video_clip_id: string }>;
  return row!.video_clip_id;
}

async function documentaryRow(projectId: string): Promise<{ published: boolean; visibility: Visibility }> {
  const [row] = (await db.query(`SELECT published, visibility FROM documentaries WHERE project_id = $1`, [
    projectId,
  ])) as Array<{ published: boolean; visibility: Visibility }>;
  return row!;
}

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a rejection');
}

describe('publishing with consent (real PostgreSQL)', () => {
  it('credits the group members by default and blocks publishing until each has consented to the visibility', async () => {
    const w = await world();
    const overview = await publishing.overview(w.staff, w.projectId);
    expect(overview.credits.map((c) => c.displayName).sort()).toEqual(['Amina Haddad', 'Dawit Tesfaye']);

    const blocked = await rejection(publishing.publish(w.staff, w.projectId, Visibility.Public));
    expect(blocked).toMatchObject({ code: 'consent_missing' });
    expect(
      (blocked.details!.missing as Array<{ displayName: string; reasons: string[] }>).map((m) => [
        m.displayName,
        m.reasons,
      ]),
    ).toEqual([
      ['Amina Haddad', [ConsentGap.NoConsent]],
      ['Dawit Tesfaye', [ConsentGap.NoConsent]],
    ]);
    expect(await documentaryRow(w.projectId)).toEqual({ published: false, visibility: Visibility.Organisation });

    await consent.recordMine(w.amina, w.projectId, full);
    await consent.recordMine(w.dawit, w.projectId, { ...full, maxVisibility: Visibility.Unlisted });
    const stillBlocked = await rejection(publishing.publish(w.staff, w.projectId, Visibility.Public));
    expect(stillBlocked.details!.missing).toEqual([
      {
        personId: w.dawit.userId,
        displayName: 'Dawit Tesfaye',
        reasons: [ConsentGap.Visibility],
        accepts: Visibility.Unlisted,
      },
    ]);

    const published = await publishing.publish(w.staff, w.projectId, Visibility.Unlisted);
    expect(published.documentary).toMatchObject({ published: true, visibility: Visibility.Unlisted });
    expect(published.blockers.public.map((m) => m.displayName)).toEqual(['Dawit Tesfaye']);
  });

  it('lets the people credited watch the film before it is published, and asks those who answered to watch again when the film is replaced', async () => {
    const w = await world();
    const [{ id: documentaryId }] = (await db.query(`SELECT id FROM documentaries WHERE project_id = $1`, [
      w.projectId,
    ])) as [{ id: string }];
    await consent.recordMine(w.amina, w.projectId, full);
    const mineOf = async (who: AuthUser) => (await consent.mine(who)).find((m) => m.projectId === w.projectId)!;
    expect(await mineOf(w.amina)).toMatchObject({
      film: { watchUrl: `/watch/${documentaryId}` },
      filmChangedSinceAnswer: false,
    });

    // Unpublished: the credited participants and the staff may watch; another participant may not.
    const viewer = (u: AuthUser) => ({ userId: u.userId, organisationId: u.organisationId, role: u.role });
    expect((await catalogueService.watch(documentaryId, undefined, viewer(w.amina))).hlsUrl).toMatch(/^\/api\/watch\//);
    expect((await catalogueService.watch(documentaryId, undefined, viewer(w.staff))).id).toBe(documentaryId);
    const other = await make.member(w.org.id, Role.Participant, { name: 'Samir' });
    expect(
      await rejection(
        catalogueService.watch(documentaryId, undefined, viewer(as(other.id, w.org.id, Role.Participant))),
      ),
    ).toMatchObject({ code: ErrorCode.NotFound });
    expect(await rejection(catalogueService.watch(documentaryId, undefined, null))).toMatchObject({
      code: ErrorCode.NotFound,
    });

    // Editing the title keeps the film: nobody is asked again.
    await publishing.saveDocumentary(w.staff, w.projectId, {
      title: 'Nos voix (2)',
      description: 'Un film collectif',
      language: 'fr',
      videoClipId: await mineClip(w.projectId),
    });
    expect((await mineOf(w.amina)).filmChangedSinceAnswer).toBe(false);

    // A new cut replaces the film: Amina answered before it, Dawit has not answered at all.
    const trainerId = w.staff.userId;
    const recut = await make.readyClip({ organisationId: w.org.id, projectId: w.projectId, uploadedBy: trainerId });
    await publishing.saveDocumentary(w.staff, w.projectId, {
      title: 'Nos voix (2)',
      description: 'Un film collectif',
      language: 'fr',
      videoClipId: recut.id,
    });
    expect((await mineOf(w.amina)).filmChangedSinceAnswer).toBe(true);
    expect(await mineOf(w.dawit)).toMatchObject({ consent: null, filmChangedSinceAnswer: false });
    // Answering again (even the same answer) after watching clears it.
    await consent.recordMine(w.amina, w.projectId, full);
    expect((await mineOf(w.amina)).filmChangedSinceAnswer).toBe(false);
  });

  it('refuses to publish a documentary without a ready film', async () => {
    const w = await world();
    await db.query(`UPDATE clips SET status = 'processing' WHERE project_id = $1`, [w.projectId]);
    await consent.recordMine(w.amina, w.projectId, full);
    await consent.recordMine(w.dawit, w.projectId, full);
    expect(await rejection(publishing.publish(w.staff, w.projectId, Visibility.Public))).toMatchObject({
      code: 'documentary_not_ready',
    });
  });

  it('lowers the visibility in the same transaction when someone narrows their consent, and tells the trainers why', async () => {
    const w = await world();
    await consent.recordMine(w.amina, w.projectId, full);
    await consent.recordMine(w.dawit, w.projectId, full);
    await publishing.publish(w.staff, w.projectId, Visibility.Public);

    await consent.recordMine(w.dawit, w.projectId, { ...full, maxVisibility: Visibility.Organisation });

    expect(await documentaryRow(w.projectId)).toEqual({ published: true, visibility: Visibility.Organisation });
    const { notices } = await publishing.overview(w.staff, w.projectId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'visibility_lowered',
      from: 'public',
      to: 'organisation',
      person: { id: w.dawit.userId, displayName: 'Dawit Tesfaye' },
      reasons: [ConsentGap.Visibility],
      readAt: null,
    });
  });

  it('unpublishes when someone withdraws, and keeps every change in the history', async () => {
    const w = await world();
    await consent.recordMine(w.amina, w.projectId, full);
    await consent.recordMine(w.dawit, w.projectId, full);
    await publishing.publish(w.staff, w.projectId, Visibility.Public);

    await consent.recordMine(w.amina, w.projectId, { ...full, appearOnScreen: false });

    expect(await documentaryRow(w.projectId)).toEqual({ published: false, visibility: Visibility.Public });
    const history = await publishing.history(w.staff, w.projectId, w.amina.userId);
    expect(history.map((h) => [h.appearOnScreen, h.source, h.recordedBy.id])).toEqual([
      [false, 'self', w.amina.userId],
      [true, 'self', w.amina.userId],
    ]);
    const { notices } = await publishing.overview(w.staff, w.projectId);
    expect(notices[0]).toMatchObject({ kind: 'unpublished', to: null, reasons: [ConsentGap.Screen] });
  });

  it('rolls the consent back with the documentary when the transaction fails, so neither changes alone', async () => {
    const w = await world();
    await consent.recordMine(w.amina, w.projectId, full);
    await consent.recordMine(w.dawit, w.projectId, full);
    await publishing.publish(w.staff, w.projectId, Visibility.Public);
    // Make the notice insert fail inside the transaction: the withdrawal must not half-apply.
    await db.query(`ALTER TABLE documentary_notices ADD CONSTRAINT test_no_notices CHECK (false) NOT VALID`);
    try {
      await expect(consent.recordMine(w.dawit, w.projectId, { ...full, maxVisibility: null })).rejects.toThrow();
    } finally {
      await db.query(`ALTER TABLE documentary_notices DROP CONSTRAINT test_no_notices`);
    }
    expect(await documentaryRow(w.projectId)).toEqual({ published: true, visibility: Visibility.Public });
    const [row] = (await db.query(`SELECT max_visibility FROM consents WHERE project_id = $1 AND person_id = $2`, [
      w.projectId,
      w.dawit.userId,
    ])) as Array<{ max_visibility: string }>;
    expect(row!.max_visibility).toBe('public');
    expect(await publishing.history(w.staff, w.projectId, w.dawit.userId)).toHaveLength(1);
  });

  it('records paper consent with who recorded it and the date on the form', async () => {
    const w = await world();
    await publishing.recordPaper(w.staff, w.projectId, w.dawit.userId, {
      ...full,
      creditAs: CreditName.Pseudonym,
      pseudonym: ' Abba ',
      signedOn: '2026-11-18',
    });
    const [entry] = await publishing.history(w.staff, w.projectId, w.dawit.userId);
    expect(entry).toMatchObject({
      source: 'paper',
      recordedBy: { id: w.staff.userId },
      signedOn: '2026-11-18',
      pseudonym: 'Abba',
    });
  });

  it('adding an unconsented person to the credits of a published film takes it down, with a notice', async () => {
    const w = await world();
    await consent.recordMine(w.amina, w.projectId, full);
    await consent.recordMine(w.dawit, w.projectId, full);
    await publishing.publish(w.staff, w.projectId, Visibility.Public);
    const newcomer = await make.member(w.org.id, Role.Participant, { name: 'Lina' });
    const overview = await publishing.setCredits(w.staff, w.projectId, [
      { personId: w.amina.userId, credited: true, appearing: true },
      { personId: w.dawit.userId, credited: true, appearing: false },
      { personId: newcomer.id, credited: true, appearing: true },
    ]);
    expect(overview.documentary).toMatchObject({ published: false });
    expect(overview.notices[0]).toMatchObject({ kind: 'unpublished', person: null });
  });

  it('gives organisations a URL slug derived from the name, unique even for the same name', async () => {
    const a = await make.organisation('Maison des Femmes — Schaerbeek');
    const b = await make.organisation('Maison des Femmes — Schaerbeek');
    const slugs = (await db.query(`SELECT id, slug FROM organisations WHERE id = ANY($1::uuid[])`, [
      [a.id, b.id],
    ])) as Array<{ id: string; slug: string }>;
    const slugA = slugs.find((s) => s.id === a.id)!.slug;
    const slugB = slugs.find((s) => s.id === b.id)!.slug;
    expect(slugA.startsWith('maison-des-femmes-schaerbeek')).toBe(true);
    expect(slugB).not.toBe(slugA);
    expect(slugB).toMatch(/^maison-des-femmes-schaerbeek(-[0-9a-f]{6})?$/);
  });

  it('pages the public catalogue newest first, every film exactly once, even when films share a publication instant', async () => {
    const org = await make.organisation();
    const trainer = await make.member(org.id, Role.Trainer);
    const staff = as(trainer.id, org.id, Role.Trainer);
    const ids: string[] = [];
    for (let i = 0; i < 17; i++) {
      // Nobody credited: no consent needed; published straight in SQL at chosen instants.
      const { projectId } = await make.mediaProject(org.id, []);
      const clip = await make.readyClip({ organisationId: org.id, projectId, uploadedBy: trainer.id });
      const doc = await publishing.saveDocumentary(staff, projectId, {
        title: `Film ${i}`,
        description: '',
        language: 'fr',
        videoClipId: clip.id,
      });
      // Three films share each instant (ties broken by id); instants differ by microseconds.
      await db.query(
        `UPDATE documentaries SET published = true, visibility = 'public', published_at = '2026-11-01T10:00:00Z'::timestamptz + make_interval(secs => $2::int * 0.000001) WHERE id = $1`,
        [doc.id, Math.floor(i / 3)],
      );
      ids.push(doc.id);
    }
    const [{ slug }] = (await db.query(`SELECT slug FROM organisations WHERE id = $1`, [org.id])) as [{ slug: string }];

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await catalogueService.catalogue(slug, after, 5);
      expect(page.documentaries.length).toBeLessThanOrEqual(5);
      seen.push(...page.documentaries.map((d) => d.id));
      after = page.nextCursor ?? undefined;
      pages++;
    } while (after && pages < 10);

    expect(pages).toBe(4);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(17);
    const rows = (await db.query(
      `SELECT id FROM documentaries WHERE organisation_id = $1 ORDER BY published_at DESC, id DESC`,
      [org.id],
    )) as Array<{ id: string }>;
    expect(seen).toEqual(rows.map((r) => r.id));
    // A position that is not one the catalogue gave is refused with what to do.
    const bad = await rejection(catalogueService.catalogue(slug, 'page-2'));
    expect(bad.code).toBe(ErrorCode.ValidationFailed);
    expect(bad.message).toMatch(/first page/);
  });
});
