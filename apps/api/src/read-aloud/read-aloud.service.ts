import {
  ErrorCode,
  normaliseSpokenText,
  READ_ALOUD_LANGUAGE,
  readAloudUrl,
  joinScreenTexts,
  type ReadAloudAudio,
  type ReadAloudRequest,
  type ReadAloudScreenRequest,
} from '@atelier/contracts';
import { StorageRepository } from '@atelier/storage';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user.js';
import { RateLimiter } from '../auth/rate-limiter.js';
import { DomainError } from '../common/domain-error.js';
import { MediaFiles, type ServedFile } from '../storage/media-files.js';
import { SpeechRepository } from './speech.repository.js';
import { UiTextsRepository } from './ui-texts.repository.js';
import { voiceFor } from './voices.js';

/** New texts one person may have spoken per window; texts already in storage cost nothing. */
export const READ_ALOUD_NEW_TEXTS = 60;
export const READ_ALOUD_WINDOW_SECONDS = 600;

/** Same language and text, same bytes: the browser and the service worker may keep the audio forever. */
const IMMUTABLE = { 'Cache-Control': 'private, max-age=31536000, immutable' };
const AUDIO_FILE = /^([0-9a-f]{64})\.(webm|m4a)$/;
const CONTENT_TYPES = { webm: 'audio/webm', m4a: 'audio/mp4' } as const;

/**
 * Speaks a screen's main text in the participant's language. Not an open text-to-speech service:
 * signed-in people may have any text of a screen's length spoken, but few NEW texts per window (the
 * screens' texts are spoken once, then served from storage); signed-out screens (join) may only have
 * the app's own UI strings spoken, named by translation key, and few new ones per network address.
 */
@Injectable()
export class ReadAloudService {
  /** Texts being spoken now, so ten phones asking for the same new sentence run espeak once. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly storage: StorageRepository,
    private readonly speech: SpeechRepository,
    private readonly limiter: RateLimiter,
    private readonly files: MediaFiles,
    private readonly uiTexts: UiTextsRepository,
  ) {}

  /** Any text of a screen's length, for a signed-in person. */
  async speak(who: AuthUser, request: ReadAloudRequest): Promise<ReadAloudAudio> {
    const voice = this.voice(request.language);
    const text = normaliseSpokenText(request.text);
    if (!text) throw DomainError.invalid('There is no text to read aloud.');
    return this.audio(request.language, voice, text, `read-aloud:${who.userId}`);
  }

  /** The app's own UI strings (by translation key), for a signed-out screen. */
  async speakScreen(ip: string, request: ReadAloudScreenRequest): Promise<ReadAloudAudio> {
    const voice = this.voice(request.language);
    const texts = await Promise.all(request.keys.map((key) => this.uiTexts.text(request.language, key)));
    if (texts.some((t) => t === null))
      throw DomainError.invalid('Only the texts of the app itself can be read aloud before signing in.', {
        keys: request.keys.filter((_, i) => texts[i] === null),
      });
    return this.audio(request.language, voice, joinScreenTexts(texts as string[]), `read-aloud-ip:${ip}`);
  }

  private voice(language: string): string {
    const voice = voiceFor(language);
    if (!voice)
      throw new DomainError(
        ErrorCode.NoVoiceForLanguage,
        `There is no voice for this language (${language}) yet: the text cannot be read aloud.`,
        { language },
      );
    return voice;
  }

  private async audio(language: string, voice: string, text: string, limitKey: string): Promise<ReadAloudAudio> {
    const hash = createHash('sha256').update(text, 'utf8').digest('hex');
    const base = `read-aloud/${language}/${hash}`;
    const audio: ReadAloudAudio = {
      language,
      hash,
      webm: readAloudUrl(language, hash, 'webm'),
      m4a: readAloudUrl(language, hash, 'm4a'),
    };
    // The WebM is stored last, so when it is there both encodings are.
    if (await this.storage.stat(`${base}.webm`)) return audio;
    let pending = this.inFlight.get(base);
    if (!pending) {
      this.countNewText(limitKey);
      pending = this.store(base, voice, text).finally(() => this.inFlight.delete(base));
      this.inFlight.set(base, pending);
    }
    await pending;
    return audio;
  }

  /** One stored encoding of a spoken text; 404 until someone asked for that text to be spoken. */
  async file(language: string, file: string, range: string | undefined): Promise<ServedFile> {
    const match = AUDIO_FILE.exec(file);
    if (!match || !READ_ALOUD_LANGUAGE.test(language)) throw DomainError.notFound('This audio');
    return this.files.serve(`read-aloud/${language}/${file}`, range, IMMUTABLE);
  }

  private countNewText(limitKey: string): void {
    const wait = this.limiter.hit(limitKey, READ_ALOUD_NEW_TEXTS, READ_ALOUD_WINDOW_SECONDS);
    if (wait > 0)
      throw new DomainError(ErrorCode.RateLimited, 'Too many new texts read aloud. Try again in a few minutes.', {
        retryAfterSeconds: wait,
      });
  }

  private async store(base: string, voice: string, text: string): Promise<void> {
    const spoken = await this.speech.speak(voice, text);
    try {
      await this.storage.putFile(`${base}.m4a`, spoken.m4a, CONTENT_TYPES.m4a);
      await this.storage.putFile(`${base}.webm`, spoken.webm, CONTENT_TYPES.webm);
    } finally {
      await this.speech.discard(spoken);
    }
  }
}
