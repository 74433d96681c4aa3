import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  input,
  signal,
  viewChild,
  type OnDestroy,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { TimelineDocument, TimelineSegment, TimelineSource } from '@atelier/contracts';
import { segmentMs } from './timeline-edits';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';

/** As long as the render's fades (FADE_MS in libs/media), and at most half a segment, like there. */
const FADE_MS = 500;

/**
 * Plays the sequence from the proxies, without rendering: one <video> jumps from clip to clip,
 * honouring in and out points; title cards and stills are shown for their duration; the music
 * plays along from its start; fades are shown as the render makes them — a dip to black where a
 * segment fades in (the one before fades out), and at the end when the film fades out; a clip's
 * sound fades with its picture, linearly, as the render's `afade` does (the music does not fade,
 * there either). What you hear is the cut, not the final sound: its loudness is not normalised,
 * and phones that do not let a page set a video's volume (iOS) play the fades at full volume.
 */
@Component({
  selector: 'app-timeline-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, MatButton, TranslocoDirective],
  template: `
    <section class="preview" *transloco="let t; read: 'timeline'">
      <div class="stage">
        <video #video playsinline [hidden]="!showingVideo()" (timeupdate)="tick()" (ended)="next()"></video>
        @if (card(); as c) {
          <div
            class="card"
            [style.background-color]="c.colour"
            [style.background-image]="c.image ? 'url(' + c.image + ')' : null"
          >
            @if (c.text) {
              <p dir="auto">{{ c.text }}</p>
            }
          </div>
        }
        <div
          class="shade"
          aria-hidden="true"
          [style.opacity]="shade()"
          [style.transition-duration.ms]="shadeMs()"
        ></div>
        @if (!playing()) {
          <p class="idle">{{ t('preview.idle') }}</p>
        }
      </div>
      <audio #music></audio>
      <div class="controls">
        @if (playing()) {
          <button matButton="filled" type="button" class="stop" (click)="stop()">
            <app-icon matButtonIcon name="close" />
            {{ t('preview.stop') }}
          </button>
          <span role="status">{{ t('preview.at', { n: index() + 1, total: doc().segments.length }) }}</span>
        } @else {
          <button matButton="filled" type="button" class="play" [disabled]="!doc().segments.length" (click)="play()">
            <app-icon matButtonIcon name="video" />
            {{ t('preview.play') }}
          </button>
        }
      </div>
    </section>
  `,
  styles: `
    .preview {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .stage {
      position: relative;
      aspect-ratio: 16 / 9;
      border-radius: 12px;
      overflow: hidden;
      background: #000;
    }
    video {
      inline-size: 100%;
      block-size: 100%;
      object-fit: contain;
    }
    .card {
      position: absolute;
      inset: 0;
      display: flex;
      align-items: center;
      justify-content: center;
      background-size: contain;
      background-position: center;
      background-repeat: no-repeat;
      p {
        max-inline-size: 80%;
        padding: 8px 16px;
        border-radius: 8px;
        background: rgb(0 0 0 / 45%);
        color: #fff;
        font-size: clamp(1.1rem, 4vw, 2rem);
        font-weight: 700;
        text-align: center;
        white-space: pre-line;
      }
    }
    .shade {
      position: absolute;
      inset: 0;
      background: #000;
      pointer-events: none;
      transition-property: opacity;
      transition-timing-function: linear;
    }
    .idle {
      position: absolute;
      inset: auto 0 0;
      margin: 0;
      padding: 8px;
      color: #ddd;
      text-align: center;
    }
    .controls {
      display: flex;
      align-items: center;
      gap: 12px;
      button {
        min-block-size: 48px;
      }
    }
  `,
})
export class TimelinePreview implements OnDestroy {
  readonly doc = input.required<TimelineDocument>();
  readonly sources = input.required<ReadonlyMap<string, TimelineSource>>();

  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');
  private readonly music = viewChild.required<ElementRef<HTMLAudioElement>>('music');
  protected readonly playing = signal(false);
  protected readonly index = signal(0);
  private readonly current = computed<TimelineSegment | null>(() =>
    this.playing() ? (this.doc().segments[this.index()] ?? null) : null,
  );
  protected readonly showingVideo = computed(() => this.current()?.kind === 'clip');
  protected readonly card = computed(() => {
    const s = this.current();
    if (!s || s.kind === 'clip') return null;
    if (s.kind === 'still') return { colour: '#000', image: this.sources().get(s.clipId)?.posterUrl ?? null, text: '' };
    return {
      colour: s.colour,
      image: s.imageClipId ? (this.sources().get(s.imageClipId)?.posterUrl ?? null) : null,
      text: s.text,
    };
  });
  /** The black over the stage (1 = black) and how long it takes to get there: the fades. */
  protected readonly shade = signal(0);
  protected readonly shadeMs = signal(0);
  private timers: ReturnType<typeof setTimeout>[] = [];
  private ramp: ReturnType<typeof setInterval> | null = null;
  private outSeconds = 0;

