import { Role, Visibility } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { mayWatch, mediaKey, OPEN_ACCESS } from './catalogue.service.js';
import { byteRange } from './session-token.js';

const doc = {
  organisationId: 'org-1',
  published: true,
  visibility: Visibility.Public,
  unlistedToken: 'secret-token-1234',
};
const member = { userId: 'u-1', organisationId: 'org-1', role: Role.Participant };
const trainer = { ...member, role: Role.Trainer };
const outsider = { userId: 'u-9', organisationId: 'org-2', role: Role.Trainer };

describe('who may watch', () => {
  it('lets anyone watch published public work', () => {
    expect(mayWatch(doc, OPEN_ACCESS, null)).toBe(true);
  });

  it('refuses outsiders unpublished work, even public and with the secret', () => {
    const draft = { ...doc, published: false };
    expect(mayWatch(draft, OPEN_ACCESS, null)).toBe(false);
    expect(mayWatch(draft, doc.unlistedToken, null)).toBe(false);
    expect(mayWatch(draft, OPEN_ACCESS, outsider)).toBe(false);
    expect(mayWatch(draft, OPEN_ACCESS, member)).toBe(false);
  });

  it('lets the organisation’s staff preview unpublished work', () => {
    expect(mayWatch({ ...doc, published: false }, OPEN_ACCESS, trainer)).toBe(true);
  });

  it('shows unlisted work only with its exact secret (or to members)', () => {
    const unlisted = { ...doc, visibility: Visibility.Unlisted };
    expect(mayWatch(unlisted, OPEN_ACCESS, null)).toBe(false);
    expect(mayWatch(unlisted, 'secret-token-1235', null)).toBe(false);
    expect(mayWatch(unlisted, 'secret', null)).toBe(false);
    expect(mayWatch(unlisted, doc.unlistedToken, null)).toBe(true);
    expect(mayWatch(unlisted, OPEN_ACCESS, member)).toBe(true);
  });

  it('shows organisation-only work to signed-in members only', () => {
    const internal = { ...doc, visibility: Visibility.Organisation };
    expect(mayWatch(internal, OPEN_ACCESS, null)).toBe(false);
    expect(mayWatch(internal, doc.unlistedToken, null)).toBe(false);
    expect(mayWatch(internal, OPEN_ACCESS, outsider)).toBe(false);
    expect(mayWatch(internal, OPEN_ACCESS, member)).toBe(true);
  });
});

describe('which media paths are served', () => {
  const source = {
    kind: 'clip' as const,
    clipId: 'c1',
    sourceKey: 'clips/c1/original',
    durationMs: 4000,
    renditions: {
      proxyKey: 'clips/c1/proxy.mp4',
      hlsMasterKey: 'clips/c1/hls/master.m3u8',
      variants: [{ height: 360, width: 640, bandwidth: 800_000, playlistKey: 'clips/c1/hls/360p/index.m3u8' }],
      posterKey: 'clips/c1/poster.jpg',
      thumbnailStripKey: 'clips/c1/thumbs.jpg',
      thumbnailCount: 10,
    },
  };

  it('serves the playlists, their segments, the proxy and the poster', () => {
    expect(mediaKey(source, 'hls/master.m3u8')).toBe('clips/c1/hls/master.m3u8');
    expect(mediaKey(source, 'hls/360p/index.m3u8')).toBe('clips/c1/hls/360p/index.m3u8');
    expect(mediaKey(source, 'hls/360p/seg_003.ts')).toBe('clips/c1/hls/360p/seg_003.ts');
    expect(mediaKey(source, 'proxy.mp4')).toBe('clips/c1/proxy.mp4');
    expect(mediaKey(source, 'poster.jpg')).toBe('clips/c1/poster.jpg');
  });

  it('never serves the original, other files of the clip, or paths leaving its prefix', () => {
    expect(mediaKey(source, 'original')).toBeNull();
    expect(mediaKey(source, 'thumbs.jpg')).toBeNull();
    expect(mediaKey(source, 'hls/360p/notes.txt')).toBeNull();
    expect(mediaKey(source, '../c2/proxy.mp4')).toBeNull();
    expect(mediaKey(source, 'hls/../../c2/hls/master.m3u8')).toBeNull();
    expect(mediaKey(source, '/etc/passwd')).toBeNull();
    expect(mediaKey(source, '')).toBeNull();
  });

  const render = {
    kind: 'render' as const,
    renderId: 'r1',
    durationMs: 9500,
    masterKey: 'renders/r1/master.mp4',
    hlsMasterKey: 'renders/r1/hls/master.m3u8',
    posterKey: 'renders/r1/poster.jpg',
  };

  it('serves a render film from its own folder: master, poster, playlists and segments', () => {
    expect(mediaKey(render, 'master.mp4')).toBe('renders/r1/master.mp4');
    expect(mediaKey(render, 'poster.jpg')).toBe('renders/r1/poster.jpg');
    expect(mediaKey(render, 'hls/master.m3u8')).toBe('renders/r1/hls/master.m3u8');
    expect(mediaKey(render, 'hls/720p/index.m3u8')).toBe('renders/r1/hls/720p/index.m3u8');
    expect(mediaKey(render, 'hls/1080p/seg_00012.ts')).toBe('renders/r1/hls/1080p/seg_00012.ts');
  });

  it('never serves anything else of a render, nor a clip path through a render film', () => {
    expect(mediaKey(render, 'document.json')).toBeNull();
    expect(mediaKey(render, 'hls/720p/notes.txt')).toBeNull();
    expect(mediaKey(render, 'proxy.mp4')).toBeNull();
    expect(mediaKey(render, '../r2/master.mp4')).toBeNull();
    expect(mediaKey(render, 'hls/../../../clips/c1/original')).toBeNull();
    expect(mediaKey({ ...render, hlsMasterKey: null }, 'hls/720p/index.m3u8')).toBeNull();
  });
});

describe('byte ranges', () => {
  it('reads start-end, open-ended and suffix ranges, and refuses ranges past the end', () => {
    expect(byteRange(undefined, 100)).toBeNull();
    expect(byteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(byteRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(byteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(byteRange('items=0-1', 100)).toBeNull();
  });
});
