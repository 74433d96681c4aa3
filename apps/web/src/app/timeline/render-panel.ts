import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
  type OnDestroy,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RenderStatus, type Render, type RenderProgressEvent } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { RenderProgress } from './render-progress';
import { TimelineApi } from './timeline-api';
import { clock } from './timeline-edits';
import { FormSubmit } from '../shared/form-submit';

/**
 * Progress arrives over socket.io; only while the socket is not in the project's room (connecting,
 * offline, a proxy blocking it) is a running render's state fetched, this often.
 */
const FALLBACK_POLL_MS = 10_000;

/**
 * Starts a render of the saved version, shows its progress with a cancel button, and plays the
 * latest finished render (HLS through hls.js, the MP4 where the browser plays HLS itself).
 */
@Component({
  selector: 'app-render-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, LocalDatePipe, MatButton, MatProgressBar, TranslocoDirective],
  providers: [RenderProgress],
  template: `
    <section class="render" *transloco="let t; read: 'timeline'">
      <h3>{{ t('render.heading') }}</h3>
      @if (active(); as r) {
        <div class="progress" role="status">
          <p>
            {{ t('render.status.' + r.status) }}
            <b dir="ltr">{{ r.progress }} %</b>
          </p>
          @if (r.waitingFor === 'storage') {
            <p class="hint">{{ t('render.waitingForStorage') }}</p>
          }
          <mat-progress-bar mode="determinate" [value]="r.progress" />
          <button matButton="outlined" type="button" class="cancel" [disabled]="busy()" (click)="cancel(r)">
            <app-icon matButtonIcon name="cancel" />
            {{ t('render.cancel') }}
          </button>
        </div>
      } @else {
        @if (dirty()) {
          <p class="hint">{{ t('render.saveFirst') }}</p>
        }
        <button
          matButton="filled"
          type="button"
          class="start big-button"
          [disabled]="busy() || dirty() || version() === 0 || !renderable()"
          (click)="start()"
        >
          <app-icon matButtonIcon name="video" />
          {{ t('render.start') }}
        </button>
      }
      <app-error-message [error]="error()" />
      @if (latest(); as r) {
        <div class="result">
          <video #player class="player" controls playsinline [attr.poster]="r.posterUrl"></video>
          <p class="facts">
            {{ t('render.ready', { version: r.timelineVersion }) }} · <span dir="ltr">{{ clock(r.durationMs) }}</span> ·
            <bdi>{{ r.finishedAt | localDate: 'dateTime' }}</bdi>
            @if (r.masterUrl) {
              <a matButton="text" class="download" [href]="r.masterUrl" download>
                <app-icon matButtonIcon name="download" />{{ t('render.download') }}
              </a>
            }
          </p>
        </div>
      }
      @if (renders().length) {
        <ul class="list">
          @for (r of renders(); track r.id) {
            <li>
              <span>{{ t('render.version', { version: r.timelineVersion }) }}</span>
              <span class="chip" [class]="r.status">{{ t('render.status.' + r.status) }}</span>
              <bdi>{{ r.requestedBy.displayName }}</bdi>
              @if (r.failure) {
                <span class="failure">{{ r.failure }}</span>
              }
            </li>
          }
        </ul>
      }
    </section>
  `,
  styleUrl: './render-panel.scss',
})
export class RenderPanel implements OnDestroy {
  readonly projectId = input.required<string>();
  readonly version = input.required<number>();
  readonly dirty = input(false);
  readonly renderable = input(true);

  private readonly api = inject(TimelineApi);
  private readonly live = inject(RenderProgress);
  private readonly player = viewChild<ElementRef<HTMLVideoElement>>('player');
  protected readonly renders = signal<Render[]>([]);
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly active = computed(
    () => this.renders().find((r) => r.status === RenderStatus.Queued || r.status === RenderStatus.Rendering) ?? null,
  );
  protected readonly latest = computed(() => this.renders().find((r) => r.status === RenderStatus.Ready) ?? null);
  protected readonly clock = clock;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private hls: { destroy(): void } | null = null;
  private attached: string | null = null;

  constructor() {
    effect(() => {
      const id = this.projectId();
      untracked(() => this.live.watch(id, (e) => this.apply(e)));
      void this.refresh(id);
    });
    // Joined (again): reload what may have been missed, and stop polling. Left: poll slowly meanwhile.
    effect(() => {
      const joined = this.live.joined();
      untracked(() => (joined ? void this.refresh(this.projectId()) : this.schedule()));
    });
    effect(() => {
      const r = this.latest();
      const el = this.player()?.nativeElement;
      if (r && el && r.id !== this.attached) void this.attach(el, r);
    });
  }

  protected async start(): Promise<void> {
    await this.sending.run(async () => {
      const r = await this.api.render(this.projectId(), { version: this.version() });
      this.renders.update((list) => [r, ...list.filter((x) => x.id !== r.id)]);
      this.schedule();
    });
  }

  protected async cancel(r: Render): Promise<void> {
    this.busy.set(true);
    try {
      const c = await this.api.cancelRender(r.id);
      this.renders.update((list) => list.map((x) => (x.id === c.id ? c : x)));
    } catch (e) {
      this.error.set(toShownError(e));
      await this.refresh(this.projectId());
    } finally {
      this.busy.set(false);
    }
  }

  /** A pushed change: progress is applied in place; a new render or a finished one is fetched (URLs, failure). */
  private apply(e: RenderProgressEvent): void {
    const known = this.renders().find((r) => r.id === e.renderId);
    const running = e.status === RenderStatus.Queued || e.status === RenderStatus.Rendering;
    if (known && running) {
      this.renders.update((list) =>
        list.map((r) =>
          r.id === e.renderId ? { ...r, status: e.status, progress: e.progress, waitingFor: e.waitingFor ?? null } : r,
        ),
      );
    } else {
      void this.refresh(this.projectId());
    }
  }

  private async refresh(projectId: string): Promise<void> {
    try {
      this.renders.set(await this.api.renders(projectId));
      this.schedule();
    } catch (e) {
      this.error.set(toShownError(e));
      // A failed fetch (flaky network) is tried again later, socket or not, so a finish is not missed.
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(this.projectId()), FALLBACK_POLL_MS);
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.active() && !this.live.joined())
      this.timer = setTimeout(() => void this.refresh(this.projectId()), FALLBACK_POLL_MS);
  }

  private async attach(el: HTMLVideoElement, r: Render): Promise<void> {
    this.attached = r.id;
    this.hls?.destroy();
    this.hls = null;
    if (!r.hlsUrl) return;
    const { default: Hls } = await import('hls.js');
    if (Hls.isSupported()) {
      const hls = new Hls();
      hls.loadSource(r.hlsUrl);
      hls.attachMedia(el);
      this.hls = hls;
    } else if (el.canPlayType('application/vnd.apple.mpegurl')) {
      el.src = r.hlsUrl;
    } else if (r.masterUrl) {
      el.src = r.masterUrl;
    }
  }

  ngOnDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.hls?.destroy();
  }
}
