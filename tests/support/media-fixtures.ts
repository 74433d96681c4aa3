import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Test media, made with ffmpeg at test time (no binary fixtures in git) and cached in a temporary
 * directory keyed by the recipes, so a run (and the next ones) generate each file once.
 */
export type MediaFixture =
  | 'landscape'
  | 'portrait'
  | 'vfr'
  | 'audioOnly'
  | 'mono'
  | 'surround'
  | 'silent'
  | 'photo'
  | 'textAsMp4'
  | 'truncated'
  | 'empty'
  | 'long'
  | 'bench1080p60s';

const lavfiVideo = (size: string, seconds: number, rate = 30): string[] => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`,
];
const lavfiTone = (seconds: number, layout = 'stereo'): string[] => [
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=440:sample_rate=48000:duration=${seconds},aformat=channel_layouts=${layout}`,
];
/** What a phone writes about itself and where it was: the pipeline must drop all of it. */
const PHONE_TAGS = [
  '-metadata',
  'location=+50.8503+004.3517/',
  '-metadata',
  'make=Atelier Phone',
  '-metadata',
  'model=AP-1',
  '-metadata',
  'com.apple.quicktime.location.ISO6709=+50.8503+004.3517/',
  '-movflags',
  '+use_metadata_tags',
];
const FAST = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

interface Recipe {
  file: string;
  /** ffmpeg arguments (output path appended), or a function writing the file from other fixtures. */
  ffmpeg?: string[];
  make?: (out: string) => Promise<void>;
}

const RECIPES: Record<MediaFixture, Recipe> = {
  landscape: {
    file: 'landscape.mp4',
    ffmpeg: [...lavfiVideo('1920x1080', 6), ...lavfiTone(6), ...FAST, '-c:a', 'aac', ...PHONE_TAGS],
  },
  portrait: {
    file: 'portrait.mp4',
    // Coded 1280×720 with a 90° display matrix, as phones record portrait video.
    make: async (out) => {
      const coded = `${out}.coded.mp4`;
      await ffmpeg([...lavfiVideo('1280x720', 3), ...lavfiTone(3), ...FAST, '-c:a', 'aac', coded]);
      await ffmpeg(['-i', coded, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', ...PHONE_TAGS, out]);
      await rm(coded, { force: true });
    },
  },
  // Frames dropped irregularly and timestamps kept: a variable frame rate, as phones record in low light.
  vfr: {
    file: 'vfr.mp4',
    ffmpeg: [
      ...lavfiVideo('1280x720', 3),
      ...lavfiTone(3),
      '-vf',
      "select='not(mod(n\\,3))+not(mod(n\\,7))'",
      '-fps_mode',
      'vfr',
      ...FAST,
      '-c:a',
      'aac',
    ],
  },
  audioOnly: { file: 'voice.m4a', ffmpeg: [...lavfiTone(3), '-c:a', 'aac', '-b:a', '96k'] },
  mono: { file: 'mono.mp4', ffmpeg: [...lavfiVideo('640x360', 3), ...lavfiTone(3, 'mono'), ...FAST, '-c:a', 'aac'] },
  surround: {
    file: 'surround.mp4',
    ffmpeg: [...lavfiVideo('640x360', 3), ...lavfiTone(3, '5.1'), ...FAST, '-c:a', 'aac'],
  },
  silent: { file: 'silent.mp4', ffmpeg: [...lavfiVideo('854x480', 3), ...FAST, '-an'] },
  photo: {
    file: 'photo.jpg',
    ffmpeg: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1600x1200:rate=1:duration=1',
      '-frames:v',
      '1',
      '-q:v',
      '3',
      '-update',
      '1',
    ],
  },
  textAsMp4: { file: 'notes.mp4', make: (out) => writeFile(out, 'Shopping list\nbread, rice, tea\n'.repeat(40)) },
  truncated: {
    file: 'truncated.mp4',
    // moov at the end (as Android writes it) and the upload cut at 60 %: the index never arrived.
    make: async (out) => {
      const whole = await readFile(await mediaFixture('landscape'));
      await writeFile(out, whole.subarray(0, Math.floor(whole.length * 0.6)));
    },
  },
  empty: { file: 'empty.mp4', make: (out) => writeFile(out, Buffer.alloc(0)) },
  /** Long enough that a worker can be killed in the middle of its transcode. */
  long: { file: 'long.mp4', ffmpeg: [...lavfiVideo('1920x1080', 40), ...lavfiTone(40), ...FAST, '-c:a', 'aac'] },
  /** The transcode benchmark's source: 60 s of 1080p30 with stereo sound. */
  bench1080p60s: {
    file: 'bench-1080p-60s.mp4',
    ffmpeg: [...lavfiVideo('1920x1080', 60), ...lavfiTone(60), ...FAST, '-crf', '20', '-c:a', 'aac'],
  },
};

const VERSION = createHash('sha256')
  .update(JSON.stringify(RECIPES, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v)))
  .digest('hex')
  .slice(0, 12);
export const FIXTURE_DIR = join(tmpdir(), `atelier-media-fixtures-${VERSION}`);

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

const pending = new Map<MediaFixture, Promise<string>>();

/** The path of a generated fixture (made on first use, then reused). */
export function mediaFixture(name: MediaFixture): Promise<string> {
  let p = pending.get(name);
  if (!p) {
    p = (async () => {
      const recipe = RECIPES[name];
      const path = join(FIXTURE_DIR, recipe.file);
      if (existsSync(path)) return path;
      await mkdir(FIXTURE_DIR, { recursive: true });
      // Written under a temporary name and renamed: parallel test files never read a half-made file.
      const part = join(FIXTURE_DIR, `${process.pid}-${recipe.file}`);
      if (recipe.make) await recipe.make(part);
      else
        await ffmpeg([
          ...recipe.ffmpeg!,
          ...(recipe.file.endsWith('.mp4') ? ['-f', 'mp4'] : recipe.file.endsWith('.m4a') ? ['-f', 'ipod'] : []),
          part,
        ]);
      await rename(part, path);
      return path;
    })();
    pending.set(name, p);
  }
  return p;
}

/** ffprobe's JSON for a file (streams and format), for assertions on outputs. */
export async function ffprobeJson(
  path: string,
): Promise<{ streams: Array<Record<string, any>>; format: Record<string, any> }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}
