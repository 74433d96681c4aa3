import {
  CreditName,
  ErrorCode,
  PAPER_FORM_MAX_BYTES,
  Visibility,
  type ConsentChoice,
  type PublishingOverview,
} from '@atelier/contracts';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { newClient, seed, type Browserish } from '../support/e2e.js';
import { organisationOf, projectWithFilm, readyRender, withDb } from '../support/publishing-e2e.js';

const full: ConsentChoice = {
  appearOnScreen: true,
  voice: true,
  creditAs: CreditName.FullName,
  pseudonym: null,
  maxVisibility: Visibility.Public,
};
const trainerEmail = () => seed().staff.find((s) => s.role === 'trainer')!.email;

let staff: Browserish;
let org: { organisationId: string; userId: string };

beforeAll(async () => {
  staff = newClient();
  await staff.signIn(trainerEmail(), seed().password);
  org = await organisationOf(trainerEmail());
});

/** Participants (with signed-in phones) in a new group whose documentary has a ready film. */
async function film(title: string, names: string[]) {
  const people: Array<{ id: string; phone: Browserish; name: string }> = [];
  for (const name of names) {
    const created = (await staff.post('/api/participants', { displayName: name, preferredLanguage: 'fr' })).body;
    const phone = newClient();
    expect((await phone.post('/api/auth/join', { code: created.joinCode.code })).status).toBe(200);
    people.push({ id: created.participant.id, phone, name });
  }
  const { projectId, clipId } = await projectWithFilm(
    org.organisationId,
    org.userId,
    people.map((p) => p.id),
    `Groupe ${title}`,
  );
  const saved = await staff.put(`/api/publishing/projects/${projectId}/documentary`, {
    title,
    description: `Un film <collectif> & libre`,
    language: 'fr',
    videoClipId: clipId,
  });
  expect(saved.status).toBe(200);
  return { projectId, clipId, people, id: saved.body.id as string };
}

async function consentAll(f: Awaited<ReturnType<typeof film>>, choice: ConsentChoice = full) {
  for (const p of f.people) expect((await p.phone.put(`/api/me/consents/${f.projectId}`, choice)).status).toBe(200);
}

async function publish(f: { projectId: string }, visibility: Visibility): Promise<PublishingOverview> {
  const res = await staff.post(`/api/publishing/projects/${f.projectId}/publish`, { visibility });
  expect(res.status).toBe(200);
  return res.body as PublishingOverview;
}

async function catalogue(): Promise<{ slug: string; ids: string[]; feed: string }> {
  const slug = (
    await withDb(
      async (db) =>
        (await db.query(`SELECT slug FROM organisations WHERE id = $1`, [org.organisationId])) as Array<{
          slug: string;
        }>,
    )
  )[0]!.slug;
  const anonymous = newClient();
  const list = await anonymous.get(`/api/catalogue/${slug}`);
  expect(list.status).toBe(200);
  const feed = await anonymous.get(`/api/catalogue/${slug}/feed.atom`);
  expect(feed.status).toBe(200);
  expect(feed.headers.get('content-type')).toContain('application/atom+xml');
  return { slug, ids: (list.body.documentaries as Array<{ id: string }>).map((d) => d.id), feed: feed.body as string };
}

/** Every media URL of the film as an outsider would request them (master, variant, a segment, MP4, poster). */
function mediaPaths(id: string, access = '_'): string[] {
  const base = `/api/watch/${id}/${access}/media`;
  return [
    `${base}/hls/master.m3u8`,
    `${base}/hls/360p/index.m3u8`,
    `${base}/hls/360p/seg_000.ts`,
    `${base}/proxy.mp4`,
    `${base}/poster.jpg`,
  ];
}

async function statuses(client: Browserish, paths: string[]): Promise<number[]> {
  return Promise.all(paths.map(async (p) => (await client.get(p)).status));
}

