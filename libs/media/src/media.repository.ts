import ffmpeg from 'fluent-ffmpeg';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FfprobeOutput } from './probe.js';
import { parseFfmpegTime } from './progress.js';
import { commandLine, type TranscodePlan } from './transcode-plan.js';

export type ProbeAnswer = { output: FfprobeOutput } | { error: string };

export type TranscodeOutcome =
  { ok: true; reachedSeconds: number; decodeErrors: number } | { ok: false; permanent: boolean; message: string };

/** ffmpeg lines that mean the source itself is broken (retrying will not help). */
const BROKEN_SOURCE =
  /partial file|Invalid data found when processing input|moov atom not found|could not find codec parameters|Error while decoding|decode_slice_header error|corrupt|no frame!|Invalid NAL unit size|Cannot determine format of input stream/i;
const SCRATCH_ROOT = join(tmpdir(), 'atelier-media');

/**
 * The one place that runs ffprobe and ffmpeg (through fluent-ffmpeg) and touches local scratch
 * files. Services and handlers get this class (or a strict mock of it), never fluent-ffmpeg.
 * FFMPEG_PATH / FFPROBE_PATH choose other binaries.
 */
export class MediaRepository {
  private guarded: Promise<string | null> | null = null;

  constructor(private readonly binaries: { ffmpeg?: string; ffprobe?: string } = {}) {}

  private get ffmpegPath(): string {
    return this.binaries.ffmpeg ?? process.env['FFMPEG_PATH'] ?? 'ffmpeg';
  }

  /**
   * ffmpeg must not outlive its worker: a worker killed with `kill -9` leaves its child running
   * (Node's children inherit an ignored SIGPIPE, so losing the stderr pipe does not stop ffmpeg),
   * burning the cores the next worker needs for the same clip. Where util-linux's `setpriv` exists
   * (Debian, Ubuntu, the node images), ffmpeg is started through a tiny script that asks the
   * kernel to SIGKILL it when its parent dies (PR_SET_PDEATHSIG). Elsewhere: plain ffmpeg, and
   * `removeOrphanedScratch` kills leftovers when the next worker starts.
   */
  private guardedFfmpeg(): Promise<string | null> {
    this.guarded ??= (async () => {
      const works = await new Promise<boolean>((resolve) =>
        execFile('setpriv', ['--pdeathsig', 'KILL', '--', 'true'], (err) => resolve(!err)),
      );
      if (!works) return null;
      await mkdir(SCRATCH_ROOT, { recursive: true });
      const script = join(SCRATCH_ROOT, `ffmpeg-guarded-${process.pid}.sh`);
      await writeFile(script, `#!/bin/sh\nexec setpriv --pdeathsig KILL -- ${JSON.stringify(this.ffmpegPath)} "$@"\n`);
      await chmod(script, 0o755);
      return script;
    })();
    return this.guarded;
  }

  private get ffprobePath(): string {
    return this.binaries.ffprobe ?? process.env['FFPROBE_PATH'] ?? 'ffprobe';
  }

