import { CdkDrag, CdkDragHandle, CdkDropList, type CdkDragDrop } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import {
  ErrorCode,
  type RenderTarget,
  type Timeline,
  type TimelineDocument,
  type TimelineSegment,
  type TimelineSource,
  type TimelineVersionSummary,
} from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { Notifier } from '../shared/notifier';
import { TopBar } from '../shared/top-bar';
import { RenderPanel } from './render-panel';
import { SegmentEditor } from './segment-editor';
import { TimelineApi } from './timeline-api';
import { addSource, addTitle, clock, move, remove, segmentMs, totalMs, update } from './timeline-edits';
import { TimelinePreview } from './timeline-preview';

/** What the server said when our save was based on an older version. */
interface Conflict {
  changedBy: string;
  changedAt: string | null;
  currentVersion: number;
}

/**
 * A group's film, assembled in the browser: the bin of ready clips, the ordered segments (drag on
 * desktop, up/down on phones), the selected segment's editor, the music, a preview from the
 * proxies, saving as a new version (refused when someone saved in between — the member's edit
 * stays on screen and they choose), the history of who changed what, and the render.
 * Route: `/studio/projects/:projectId/timeline`.
 */
@Component({
  selector: 'app-timeline-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BidiIsolatePipe,
    CdkDrag,
    CdkDragHandle,
    CdkDropList,
    ErrorMessage,
    Icon,
    LocalDatePipe,
    MatButton,
    MatIconButton,
    MatProgressSpinner,
    RenderPanel,
    SegmentEditor,
    TimelinePreview,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './timeline-editor.html',
  styleUrl: './timeline-editor.scss',
})
export class TimelineEditor {
  readonly projectId = input.required<string>();

  private readonly api = inject(TimelineApi);
  private readonly notifier = inject(Notifier);

  protected readonly loaded = signal<Timeline | null>(null);
  protected readonly doc = signal<TimelineDocument | null>(null);
  protected readonly sources = signal<TimelineSource[]>([]);
  protected readonly history = signal<TimelineVersionSummary[]>([]);
  protected readonly selected = signal<number | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly conflict = signal<Conflict | null>(null);
  protected readonly issues = signal<Array<{ segmentIndex: number | null; message: string; code: string }>>([]);

  protected readonly byId = computed(() => new Map(this.sources().map((s) => [s.clipId, s])));
  protected readonly images = computed(() => this.sources().filter((s) => s.kind === 'image'));
  protected readonly sounds = computed(() => this.sources().filter((s) => s.kind === 'audio' || s.kind === 'video'));
  protected readonly dirty = computed(() => {
    const d = this.doc();
    const l = this.loaded();
    return !!d && !!l && JSON.stringify(d) !== JSON.stringify(l.document);
  });
  protected readonly total = computed(() => (this.doc() ? totalMs(this.doc()!) : 0));
  protected readonly flagged = computed(() => new Set((this.loaded()?.issues ?? []).map((i) => i.segmentId)));
  protected readonly selectedSegment = computed(() => {
    const i = this.selected();
    return i === null ? null : (this.doc()?.segments[i] ?? null);
  });
  protected readonly clock = clock;
  protected readonly segmentMs = segmentMs;
  protected readonly ms = (seconds: number): number =>
    Number.isFinite(seconds) ? Math.max(0, Math.round(seconds * 1000)) : 0;

  constructor() {
    effect(() => void this.load(this.projectId()));
  }

  protected async load(projectId: string): Promise<void> {
    this.error.set(null);
    try {
      const [timeline, sources, history] = await Promise.all([
        this.api.timeline(projectId),
        this.api.sources(projectId),
        this.api.versions(projectId),
      ]);
      this.sources.set(sources);
      this.history.set(history);
      this.show(timeline);
    } catch (e) {
      this.error.set(toShownError(e));
    }
  }

  private show(t: Timeline): void {
    this.loaded.set(t);
    this.doc.set(structuredClone(t.document));
    this.conflict.set(null);
    this.issues.set([]);
    const i = this.selected();
    if (i !== null && i >= t.document.segments.length) this.selected.set(null);
  }

  protected edit(change: (d: TimelineDocument) => TimelineDocument): void {
    const d = this.doc();
    if (d) this.doc.set(change(d));
  }