describe('publishing with consent, end to end', () => {
  it('refuses to publish until everyone consents, then lists the film publicly with credits as consented', async () => {
    const f = await film('Nos voix', ['Amina Haddad', 'Dawit Tesfaye']);
    const blocked = await staff.post(`/api/publishing/projects/${f.projectId}/publish`, { visibility: 'public' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe(ErrorCode.ConsentMissing);
    expect(blocked.body.details.missing.map((m: { displayName: string }) => m.displayName).sort()).toEqual([
      'Amina Haddad',
      'Dawit Tesfaye',
    ]);

    await f.people[0]!.phone.put(`/api/me/consents/${f.projectId}`, { ...full, creditAs: CreditName.FirstName });
    await f.people[1]!.phone.put(`/api/me/consents/${f.projectId}`, {
      ...full,
      creditAs: CreditName.Pseudonym,
      pseudonym: 'Abba',
    });
    await publish(f, Visibility.Public);

    const { slug, ids, feed } = await catalogue();
    expect(ids).toContain(f.id);
    const listed = (await newClient().get(`/api/catalogue/${slug}`)).body.documentaries.find(
      (d: { id: string }) => d.id === f.id,
    );
    expect(listed.credits).toEqual([{ name: 'Amina' }, { name: 'Abba' }]);
    expect(JSON.stringify(listed)).not.toContain('Haddad');
    expect(JSON.stringify(listed)).not.toContain('Dawit');
    expect(feed).toContain(`urn:uuid:${f.id}`);
    expect(feed).toContain('Un film &lt;collectif&gt; &amp; libre');

    // Anyone can play it, through the authorising route only; the uploaded original is never served.
    const anonymous = newClient();
    expect(await statuses(anonymous, mediaPaths(f.id))).toEqual([200, 200, 200, 200, 200]);
    const master = await anonymous.get(mediaPaths(f.id)[0]!);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const partial = await anonymous.request('GET', mediaPaths(f.id)[3]!, undefined, { range: 'bytes=0-99' });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    expect((await anonymous.get(`/api/watch/${f.id}/_/media/original`)).status).toBe(404);
    expect((await anonymous.get(`/api/watch/${f.id}/_/media/hls/../original`)).status).toBe(404);
  });

  it('stops playback and delisting at once when a participant withdraws, and tells the trainer', async () => {
    const f = await film('Retrait', ['Lina', 'Yonas']);
    await consentAll(f);
    await publish(f, Visibility.Public);
    const anonymous = newClient();
    expect(await statuses(anonymous, mediaPaths(f.id))).toEqual([200, 200, 200, 200, 200]);

    const withdrawn = await f.people[1]!.phone.put(`/api/me/consents/${f.projectId}`, { ...full, maxVisibility: null });
    expect(withdrawn.status).toBe(200);

    expect(await statuses(anonymous, mediaPaths(f.id))).toEqual([404, 404, 404, 404, 404]);
    expect((await anonymous.get(`/api/watch/${f.id}`)).status).toBe(404);
    const { ids, feed } = await catalogue();
    expect(ids).not.toContain(f.id);
    expect(feed).not.toContain(f.id);
    const overview = (await staff.get(`/api/publishing/projects/${f.projectId}`)).body as PublishingOverview;
    expect(overview.documentary!.published).toBe(false);
    expect(overview.notices[0]).toMatchObject({ kind: 'unpublished', person: { displayName: 'Yonas' } });
  });

  it('never lists unlisted, organisation-only or unpublished work, and their media refuse outsiders', async () => {
    const unlisted = await film('Lien secret', ['Sara']);
    await consentAll(unlisted, { ...full, maxVisibility: Visibility.Unlisted });
    const overview = await publish(unlisted, Visibility.Unlisted);
    const internal = await film('Entre nous', ['Ali']);
    await consentAll(internal, { ...full, maxVisibility: Visibility.Organisation });
    await publish(internal, Visibility.Organisation);
    const draft = await film('Brouillon', ['Marie']);
    await consentAll(draft);

    const { ids, feed } = await catalogue();
    for (const f of [unlisted, internal, draft]) {
      expect(ids).not.toContain(f.id);
      expect(feed).not.toContain(f.id);
    }

    const outsider = newClient();
    for (const f of [unlisted, internal, draft]) {
      expect((await outsider.get(`/api/watch/${f.id}`)).status).toBe(404);
      expect(await statuses(outsider, mediaPaths(f.id))).toEqual([404, 404, 404, 404, 404]);
    }
    // The secret link works for unlisted work only, and only the exact secret.
    const token = new URL(overview.links!.unlisted).searchParams.get('k')!;
    expect((await outsider.get(`/api/watch/${unlisted.id}?k=${token}`)).status).toBe(200);
    expect(await statuses(outsider, mediaPaths(unlisted.id, token))).toEqual([200, 200, 200, 200, 200]);
    expect(await statuses(outsider, mediaPaths(unlisted.id, `${token.slice(0, -1)}x`))).toEqual([
      404, 404, 404, 404, 404,
    ]);
    expect((await outsider.get(`/api/watch/${internal.id}?k=${token}`)).status).toBe(404);
    // Organisation-only work plays for a signed-in member of the organisation.
    expect((await internal.people[0]!.phone.get(`/api/watch/${internal.id}`)).status).toBe(200);
    expect(await statuses(internal.people[0]!.phone, mediaPaths(internal.id))).toEqual([200, 200, 200, 200, 200]);
  });

  it('publishes a finished render as the film: its files play through the watch route, outsiders are refused while unpublished', async () => {
    const f = await film('Notre montage', ['Yonas']);
    const renderId = await readyRender(org.organisationId, f.projectId, org.userId);
    const offered = (await staff.get(`/api/publishing/projects/${f.projectId}`)).body as PublishingOverview;
    expect(offered.renderCandidates.map((r) => r.renderId)).toEqual([renderId]);

    // One film only: both at once is refused and nothing changes; a render of another project is refused.
    const base = { title: 'Notre montage', description: '', language: 'fr' };
    const both = await staff.put(`/api/publishing/projects/${f.projectId}/documentary`, {
      ...base,
      videoClipId: f.clipId,
      renderId,
    });
    expect([both.status, both.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    const other = await film('Autre groupe', ['Nadia']);
    const foreign = await staff.put(`/api/publishing/projects/${other.projectId}/documentary`, {
      ...base,
      videoClipId: null,
      renderId,
    });
    expect([foreign.status, foreign.body.code]).toEqual([409, ErrorCode.DocumentaryNotReady]);
    expect((await staff.get(`/api/publishing/projects/${f.projectId}`)).body.documentary).toMatchObject({
      videoClipId: f.clipId,
      renderId: null,
    });

    const chosen = await staff.put(`/api/publishing/projects/${f.projectId}/documentary`, {
      ...base,
      videoClipId: null,
      renderId,
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ videoClipId: null, renderId, durationMs: 6000 });

    const paths = [`hls/master.m3u8`, `hls/360p/index.m3u8`, `hls/360p/seg_00000.ts`, `master.mp4`, `poster.jpg`].map(
      (p) => `/api/watch/${f.id}/_/media/${p}`,
    );
    const outsider = newClient();
    expect((await outsider.get(`/api/watch/${f.id}`)).status).toBe(404);
    expect(await statuses(outsider, paths)).toEqual([404, 404, 404, 404, 404]);
    // A participant of the organisation who is not in this film may not watch it unpublished (Nadia is
    // credited in another group's film); Yonas, credited in it, may — to know what he consents to.
    expect(await statuses(other.people[0]!.phone, paths)).toEqual([404, 404, 404, 404, 404]);
    expect(await statuses(f.people[0]!.phone, paths)).toEqual([200, 200, 200, 200, 200]);
    // Staff preview the unpublished render; anything of the render that is not player media stays hidden.
    expect(await statuses(staff, paths)).toEqual([200, 200, 200, 200, 200]);
    expect((await staff.get(`/api/watch/${f.id}/_/media/document.json`)).status).toBe(404);

    await consentAll(f);
    await publish(f, Visibility.Public);
    const watch = await outsider.get(`/api/watch/${f.id}`);
    expect(watch.status).toBe(200);
    expect(watch.body).toMatchObject({
      durationMs: 6000,
      hlsUrl: `/api/watch/${f.id}/_/media/hls/master.m3u8`,
      mp4Url: `/api/watch/${f.id}/_/media/master.mp4`,
      posterUrl: `/api/watch/${f.id}/_/media/poster.jpg`,
    });
    expect(await statuses(outsider, paths)).toEqual([200, 200, 200, 200, 200]);
    const range = await outsider.request('GET', paths[3]!, undefined, { range: 'bytes=0-99' });
    expect([range.status, range.headers.get('content-range')?.startsWith('bytes 0-99/')]).toEqual([206, true]);
    const { ids } = await catalogue();
    expect(ids).toContain(f.id);

    // Taken down again: the render's files refuse outsiders at once.
    expect((await staff.post(`/api/publishing/projects/${f.projectId}/unpublish`)).status).toBe(200);
    expect(await statuses(outsider, paths)).toEqual([404, 404, 404, 404, 404]);
  });

  it('serves the watch page with Open Graph tags, and only the embed page may be framed', async () => {
    const f = await film('À partager', ['Huda']);
    await consentAll(f);
    await publish(f, Visibility.Public);
    const anonymous = newClient();
    const page = await anonymous.request('GET', `/watch/${f.id}`, undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
    const html = page.body as string;
    expect(html).toContain('<meta property="og:title" content="À partager" />');
    expect(html).toMatch(/<meta property="og:image" content="http[^"]+\/api\/watch\/[^"]+\/_\/media\/poster\.jpg" \/>/);
    expect(html).toMatch(/<meta property="og:url" content="http[^"]+\/watch\//);
    expect(html).toContain('<app-root>');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');

    const embed = await anonymous.request('GET', `/embed/${f.id}`, undefined, { accept: 'text/html' });
    expect(embed.status).toBe(200);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('content-security-policy')).toContain("script-src 'self'");

    // Unpublished work: the page is the plain app, with nothing about the film in it.
    await staff.post(`/api/publishing/projects/${f.projectId}/unpublish`);
    const hidden = (await anonymous.request('GET', `/watch/${f.id}`, undefined, { accept: 'text/html' }))
      .body as string;
    expect(hidden).not.toContain('og:title');
    expect(hidden).not.toContain('À partager');
    // A mistyped address is the plain app too (which then says the film is not available), not a server error.
    const typo = await anonymous.request('GET', '/watch/not-a-film', undefined, { accept: 'text/html' });
    expect(typo.status).toBe(200);
    expect(typo.body).toContain('<app-root>');
  });

  it('converts SRT subtitles, serves them as text/vtt, and refuses a malformed file with its line number', async () => {
    const f = await film('Sous-titres', ['Nour']);
    await consentAll(f);
    await publish(f, Visibility.Public);
    const bad = await staff.request(
      'PUT',
      `/api/publishing/projects/${f.projectId}/subtitles/ar`,
      '1\n00:00:01,000 --> 00:00:02,000\nمرحبا\n\n2\n00:00:03,000 -> 00:00:04,000\nأهلا\n',
      { 'content-type': 'text/plain' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: ErrorCode.SubtitleMalformed, details: { line: 6 } });

    const ok = await staff.request(
      'PUT',
      `/api/publishing/projects/${f.projectId}/subtitles/ar?label=${encodeURIComponent('العربية')}`,
      '1\n00:00:01,000 --> 00:00:02,500\nمرحبا\n',
      { 'content-type': 'application/x-subrip' },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual([expect.objectContaining({ language: 'ar', label: 'العربية', cueCount: 1 })]);
    const watch = (await newClient().get(`/api/watch/${f.id}`)).body;
    const vtt = await newClient().get(watch.subtitles[0].url);
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-type')).toContain('text/vtt');
    expect(vtt.body).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nمرحبا\n');
  });

  it('stores a photo of a paper consent form (images only), readable by staff only', async () => {
    const f = await film('Papier', ['Karim']);
    const person = f.people[0]!;
    const recorded = await staff.put(`/api/publishing/projects/${f.projectId}/consents/${person.id}`, {
      ...full,
      signedOn: '2026-11-20',
    });
    expect(recorded.status).toBe(200);

    const form = (bytes: Uint8Array, type: string) => {
      const fd = new FormData();
      fd.append('photo', new Blob([Uint8Array.from(bytes)], { type }), 'form');
      return fd;
    };
    const send = async (fd: FormData) => {
      const res = await fetch(
        `${process.env.ATELIER_E2E_URL}/api/publishing/projects/${f.projectId}/consents/${person.id}/paper-form`,
        {
          method: 'PUT',
          body: fd,
          headers: {
            cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            'x-xsrf-token': staff.cookies.get('XSRF-TOKEN')!,
          },
        },
      );
      return { status: res.status, body: (await res.json()) as { code?: string } };
    };
    const text = await send(form(new TextEncoder().encode('not an image at all'), 'image/png'));
    expect(text.status).toBe(415);
    expect(text.body.code).toBe(ErrorCode.UnsupportedFileType);

    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
    expect((await send(form(png, 'image/png'))).status).toBe(200);

    // Over the limit: refused with the limit, and the photo already stored stays.
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(PAPER_FORM_MAX_BYTES + 1024, 1)]);
    const tooLarge = await send(form(huge, 'image/jpeg'));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ code: ErrorCode.FileTooLarge, details: { maxBytes: PAPER_FORM_MAX_BYTES } });
    const back = await staff.get(`/api/publishing/projects/${f.projectId}/consents/${person.id}/paper-form`);
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(Number(back.headers.get('content-length'))).toBe(png.length);
    expect(
      (await person.phone.get(`/api/publishing/projects/${f.projectId}/consents/${person.id}/paper-form`)).status,
    ).toBe(403);
    const history = (await staff.get(`/api/publishing/projects/${f.projectId}/consents/${person.id}/history`)).body;
    expect(history[0]).toMatchObject({ source: 'paper', signedOn: '2026-11-20' });
  });
});