  /** ffprobe's JSON for a local file, or its error message when it refuses the file. */
  probe(path: string): Promise<ProbeAnswer> {
    return new Promise((resolve, reject) => {
      execFile(
        this.ffprobePath,
        ['-hide_banner', '-v', 'error', '-show_format', '-show_streams', '-of', 'json', path],
        { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
        (err, stdout, stderr) => {
          if (err && (err as NodeJS.ErrnoException).code === 'ENOENT')
            return reject(new Error(`ffprobe is not installed (${this.ffprobePath})`));
          if (err && err.killed) return reject(new Error('ffprobe took longer than 2 minutes'));
          if (err) return resolve({ error: stderr.trim() || err.message });
          try {
            resolve({ output: JSON.parse(stdout) as FfprobeOutput });
          } catch {
            resolve({ error: `ffprobe printed something that is not JSON: ${stderr.trim()}` });
          }
        },
      );
    });
  }

  /** The fluent-ffmpeg command for a plan (its argument list is exactly `commandLine(plan)`). */
  private command(plan: TranscodePlan, ffmpegPath?: string): ffmpeg.FfmpegCommand {
    const cmd = ffmpeg({ stdoutLines: 0 }).input(plan.input);
    if (ffmpegPath ?? this.binaries.ffmpeg) cmd.setFfmpegPath(ffmpegPath ?? this.binaries.ffmpeg!);
    // Several arguments per call: fluent-ffmpeg then passes them through without splitting on spaces.
    cmd.inputOptions(...(plan.inputArgs as [string]));
    cmd.complexFilter(plan.filterComplex);
    for (const o of plan.outputs) cmd.output(o.target).outputOptions(...(o.args as [string]));
    return cmd;
  }

  /** What fluent-ffmpeg will run for a plan (the benchmark runs the same list with bare ffmpeg). */
  argumentsFor(plan: TranscodePlan): string[] {
    const args = (this.command(plan) as unknown as { _getArguments(): string[] })._getArguments();
    const expected = commandLine(plan);
    if (args.join('\u0000') !== expected.join('\u0000'))
      throw new Error('fluent-ffmpeg would not run the planned command line');
    return args;
  }

  /**
   * Runs the plan's single ffmpeg invocation. `onTime` gets the seconds of output written so far
   * (about twice a second). Never rejects: the outcome says whether retrying could help.
   */
  async transcode(
    plan: TranscodePlan,
    onTime: (seconds: number) => void,
    signal?: AbortSignal,
  ): Promise<TranscodeOutcome> {
    await mkdir(plan.outDir, { recursive: true });
    const guarded = await this.guardedFfmpeg();
    return new Promise((resolve) => {
      if (signal?.aborted)
        return resolve({ ok: false, permanent: false, message: 'the job was taken away before ffmpeg started' });
      let reached = 0;
      let decodeErrors = 0;
      const tail: string[] = [];
      const cmd = this.command(plan, guarded ?? undefined);
      cmd.on('stderr', (line: string) => {
        const t = parseFfmpegTime(line);
        if (t !== null) {
          reached = Math.max(reached, t);
          onTime(t);
          return;
        }
        if (BROKEN_SOURCE.test(line)) decodeErrors++;
        tail.push(line);
        if (tail.length > 20) tail.shift();
      });
      cmd.on('end', () => resolve({ ok: true, reachedSeconds: reached, decodeErrors }));
      cmd.on('error', (err: Error, _stdout: string | null, stderr: string | null) => {
        const text = `${err.message}\n${stderr ?? tail.join('\n')}`;
        const killed = /killed with signal/i.test(err.message);
        const missing = /Cannot find ffmpeg|ENOENT/i.test(err.message);
        const message = `${err.message.split('\n')[0]}${tail.length ? ` — ${tail.slice(-3).join(' | ')}` : ''}`;
        resolve({
          ok: false,
          permanent: !killed && !missing && BROKEN_SOURCE.test(text),
          message: message.slice(0, 1000),
        });
      });
      // The queue took the job away (expired or heartbeat lost): stop ffmpeg, another worker has it.
      signal?.addEventListener('abort', () => cmd.kill('SIGKILL'), { once: true });
      cmd.run();
    });
  }

  /** Runs ffmpeg with a plain argument list (the original's metadata-free remux); never rejects. */
  async remux(args: string[], signal?: AbortSignal): Promise<{ ok: true } | { ok: false; message: string }> {
    const binary = (await this.guardedFfmpeg()) ?? this.ffmpegPath;
    return new Promise((resolve) => {
      execFile(binary, args, { maxBuffer: 4 * 1024 * 1024, signal }, (err, _stdout, stderr) => {
        resolve(
          err ? { ok: false, message: `${err.message.split('\n')[0]} — ${stderr.trim().slice(-500)}` } : { ok: true },
        );
      });
    });
  }

  async sizeOf(path: string): Promise<number> {
    return (await stat(path)).size;
  }

  /** A fresh private scratch directory for one job; `removeScratch` deletes it whatever happened. */
  async makeScratch(label: string): Promise<string> {
    await mkdir(SCRATCH_ROOT, { recursive: true });
    return mkdtemp(join(SCRATCH_ROOT, `${process.pid}-${label.replace(/[^a-z0-9-]/gi, '')}-`));
  }

  async removeScratch(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }

  /**
   * Removes scratch directories left by worker processes that no longer run (a worker killed with
   * `kill -9` cannot clean up after itself). Called when a worker starts.
   */
  async removeOrphanedScratch(): Promise<number> {
    let entries: string[];
    try {
      entries = await readdir(SCRATCH_ROOT);
    } catch {
      return 0;
    }
    let removed = 0;
    const dead = new Set<number>();
    for (const name of entries) {
      const pid = Number(/^(?:ffmpeg-guarded-)?(\d+)/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
      dead.add(pid);
      await rm(join(SCRATCH_ROOT, name), { recursive: true, force: true });
      removed++;
    }
    if (dead.size > 0) await killLeftovers(dead);
    return removed;
  }

  /** Every file under `dir`, as paths relative to it (with forward slashes), with sizes. */
  /** The size of a file in bytes, or null when there is none. */
  async fileSize(path: string): Promise<number | null> {
    return stat(path).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
  }

  async listFiles(dir: string): Promise<Array<{ path: string; size: number }>> {
    const found: Array<{ path: string; size: number }> = [];
    const walk = async (d: string): Promise<void> => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) await walk(p);
        else found.push({ path: relative(dir, p).split('\\').join('/'), size: (await stat(p)).size });
      }
    };
    await walk(dir);
    return found.sort((a, b) => a.path.localeCompare(b.path));
  }
}

/** Linux: SIGKILLs processes (an ffmpeg without setpriv) still working in a dead worker's scratch directory. */
async function killLeftovers(deadWorkers: Set<number>): Promise<void> {
  let procs: string[];
  try {
    procs = await readdir('/proc');
  } catch {
    return;
  }
  for (const entry of procs) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const owner = Number(/\/atelier-media\/(\d+)-/.exec(cmdline)?.[1]);
    if (deadWorkers.has(owner)) {
      try {
        process.kill(Number(entry), 'SIGKILL');
      } catch {
        // gone already, or not ours to kill
      }
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