  protected add(source: TimelineSource): void {
    this.edit((d) => addSource(d, source));
    if (source.kind !== 'audio') this.selected.set(this.doc()!.segments.length - 1);
  }

  protected addTitleCard(text: string): void {
    this.edit((d) => addTitle(d, text));
    this.selected.set(this.doc()!.segments.length - 1);
  }

  protected moveUp(i: number): void {
    this.edit((d) => move(d, i, i - 1));
    if (this.selected() === i) this.selected.set(Math.max(0, i - 1));
  }

  protected moveDown(i: number): void {
    const last = this.doc()!.segments.length - 1;
    this.edit((d) => move(d, i, i + 1));
    if (this.selected() === i) this.selected.set(Math.min(last, i + 1));
  }

  protected dropped(e: CdkDragDrop<unknown>): void {
    this.edit((d) => move(d, e.previousIndex, e.currentIndex));
    if (this.selected() === e.previousIndex) this.selected.set(e.currentIndex);
  }

  protected removeAt(i: number): void {
    this.edit((d) => remove(d, i));
    this.selected.set(null);
  }

  protected patchSelected(patch: Partial<TimelineSegment>): void {
    const i = this.selected();
    if (i !== null) this.edit((d) => update(d, i, patch));
  }

  protected setTarget(target: RenderTarget): void {
    this.edit((d) => ({ ...d, target }));
  }

  protected setFadeOut(on: boolean): void {
    this.edit((d) => ({ ...d, fadeOutAtEnd: on }));
  }

  protected setMusic(patch: Partial<NonNullable<TimelineDocument['music']>> | null): void {
    this.edit((d) => ({ ...d, music: patch === null || !d.music ? null : { ...d.music, ...patch } }));
  }

  protected chooseMusic(clipId: string): void {
    const s = this.byId().get(clipId);
    if (!clipId || !s) return this.setMusic(null);
    this.edit((d) => ({
      ...d,
      music: { clipId, inMs: 0, outMs: s.durationMs ?? 0, startMs: 0, gainDb: d.music?.gainDb ?? -12 },
    }));
  }

  /** Saves on the version we loaded; `over` saves on the newer version someone else made (their edit is replaced by ours, by choice). */
  protected async save(over = false): Promise<void> {
    const d = this.doc();
    const l = this.loaded();
    if (!d || !l) return;
    const base = over && this.conflict() ? this.conflict()!.currentVersion : l.version;
    this.saving.set(true);
    this.error.set(null);
    this.issues.set([]);
    try {
      const saved = await this.api.save(this.projectId(), { baseVersion: base, document: d });
      this.show(saved);
      this.history.set(await this.api.versions(this.projectId()));
      this.notifier.say('timeline.saved', { version: String(saved.version) });
    } catch (e) {
      const err = toShownError(e);
      if (err.code === ErrorCode.TimelineStale) {
        const det = err.details ?? {};
        this.conflict.set({
          changedBy: typeof det['changedBy'] === 'string' ? det['changedBy'] : '',
          changedAt: (det['changedAt'] as string | null) ?? null,
          currentVersion: Number(det['currentVersion'] ?? 0),
        });
      } else {
        if (err.code === ErrorCode.TimelineInvalid)
          this.issues.set(
            (err.details?.['issues'] as Array<{ segmentIndex: number | null; message: string; code: string }>) ?? [],
          );
        this.error.set(err);
      }
    } finally {
      this.saving.set(false);
    }
  }

  /** Drops our unsaved edit and shows the newest version. */
  protected async reloadTheirs(): Promise<void> {
    this.show(await this.api.timeline(this.projectId()));
    this.history.set(await this.api.versions(this.projectId()));
  }

  protected thumb(s: TimelineSegment): string | null {
    if (s.kind === 'title') return s.imageClipId ? (this.byId().get(s.imageClipId)?.posterUrl ?? null) : null;
    return this.byId().get(s.clipId)?.posterUrl ?? null;
  }

  protected sourceOf(s: TimelineSegment): TimelineSource | null {
    return s.kind === 'title' ? null : (this.byId().get(s.clipId) ?? null);
  }

  protected label(s: TimelineSegment): string {
    if (s.kind === 'title') return s.text;
    return this.byId().get(s.clipId)?.title ?? '';
  }
}
