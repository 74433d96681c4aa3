import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  effect,
  inject,
  input,
  output,
  resource,
  signal,
  viewChild,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { ClipKind, type Clip, type ClipPlayback } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { MediaApi } from '../core/media-api';
import { ErrorMessage } from '../shared/error-message';
import { connectionHints, hlsStartConfig } from '../shared/data-saver';
import { Icon } from '../shared/icon';

/**
 * Plays a ready clip: HLS through hls.js where Media Source Extensions exist (adapts to the
 * network), the browser's own HLS (iPhone), or the MP4 proxy otherwise or when HLS fails. Every
 * address goes through the API, which checks the session on each request. Until play only the
 * poster and the playlists are loaded (`preload="none"`, hls.js's `autoStartLoad: false`); the first
 * rendition fits the player and the connection (`data-saver.ts`).
 */
@Component({
  selector: 'app-clip-player',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatButton, TranslocoDirective],
  template: `
    <section class="player" *transloco="let t">
      <header class="player-head">
        <h2 dir="auto"><app-icon name="play" />{{ clip().title || clip().originalFilename }}</h2>
        <button matButton="text" type="button" (click)="closed.emit()">
          <app-icon matButtonIcon name="close" />{{ t('common.close') }}
        </button>
      </header>
      @if (playback.error(); as e) {
        <app-error-message [error]="toShown(e)" />
      }
      @if (clip().kind === audio) {
        @if (playback.value()?.posterUrl; as poster) {
          <img class="waveform" [src]="poster" alt="" />
        }
        <audio #media controls preload="metadata"></audio>
      } @else if (clip().kind === image) {
        @if (playback.value()?.posterUrl; as poster) {
          <img class="still" [src]="poster" [alt]="clip().title" />
        }
      } @else {
        <video #media controls playsinline preload="none" [poster]="playback.value()?.posterUrl ?? ''"></video>
      }
      @if (usingFallback()) {
        <p class="fallback-note">{{ t('clips.fallbackNote') }}</p>
      }
    </section>
  `,
  styles: `
    .player {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 12px;
      border-radius: 20px;
      background: var(--mat-sys-surface-container-high);

      video,
      audio,
      .still,
      .waveform {
        inline-size: 100%;
        max-block-size: 70vh;
        border-radius: 12px;
        background: #000;
      }

      audio {
        background: none;
      }
    }

    .player-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }

    .fallback-note {
      margin: 0;
      font-size: 0.9rem;
    }
  `,
})
export class ClipPlayer {
  readonly clip = input.required<Clip>();
  readonly closed = output<void>();
  private readonly api = inject(MediaApi);
  protected readonly audio = ClipKind.Audio;
  protected readonly image = ClipKind.Image;
  private readonly media = viewChild<ElementRef<HTMLMediaElement>>('media');
  protected readonly playback = resource({
    params: () => this.clip().id,
    loader: ({ params }) => this.api.playback(params),
  });
  protected readonly usingFallback = signal(false);
  private hls: { destroy(): void } | null = null;
  protected readonly toShown = toShownError;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.hls?.destroy());
    effect(() => {
      const p = this.playback.value();
      const el = this.media()?.nativeElement;
      if (p && el) void this.attach(el, p);
    });
  }

  private async attach(el: HTMLMediaElement, p: ClipPlayback): Promise<void> {
    this.hls?.destroy();
    this.hls = null;
    this.usingFallback.set(false);
    const fallback = (): void => {
      if (!p.proxyUrl) return;
      this.hls?.destroy();
      this.hls = null;
      this.usingFallback.set(true);
      el.src = p.proxyUrl;
    };
    if (!p.hlsUrl) return fallback();
    if (el.canPlayType('application/vnd.apple.mpegurl')) {
      el.src = p.hlsUrl;
      el.addEventListener('error', fallback, { once: true });
      return;
    }
    const { default: Hls } = await import('hls.js');
    if (!Hls.isSupported()) return fallback();
    const hls = new Hls({
      ...hlsStartConfig(connectionHints()),
      xhrSetup: (xhr) => {
        xhr.withCredentials = true;
      },
    });
    this.hls = hls;
    // Segments only once the person plays (a whole clip's worth of video is not fetched for a glance).
    el.addEventListener('play', () => hls.startLoad(), { once: true });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) fallback();
    });
    hls.loadSource(p.hlsUrl);
    hls.attachMedia(el);
  }
}
