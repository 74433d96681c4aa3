import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  resource,
  signal,
  untracked,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { ClipStatus, type Clip } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { LanguageService } from '../core/language';
import { MediaApi } from '../core/media-api';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { ReadAloud } from '../shared/read-aloud';
import { TopBar } from '../shared/top-bar';
import { ClipCard } from './clip-card';
import { ClipPlayer } from './clip-player';
import { ClipProgress } from './clip-progress';
import { ClipUploads } from './clip-uploads';
import { FileSizePipe } from './file-size.pipe';
import { UploadList } from './upload-list';

/**
 * A group's bin: the limits up front, several uploads at once with a bar each, and the clips with
 * their live status (socket.io), player and the trainer's tools.
 */
@Component({
  selector: 'app-clip-bin',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ClipCard,
    ClipPlayer,
    ErrorMessage,
    FileSizePipe,
    Icon,
    MatButton,
    MatCheckbox,
    MatProgressSpinner,
    ReadAloud,
    RouterLink,
    TopBar,
    TranslocoDirective,
    UploadList,
  ],
  providers: [ClipProgress],
  templateUrl: './clip-bin.html',
  styleUrl: './studio.scss',
})
export class ClipBin {
  readonly groupId = input.required<string>();
  protected readonly session = inject(Session);
  protected readonly language = inject(LanguageService);
  private readonly api = inject(MediaApi);
  protected readonly uploads = inject(ClipUploads);
  private readonly progress = inject(ClipProgress);

  protected readonly group = resource({ params: () => this.groupId(), loader: ({ params }) => this.api.group(params) });
  private readonly projectId = computed(() => this.group.value()?.projectId);
  protected readonly limits = resource({
    params: () => this.projectId(),
    loader: ({ params }) => this.api.limits(params),
  });
  protected readonly clips = resource({
    params: () => this.projectId(),
    loader: ({ params }) => this.api.clips(params),
  });
  protected readonly loadError = computed<ShownError | null>(() => {
    const e = this.group.error() ?? this.clips.error();
    return e ? toShownError(e) : null;
  });
  protected readonly myUploads = computed(() => this.uploads.tasks().filter((t) => t.projectId === this.projectId()));
  protected readonly clipStatuses = computed(() => Object.fromEntries(this.shown().map((c) => [c.id, c.status])));
  /** The loaded clips with their latest live status laid over. */
  protected readonly shown = computed<Clip[]>(() => {
    const live = this.progress.latest();
    return (this.clips.value() ?? []).map((c) => {
      const e = live.get(c.id);
      return e && !(c.status === ClipStatus.Ready || c.status === ClipStatus.Failed)
        ? { ...c, status: e.status, progress: e.progress, waitingFor: e.waitingFor ?? null }
        : c;
    });
  });
  /** Clips whose processing waits for the storage to come back: as stored (after a reload), or as last announced. */
  protected readonly waitingForStorage = computed(
    () =>
      new Set(
        this.shown()
          .filter((c) => c.waitingFor === 'storage' && c.status === ClipStatus.Processing)
          .map((c) => c.id),
      ),
  );
  protected readonly playing = signal<Clip | null>(null);

  constructor() {
    effect(() => {
      const projectId = this.projectId();
      if (projectId) untracked(() => this.progress.watch(projectId));
    });
    // A finished upload, a reconnection, or a clip reaching ready/failed: reload the bin.
    effect(() => {
      this.uploads.finished();
      this.progress.rejoined();
      untracked(() => this.reload());
    });
    effect(() => {
      const live = this.progress.latest();
      const loaded = untracked(() => this.clips.value()) ?? [];
      const settled = [...live.values()].some((e) => {
        const c = loaded.find((x) => x.id === e.clipId);
        return !c || ((e.status === ClipStatus.Ready || e.status === ClipStatus.Failed) && c.status !== e.status);
      });
      if (settled) untracked(() => this.reload());
    });
  }

  protected reload(): void {
    if (!this.projectId()) return;
    this.clips.reload();
    this.limits.reload();
  }

  protected chooseFiles(input: HTMLInputElement): void {
    const limits = this.limits.value();
    const projectId = this.projectId();
    if (!limits || !projectId || !input.files?.length) return;
    this.uploads.add(projectId, [...input.files], limits);
    input.value = '';
  }

  protected canDelete(clip: Clip): boolean {
    return this.session.isStaff() || clip.uploadedBy.id === this.session.me()?.user.id;
  }
}
