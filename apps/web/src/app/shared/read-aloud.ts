import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { ErrorCode, joinScreenTexts, normaliseSpokenText, READ_ALOUD_MAX_CHARS } from '@atelier/contracts';
import { TranslocoDirective, TranslocoService } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { LanguageService } from '../core/language';
import { ReadAloudApi } from '../core/read-aloud-api';
import { ReadAloudPreference } from '../core/read-aloud-preference';
import { ErrorMessage } from './error-message';
import { Icon } from './icon';

/**
 * The speaker button of every participant screen: reads the screen's main text aloud in the
 * person's language with the server's voice (espeak-ng audio, cached by the browser under a stable
 * URL), or with the phone's own voice when the phone has one for the language and the person chose it.
 * A language with no voice anywhere says so (`no_voice_for_language`) rather than reading in another one.
 */
@Component({
  selector: 'app-read-aloud',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatIconButton, TranslocoDirective],
  template: `
    <span class="read-aloud" *transloco="let t">
      <button
        matIconButton
        type="button"
        class="speaker"
        [attr.aria-label]="label() || t('common.readAloud')"
        [attr.aria-busy]="busy()"
        (click)="readAloud()"
      >
        <app-icon name="volume" />
      </button>
      <audio #player class="read-aloud-audio" preload="none"></audio>
      <app-error-message [error]="error()" />
    </span>
  `,
  styles: `
    :host {
      display: contents;
    }
    .read-aloud {
      display: inline-flex;
      flex-direction: column;
      align-items: center;
      gap: 4px;
    }
    .speaker {
      --icon-size: 30px;
      inline-size: 56px;
      block-size: 56px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .speaker:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
  `,
})
export class ReadAloud {
  /** The screen's main text, exactly as shown… */
  readonly text = input('');
  /** …or the element that shows it, read when the button is pressed (what is on screen right then)… */
  readonly from = input<HTMLElement | null>(null);
  /** …or, on a signed-out screen, the translation keys of its strings (the server reads them itself). */
  readonly keys = input<readonly string[]>([]);
  /** What the button says to a screen reader, when not the generic "Read aloud". */
  readonly label = input('');

  private readonly language = inject(LanguageService);
  private readonly transloco = inject(TranslocoService);
  private readonly api = inject(ReadAloudApi);
  private readonly preference = inject(ReadAloudPreference);
  private readonly player = viewChild.required<ElementRef<HTMLAudioElement>>('player');

  /** The audio in the player now: its server URL and the object URL the player reads. */
  private loaded: { src: string; objectUrl: string } | null = null;

  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  protected async readAloud(): Promise<void> {
    const language = this.language.language();
    const keys = this.keys();
    const text = keys.length
      ? joinScreenTexts(keys.map((k) => this.transloco.translate(k)))
      : clipped(normaliseSpokenText(this.text() || this.from()?.innerText || ''));
    if (!text) return;
    const audio = this.player().nativeElement;
    this.error.set(null);
    audio.pause();
    globalThis.speechSynthesis?.cancel();
    const phoneVoice = this.preference.phoneVoice() ? this.preference.phoneVoiceFor(language) : null;
    if (phoneVoice) return this.speakOnPhone(phoneVoice, text);
    this.busy.set(true);
    try {
      const src = await this.serverAudio(language, text, audio);
      if (!src) return;
      if (this.loaded?.src !== src) {
        const blob = await this.api.audio(src);
        this.release();
        this.loaded = { src, objectUrl: URL.createObjectURL(blob) };
        audio.src = this.loaded.objectUrl;
        audio.dataset['src'] = src;
      }
      audio.currentTime = 0;
      await audio.play();
    } catch {
      this.error.set({ code: navigator.onLine ? ErrorCode.Internal : 'offline' });
    } finally {
      this.busy.set(false);
    }
  }

  /** The audio URL in the encoding this browser plays (Opus, else AAC for Safari), or null after an error. */
  private async serverAudio(language: string, text: string, audio: HTMLAudioElement): Promise<string | null> {
    const format = audio.canPlayType('audio/webm; codecs="opus"') ? 'webm' : 'm4a';
    try {
      const keys = [...this.keys()];
      return (await (keys.length ? this.api.speakScreen({ language, keys }) : this.api.speak({ language, text })))[
        format
      ];
    } catch (error) {
      const shown = toShownError(error);
      // Offline: the same text heard before is in the browser's cache under its stable URL.
      const cached = shown.code === 'offline' ? await this.api.cachedUrl(language, text, format) : null;
      if (!cached) this.error.set(shown);
      return cached;
    }
  }

  constructor() {
    inject(DestroyRef).onDestroy(() => this.release());
  }

  private release(): void {
    if (this.loaded) URL.revokeObjectURL(this.loaded.objectUrl);
    this.loaded = null;
  }

  private speakOnPhone(voice: SpeechSynthesisVoice, text: string): void {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    globalThis.speechSynthesis.speak(utterance);
  }
}

/** The server speaks at most READ_ALOUD_MAX_CHARS: a longer screen is read up to its last whole word. */
function clipped(text: string): string {
  if (text.length <= READ_ALOUD_MAX_CHARS) return text;
  const cut = text.slice(0, READ_ALOUD_MAX_CHARS);
  const space = cut.lastIndexOf(' ');
  return space > READ_ALOUD_MAX_CHARS / 2 ? cut.slice(0, space) : cut;
}