  protected play(): void {
    this.stop();
    this.playing.set(true);
    this.startMusic();
    this.show(0);
  }

  protected stop(): void {
    this.timers.forEach(clearTimeout);
    this.timers = [];
    this.rampVolume(1, 0);
    this.video().nativeElement.pause();
    this.music().nativeElement.pause();
    this.playing.set(false);
    this.shadeMs.set(0);
    this.shade.set(0);
  }

  protected next(): void {
    if (this.playing()) this.show(this.index() + 1);
  }

  protected tick(): void {
    const v = this.video().nativeElement;
    if (this.showingVideo() && v.currentTime >= this.outSeconds) this.next();
  }

  private show(i: number): void {
    const s = this.doc().segments[i];
    if (!s) return this.stop();
    this.index.set(i);
    const v = this.video().nativeElement;
    const fadeMs = Math.min(FADE_MS, Math.floor(segmentMs(s) / 2));
    this.fadeIn(s.fadeIn ? fadeMs : 0);
    const next = this.doc().segments[i + 1];
    const fadeOutMs = (next ? next.fadeIn : this.doc().fadeOutAtEnd) ? fadeMs : 0;
    if (s.kind !== 'clip') {
      v.pause();
      this.timers.push(setTimeout(() => this.next(), s.durationMs));
      if (fadeOutMs > 0) this.timers.push(setTimeout(() => this.fadeOut(fadeOutMs), s.durationMs - fadeOutMs));
      return;
    }
    const url = this.sources().get(s.clipId)?.proxyUrl;
    if (!url) return this.next(); // a clip deleted or not ready: skipped in the preview
    this.outSeconds = s.outMs / 1000;
    const start = (): void => {
      v.currentTime = s.inMs / 1000;
      void v.play().then(
        () => {
          // Timed from the moment the clip plays; the out point itself is still read off the video.
          if (fadeOutMs > 0 && this.index() === i)
            this.timers.push(
              setTimeout(() => this.index() === i && this.fadeOut(fadeOutMs), s.outMs - s.inMs - fadeOutMs),
            );
        },
        () => undefined,
      );
    };
    if (v.getAttribute('src') !== url) {
      v.src = url;
      v.addEventListener('loadedmetadata', start, { once: true });
    } else start();
  }

  /** From black to the picture in `ms` (0: no fade, the picture at once). */
  private fadeIn(ms: number): void {
    this.shadeMs.set(0);
    this.shade.set(ms > 0 ? 1 : 0);
    this.rampVolume(ms > 0 ? 0 : 1, 0);
    if (ms === 0) return;
    // Let the browser paint the black first, then start the transition to the picture.
    this.timers.push(
      setTimeout(() => {
        this.shadeMs.set(ms);
        this.shade.set(0);
        this.rampVolume(1, ms);
      }, 40),
    );
  }

  private fadeOut(ms: number): void {
    this.shadeMs.set(ms);
    this.shade.set(1);
    this.rampVolume(0, ms);
  }

  /** Takes the clip's sound from its volume now to `to` in `ms`, in a straight line (0: at once). */
  private rampVolume(to: number, ms: number): void {
    const v = this.video().nativeElement;
    if (this.ramp) clearInterval(this.ramp);
    this.ramp = null;
    if (ms <= 0) {
      v.volume = to;
      return;
    }
    const from = v.volume;
    const t0 = performance.now();
    this.ramp = setInterval(() => {
      const k = Math.min(1, (performance.now() - t0) / ms);
      v.volume = from + (to - from) * k;
      if (k === 1 && this.ramp) {
        clearInterval(this.ramp);
        this.ramp = null;
      }
    }, 25);
  }

  private startMusic(): void {
    const m = this.doc().music;
    const url = m ? this.sources().get(m.clipId)?.proxyUrl : null;
    if (!m || !url) return;
    const a = this.music().nativeElement;
    a.src = url;
    a.volume = Math.min(1, Math.pow(10, m.gainDb / 20) * 2);
    this.timers.push(
      setTimeout(() => {
        a.currentTime = m.inMs / 1000;
        void a.play().catch(() => undefined);
        this.timers.push(setTimeout(() => a.pause(), m.outMs - m.inMs));
      }, m.startMs),
    );
  }

  ngOnDestroy(): void {
    this.stop();
  }
}
