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

/**
 * Plays a documentary: HLS through hls.js (loaded only here), the browser's own HLS where it has
 * one (iOS), the MP4 proxy otherwise or if HLS fails; subtitles as <track>s.
 *
 * Until the viewer taps play, only the poster is downloaded — no player code, no playlist, no
 * video (a 19-second film cost 10.4 MB of 1080p on a phone before). Then hls.js starts with the
 * rendition that fits the player (`capLevelToPlayerSize`), not the biggest.
 */
@Component({
  selector: 'app-video-player',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoDirective],
  template: `
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
  `,
  styles: `
    :host {
      display: block;
      position: relative;
      background: #000;
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

  private reset(): void {
    this.hls?.destroy();
    this.hls = null;
    this.failed.set(false);
    this.started.set(false);
    const video = this.video().nativeElement;
    video.removeAttribute('src');
    video.load();
  }

  private async load(doc: PublicDocumentary, video: HTMLVideoElement): Promise<void> {
    const mp4 = (): void => {
      if (doc.mp4Url) video.src = doc.mp4Url;
      else this.failed.set(true);
    };
    if (!doc.hlsUrl) return mp4();
    const { default: HlsJs } = await import('hls.js');
    if (HlsJs.isSupported()) {
      const hls = new HlsJs({
        // The rendition that fits the player on screen, not the biggest one the network allows.
        capLevelToPlayerSize: true,
        // No segment before the playlist says which rendition fits (and this only runs after the tap).
        autoStartLoad: false,
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
      hls.loadSource(doc.hlsUrl);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = doc.hlsUrl;
    } else {
      mp4();
    }
  }

  ngOnDestroy(): void {
    this.hls?.destroy();
  }
}
