import { ChangeDetectionStrategy, Component, type ElementRef, effect, input, signal, viewChild, type OnDestroy } from '@angular/core';
import type { PublicDocumentary } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import type Hls from 'hls.js';

/**
 * Plays a documentary: HLS through hls.js (loaded only here), the browser's own HLS where it has
 * one (iOS), the MP4 proxy otherwise or if HLS fails; subtitles as <track>s.
 */
@Component({
  selector: 'app-video-player',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoDirective],
  template: `
    <video
      #video
      class="video"
      controls
      playsinline
      preload="metadata"
      [attr.poster]="documentary().posterUrl"
      [attr.aria-label]="documentary().title"
    >
      @for (track of documentary().subtitles; track track.language; let first = $first) {
        <track kind="subtitles" [attr.srclang]="track.language" [attr.label]="track.label" [attr.src]="track.url" [attr.default]="first && showSubtitles() ? '' : null" />
      }
    </video>
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
  private hls: Hls | null = null;

  constructor() {
    effect(() => {
      void this.load(this.documentary(), this.video().nativeElement);
    });
  }

  private async load(doc: PublicDocumentary, video: HTMLVideoElement): Promise<void> {
    this.hls?.destroy();
    this.hls = null;
    this.failed.set(false);
    const mp4 = (): void => {
      if (doc.mp4Url) video.src = doc.mp4Url;
      else this.failed.set(true);
    };
    if (!doc.hlsUrl) return mp4();
    const { default: HlsJs } = await import('hls.js');
    if (HlsJs.isSupported()) {
      const hls = new HlsJs({
        xhrSetup: (xhr) => {
          xhr.withCredentials = true;
        },
      });
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
