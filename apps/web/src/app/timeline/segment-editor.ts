import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { MatButton } from '@angular/material/button';
import type { TimelineSegment, TimelineSource } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';
import { clock, segmentMs } from './timeline-edits';

/**
 * Edits the selected segment: a clip is trimmed on its MP4 proxy (scrub, then "in here" / "out
 * here" at the current time); a title card gets its text, colour or picture and duration; a still
 * its duration. Every change goes out as a patch.
 */
@Component({
  selector: 'app-segment-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, MatButton, NgTemplateOutlet, TranslocoDirective],
  template: `
    <section class="editor" *transloco="let t; read: 'timeline'">
      @let s = segment();
      <h3>{{ t('editor.heading', { n: index() + 1 }) }} · {{ t('kind.' + s.kind) }}</h3>
      @switch (s.kind) {
        @case ('clip') {
          @if (source()?.proxyUrl; as url) {
            <video
              #player
              class="player"
              [src]="url"
              preload="metadata"
              playsinline
              controls
              (timeupdate)="tick()"
              (loadedmetadata)="loaded()"
            ></video>
            <label class="scrub">
              <span class="sr">{{ t('editor.scrub') }}</span>
              <input
                type="range"
                min="0"
                [max]="clipMs()"
                step="100"
                [value]="nowMs()"
                (input)="seek($any($event.target).valueAsNumber)"
              />
            </label>
            <p class="times">
              <span
                >{{ t('editor.now') }} <b dir="ltr">{{ clock(nowMs()) }}</b></span
              >
              <span
                >{{ t('editor.in') }} <b dir="ltr">{{ clock(s.inMs) }}</b></span
              >
              <span
                >{{ t('editor.out') }} <b dir="ltr">{{ clock(s.outMs) }}</b></span
              >
              <span
                >{{ t('editor.length') }} <b dir="ltr">{{ clock(length()) }}</b></span
              >
            </p>
            <div class="buttons">
              <button matButton="outlined" type="button" class="set-in" (click)="setIn()">
                {{ t('editor.setIn') }}
              </button>
              <button matButton="outlined" type="button" class="set-out" (click)="setOut()">
                {{ t('editor.setOut') }}
              </button>
              <button matButton="text" type="button" (click)="playSelection()">
                <app-icon matButtonIcon name="video" />
                {{ t('editor.playSelection') }}
              </button>
            </div>
          } @else {
            <p class="warn">{{ t('editor.noProxy') }}</p>
          }
        }
        @case ('title') {
          <label class="field">
            <span>{{ t('editor.text') }}</span>
            <textarea
              dir="auto"
              rows="3"
              maxlength="200"
              [value]="s.text"
              (change)="patch({ text: $any($event.target).value })"
            ></textarea>
          </label>
          <div class="row">
            <label class="field colour">
              <span>{{ t('editor.colour') }}</span>
              <input type="color" [value]="s.colour" (change)="patch({ colour: $any($event.target).value })" />
            </label>
            <label class="field">
              <span>{{ t('editor.picture') }}</span>
              <select (change)="patch({ imageClipId: $any($event.target).value || null })">
                <option value="" [selected]="!s.imageClipId">{{ t('editor.noPicture') }}</option>
                @for (img of images(); track img.clipId) {
                  <option [value]="img.clipId" [selected]="s.imageClipId === img.clipId">{{ img.title }}</option>
                }
              </select>
            </label>
          </div>
          <ng-container *ngTemplateOutlet="hold" />
        }
        @case ('still') {
          @if (source()?.posterUrl; as url) {
            <img class="still" [src]="url" alt="" />
          }
          <ng-container *ngTemplateOutlet="hold" />
        }
      }
      <ng-template #hold>
        <label class="field seconds">
          <span>{{ t('editor.seconds') }}</span>
          <input
            type="number"
            min="0.5"
            max="60"
            step="0.5"
            dir="ltr"
            [value]="seconds()"
            (change)="patch({ durationMs: round($any($event.target).valueAsNumber * 1000) })"
          />
        </label>
      </ng-template>
      <label class="check">
        <input type="checkbox" [checked]="s.fadeIn" (change)="patch({ fadeIn: $any($event.target).checked })" />
        <span>{{ t('editor.fadeIn') }}</span>
      </label>
    </section>
  `,
  styleUrl: './segment-editor.scss',
})
export class SegmentEditor {
  readonly segment = input.required<TimelineSegment>();
  readonly index = input.required<number>();
  readonly source = input<TimelineSource | null>(null);
  readonly images = input<TimelineSource[]>([]);
  readonly changed = output<Partial<TimelineSegment>>();

  private readonly player = viewChild<ElementRef<HTMLVideoElement>>('player');
  protected readonly nowMs = signal(0);
  private stopAtMs: number | null = null;
  protected readonly clock = clock;
  protected readonly round = Math.round;

  protected readonly length = computed(() => segmentMs(this.segment()));
  protected readonly clipMs = computed(() => this.source()?.durationMs ?? 0);
  protected readonly seconds = computed(() => {
    const s = this.segment();
    return s.kind === 'clip' ? 0 : s.durationMs / 1000;
  });

  protected patch(p: Partial<TimelineSegment>): void {
    this.changed.emit(p);
  }

  protected loaded(): void {
    const s = this.segment();
    if (s.kind === 'clip') this.seek(s.inMs);
  }

  protected tick(): void {
    const v = this.player()?.nativeElement;
    if (!v) return;
    const ms = Math.round(v.currentTime * 1000);
    this.nowMs.set(ms);
    if (this.stopAtMs !== null && ms >= this.stopAtMs) {
      v.pause();
      this.stopAtMs = null;
    }
  }

  protected seek(ms: number): void {
    const v = this.player()?.nativeElement;
    if (v) v.currentTime = ms / 1000;
    this.nowMs.set(ms);
  }

  protected setIn(): void {
    const s = this.segment();
    if (s.kind !== 'clip') return;
    const at = this.nowMs();
    // In after out: the out point moves to the end of the clip rather than refusing the tap.
    this.patch(at < s.outMs ? { inMs: at } : { inMs: at, outMs: this.clipMs() });
  }

  protected setOut(): void {
    const s = this.segment();
    if (s.kind !== 'clip') return;
    const at = this.nowMs();
    this.patch(at > s.inMs ? { outMs: at } : { inMs: 0, outMs: at });
  }

  protected playSelection(): void {
    const s = this.segment();
    const v = this.player()?.nativeElement;
    if (s.kind !== 'clip' || !v) return;
    v.currentTime = s.inMs / 1000;
    this.stopAtMs = s.outMs;
    void v.play().catch(() => undefined);
  }
}
