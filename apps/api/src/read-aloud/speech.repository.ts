import { Injectable } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One spoken text, encoded twice, in a scratch folder the caller removes with `discard`. */
export interface SpokenFiles {
  folder: string;
  webm: string;
  m4a: string;
}

/** Neither program should take long for 400 characters; a stuck one is killed rather than waited for. */
const RUN_TIMEOUT_MS = 30_000;

/**
 * The one place that runs espeak-ng (and the ffmpeg that encodes its speech). The text goes to
 * espeak-ng on stdin, never on the command line, so no text can become an option.
 */
@Injectable()
export class SpeechRepository {
  private get espeakPath(): string {
    return process.env['ESPEAK_PATH'] ?? 'espeak-ng';
  }

  private get ffmpegPath(): string {
    return process.env['FFMPEG_PATH'] ?? 'ffmpeg';
  }

  /**
   * Speaks `text` with the espeak-ng `voice` at a slower rate than espeak's default (people who
   * read little, often in a second language), then encodes mono Opus (WebM) and AAC (MP4) in one ffmpeg run.
   */
  async speak(voice: string, text: string): Promise<SpokenFiles> {
    const folder = await mkdtemp(join(tmpdir(), 'atelier-speech-'));
    const wav = join(folder, 'speech.wav');
    const files = { folder, webm: join(folder, 'speech.webm'), m4a: join(folder, 'speech.m4a') };
    try {
      await run(this.espeakPath, ['-v', voice, '-s', '145', '--stdin', '-w', wav], text);
      // 24 kb/s Opus and 32 kb/s AAC are plenty for one synthetic voice and keep a sentence to a few kB.
      await run(this.ffmpegPath, [
        ...['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-ac', '1'],
        ...['-c:a', 'libopus', '-b:a', '24k', '-application', 'voip', files.webm],
        ...['-c:a', 'aac', '-b:a', '32k', '-movflags', '+faststart', files.m4a],
      ]);
      return files;
    } catch (error) {
      await this.discard(files);
      throw error;
    }
  }

  async discard(files: SpokenFiles): Promise<void> {
    await rm(files.folder, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], stdin = ''): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'], timeout: RUN_TIMEOUT_MS });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${command} is not installed`) : error),
    );
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${signal ?? code}): ${stderr.trim()}`)),
    );
    child.stdin.on('error', () => undefined); // a program that dies early closes its stdin: reported by 'close'
    child.stdin.end(stdin, 'utf8');
  });
}
