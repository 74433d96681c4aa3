import { ClipKind } from '@atelier/contracts';
import { MediaRepository, parseProbe, planOriginalRemux } from '@atelier/media';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Issue 15 point 8: a kept original must lose its GPS position, phone make/model and dates, keep
// its rotation, and not be re-encoded. Checked with the real ffmpeg and ffprobe.

let dir: string;
const media = new MediaRepository();

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
const tagsOf = (file: string): string =>
  execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format_tags:stream_tags', '-of', 'json', file]).toString();
/** A digest of the video stream's packets: equal digests mean the pictures were copied, not re-encoded. */
const videoPackets = (file: string): string =>
  execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'md5', '-']).toString().trim();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-original-'));
  // A phone clip as an iPhone writes it: a location, the make and model, a creation date, portrait rotation.
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x240:rate=30:duration=1',
    '-f',
    'lavfi',
    '-i',
    'sine=duration=1',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-c:a',
    'aac',
    '-metadata',
    'location=+50.8466+004.3528/',
    '-metadata',
    'make=Apple',
    '-metadata',
    'model=iPhone 15',
    '-metadata',
    'creation_time=2026-11-20T10:00:00Z',
    '-movflags',
    'use_metadata_tags',
    join(dir, 'flat.mov'),
  );
  ffmpeg(
    '-i',
    join(dir, 'flat.mov'),
    '-map',
    '0',
    '-c',
    'copy',
    '-metadata:s:v:0',
    'rotate=90',
    '-movflags',
    'use_metadata_tags',
    join(dir, 'phone.mov'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the kept original without metadata', () => {
  it('has no GPS, make, model or creation date, keeps its rotation and its exact video packets', async () => {
    const source = join(dir, 'phone.mov');
    expect(tagsOf(source)).toMatch(/location|make|model|creation_time/); // the fixture does carry them
    const before = await media.probe(source);
    if (!('output' in before)) throw new Error(before.error);
    const info = parseProbe(before.output);
    expect(info.video!.rotation).not.toBe(0);

    const out = join(dir, 'original');
    const done = await media.remux(planOriginalRemux(ClipKind.Video, info, source, out)!);

    expect(done).toEqual({ ok: true });
    const tags = tagsOf(out);
    for (const gone of ['location', '+50.8466', 'Apple', 'iPhone', 'make', 'model', 'creation_time', '2026-11-20'])
      expect(tags).not.toContain(gone);
    const after = await media.probe(out);
    if (!('output' in after)) throw new Error(after.error);
    expect(parseProbe(after.output).video!.rotation).toBe(info.video!.rotation);
    expect(parseProbe(after.output).audio).not.toBeNull();
    expect(videoPackets(out)).toBe(videoPackets(source));
  });
});
