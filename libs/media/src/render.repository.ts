import { execFile, spawn } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parseFfmpegTime } from './progress.js';
import type { RenderFonts } from './render-common.js';

export type FfmpegRun =
  | { ok: true; reachedSeconds: number; stderrTail: string }
  | { ok: false; cancelled: boolean; permanent: boolean; message: string };

/** ffmpeg lines that mean a source is broken (retrying will not help). */
const BROKEN_SOURCE =
  /Invalid data found when processing input|moov atom not found|could not find codec parameters|No such file or directory|Error opening input/i;
const TAIL_LINES = 60;

/**
 * Runs the render's ffmpeg command lines (bare argument lists from `planRender`) and writes the
 * small files they read. The one place the render touches processes and local files, so the
 * worker's handler can be tested with a strict mock. FFMPEG_PATH chooses another binary (the
 * benchmark points it at a wrapper that measures ffmpeg's peak memory).
 */
export class RenderRepository {
  private pdeathsig: Promise<boolean> | null = null;
  private version: Promise<string> | null = null;

  constructor(private readonly ffmpegPath: string = process.env['FFMPEG_PATH'] ?? 'ffmpeg') {}

  /**
   * ffmpeg must not outlive a worker killed with `kill -9` (it would keep the cores busy): where
   * util-linux's `setpriv` works, ffmpeg is exec'd through it with PR_SET_PDEATHSIG = SIGKILL (same
   * process id, so the benchmark still reads ffmpeg's own memory). Elsewhere plain ffmpeg, and the
   * next worker's `removeOrphanedScratch` kills what still works in a dead worker's scratch folder.
   */
  private canGuard(): Promise<boolean> {
    this.pdeathsig ??= new Promise((resolve) =>
      execFile('setpriv', ['--pdeathsig', 'KILL', '--', 'true'], (err) => resolve(!err)),
    );
    return this.pdeathsig;
  }

  /** ffmpeg's version line (`ffmpeg version 7.1.1-1 …`): part of a cached segment's content key. */
  encoderVersion(): Promise<string> {
    this.version ??= new Promise((resolve, reject) =>
      execFile(this.ffmpegPath, ['-hide_banner', '-version'], (err, stdout) =>
        err ? reject(new Error(`ffmpeg -version failed: ${err.message}`)) : resolve(stdout.split('\n')[0]!.trim()),
      ),
    );
    return this.version;
  }

  /** Noto Sans and Noto Sans Arabic from the npm packages the PDFs use (Arabic titles shape correctly). */
  fonts(): RenderFonts {
    const require = createRequire(import.meta.url);
    return {
      latin: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
      arabic: require.resolve('@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf'),
    };
  }

  async writeText(path: string, content: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, 'utf8');
  }

  async removeFile(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  async makeDir(path: string): Promise<void> {
    await mkdir(path, { recursive: true });
  }

  /** The names of the files directly in `dir` (none when it does not exist), sorted. */
  async listDir(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  }

  /**
   * One ffmpeg invocation. `onTime` gets the seconds of output written so far (twice a second).
   * Aborting `signal` kills ffmpeg (SIGKILL) and answers `cancelled`. Never rejects.
   */
  async run(
    args: string[],
    onTime: (seconds: number) => void,
    signal?: AbortSignal,
    onSpawn?: (pid: number) => void,
  ): Promise<FfmpegRun> {
    const guard = await this.canGuard();
    return new Promise((resolve) => {
      if (signal?.aborted)
        return resolve({ ok: false, cancelled: true, permanent: false, message: 'stopped before ffmpeg started' });
      const child = guard
        ? spawn('setpriv', ['--pdeathsig', 'KILL', '--', this.ffmpegPath, ...args], {
            stdio: ['ignore', 'ignore', 'pipe'],
          })
        : spawn(this.ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      if (child.pid && onSpawn) onSpawn(child.pid);
      const tail: string[] = [];
      let reached = 0;
      let pending = '';
      const kill = (): void => {
        child.kill('SIGKILL');
      };
      signal?.addEventListener('abort', kill, { once: true });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split(/\r|\n/);
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const t = parseFfmpegTime(line);
          if (t !== null) {
            reached = Math.max(reached, t);
            onTime(t);
          }
          if (!line.trim()) continue;
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
        }
      });
      child.on('error', (err) => {
        signal?.removeEventListener('abort', kill);
        resolve({
          ok: false,
          cancelled: false,
          permanent: false,
          message: `ffmpeg could not start (${this.ffmpegPath}): ${err.message}`,
        });
      });
      child.on('close', (code, sig) => {
        signal?.removeEventListener('abort', kill);
        if (pending.trim()) tail.push(pending);
        const text = tail.join('\n');
        if (code === 0) return resolve({ ok: true, reachedSeconds: reached, stderrTail: text });
        if (signal?.aborted)
          return resolve({ ok: false, cancelled: true, permanent: false, message: 'ffmpeg was stopped' });
        const last = tail.slice(-4).join(' | ');
        resolve({
          ok: false,
          cancelled: false,
          permanent: sig === null && BROKEN_SOURCE.test(text),
          message: `ffmpeg exited with ${sig ?? code}: ${last}`.slice(0, 1000),
        });
      });
    });
  }
}
