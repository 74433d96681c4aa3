import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  effect,
  input,
  signal,
  untracked,
  viewChild,
  type OnDestroy,
} from '@angular/core';
import type { PublicDocumentary } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import type Hls from 'hls.js';
import { connectionHints, hlsStartConfig, startsWithSoundOnly } from '../shared/data-saver';

/**
 * Plays a documentary: HLS through hls.js (loaded only here), the browser's own HLS where it has
 * one (iOS), the MP4 proxy otherwise or if HLS fails; subtitles as <track>s.
 *
 * Until the viewer taps play, only the poster is downloaded — no player code, no playlist, no
 * video (a 19-second film cost 10.4 MB of 1080p on a phone before). Then hls.js starts with the
 * rendition that fits the player (`capLevelToPlayerSize`) and the connection (`data-saver.ts`), not
 * the biggest. A rendered film also has a sound-only rendition (AAC 64 kb/s): the viewer can choose
 * it, and it is the default when the browser saves data (`Save-Data`).
 */
@Component({
  selector: 'app-video-player',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoDirective],
  template: `
    <div class="frame">
      <video
        #video
        class="video"
        [controls]="started()"
        playsinline
        preload="none"
        [attr.poster]="documentary().posterUrl"
        [attr.aria-label]="documentary().title"
      >
        @for (track of documentary().subtitles; track track.language; let first = $first) {
          <track
            kind="subtitles"
            [attr.srclang]="track.language"
            [attr.label]="track.label"
            [attr.src]="track.url"
            [attr.default]="first && showSubtitles() ? '' : null"
          />
        }
      </video>
      @if (!started()) {
        <button type="button" class="start" (click)="play()" *transloco="let t">
          <svg class="start-icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z" /></svg>
          <span class="start-label">{{ t('catalogue.play') }}</span>
        </button>
      }
      @if (failed()) {
        <p class="failed" role="alert" *transloco="let t">{{ t('catalogue.playFailed') }}</p>
      }
    </div>
    @if (documentary().audioOnlyUrl) {
      <div class="modes" role="group" *transloco="let t" [attr.aria-label]="t('catalogue.listenMode')">
        <button type="button" class="mode" [attr.aria-pressed]="mode() === 'video'" (click)="choose('video')">
          {{ t('catalogue.withPicture') }}
        </button>
        <button
          type="button"
          class="mode sound-only"
          [attr.aria-pressed]="mode() === 'sound'"
          (click)="choose('sound')"
        >
          {{ t('catalogue.soundOnly') }}
        </button>
        <p class="mode-note">
          {{ t(savingData() && mode() === 'sound' ? 'catalogue.dataSaverOn' : 'catalogue.soundOnlyHint') }}
        </p>
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
      background: #000;
    }
    /* The play button and the failure note lie over the picture only, not over the mode buttons. */
    .frame {
      position: relative;
    }
    .video {
      display: block;
      inline-size: 100%;
      aspect-ratio: 16 / 9;
      max-block-size: 100%;
      background: #000;
    }
    .start {
      position: absolute;
      inset: 0;
      display: grid;
      place-content: center;
      justify-items: center;
      gap: 8px;
      border: 0;
      background: transparent;
      color: #fff;
      font: inherit;
      font-weight: 700;
      cursor: pointer;
    }
    .start-icon {
      inline-size: 72px;
      block-size: 72px;
      padding: 8px;
      border-radius: 50%;
      background: rgb(0 0 0 / 0.6);
      fill: currentColor;
    }
    .start-label {
      padding: 2px 10px;
      border-radius: 8px;
      background: rgb(0 0 0 / 0.6);
    }
    .start:focus-visible .start-icon {
      outline: 3px solid #fff;
      outline-offset: 2px;
    }
    .modes {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      padding: 8px 12px;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
    }
    .mode {
      min-block-size: 44px;
      padding-inline: 16px;
      border: 2px solid var(--mat-sys-primary);
      border-radius: 22px;
      background: transparent;
      color: var(--mat-sys-primary);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .mode[aria-pressed='true'] {
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
    }
    .mode:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .mode-note {
      flex-basis: 100%;
      margin: 0;
      font-size: 0.9rem;
    }
    .failed {
      position: absolute;
      inset-inline: 12px;
      inset-block-end: 56px;
      margin: 0;
      padding: 10px 14px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class VideoPlayer implements OnDestroy {
  readonly documentary = input.required<PublicDocumentary>();
  /** Turns the first subtitle track on (e.g. when the film's language is not the viewer's). */
  readonly showSubtitles = input(false);
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');
  protected readonly failed = signal(false);
  /** The viewer has tapped play: from then on the video has its source and its own controls. */
  protected readonly started = signal(false);
  /** Picture and sound, or sound only (the audio-only rendition). */
  protected readonly mode = signal<'video' | 'sound'>('video');
  /** The browser or the server said to save data: sound only was chosen for the viewer. */
  protected readonly savingData = signal(false);
  private hls: Hls | null = null;

  constructor() {
    effect(() => {
      // Another film in the same player starts again from its poster.
      this.documentary();
      untracked(() => this.reset());
    });
  }

  protected async play(): Promise<void> {
    this.started.set(true);
    const video = this.video().nativeElement;
    await this.load(this.documentary(), video);
    video.focus();
    // A refused autoplay (no user gesture left after loading) leaves the controls to the viewer.
    await video.play().catch(() => undefined);
  }

  /** Switches between picture and sound only; a film already playing goes on from the same moment. */
  protected async choose(mode: 'video' | 'sound'): Promise<void> {
    if (mode === this.mode()) return;
    this.mode.set(mode);
    this.savingData.set(false);
    if (!this.started()) return;
    const video = this.video().nativeElement;
    const at = video.currentTime;
    const wasPlaying = !video.paused;
    this.detach(video);
    await this.load(this.documentary(), video);
    video.currentTime = at;
    if (wasPlaying) await video.play().catch(() => undefined);
  }

  private reset(): void {
    this.failed.set(false);
    this.started.set(false);
    const soundFirst = startsWithSoundOnly(this.documentary(), connectionHints());
    this.mode.set(soundFirst ? 'sound' : 'video');
    this.savingData.set(soundFirst);
    this.detach(this.video().nativeElement);
  }

  private detach(video: HTMLVideoElement): void {
    this.hls?.destroy();
    this.hls = null;
    video.removeAttribute('src');
    video.load();
  }

  private async load(doc: PublicDocumentary, video: HTMLVideoElement): Promise<void> {
    const mp4 = (): void => {
      if (doc.mp4Url) video.src = doc.mp4Url;
      else this.failed.set(true);
    };
    const source = this.mode() === 'sound' && doc.audioOnlyUrl ? doc.audioOnlyUrl : doc.hlsUrl;
    if (!source) return mp4();
    const { default: HlsJs } = await import('hls.js');
    if (HlsJs.isSupported()) {
      const hls = new HlsJs({
        // The rendition that fits the player on screen and the connection, not the biggest one; no
        // segment before the playlist says which one fits (and this only runs after the tap).
        ...hlsStartConfig(connectionHints()),
        xhrSetup: (xhr) => {
          xhr.withCredentials = true;
        },
      });
      hls.once(HlsJs.Events.MANIFEST_PARSED, () => hls.startLoad());
      this.hls = hls;
      hls.on(HlsJs.Events.ERROR, (_, data) => {
        if (!data.fatal) return;
        hls.destroy();
        this.hls = null;
        mp4();
      });
      hls.loadSource(source);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = source;
    } else {
      mp4();
    }
  }

  ngOnDestroy(): void {
    this.hls?.destroy();
  }
}
