import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  signal,
  type OnInit,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import type { AttendanceStatus, RosterEntry } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { AttendanceApi } from '../../core/attendance-api';
import { LanguageService } from '../../core/language';
import { STATUSES, STATUS_ICONS } from '../../shared/attendance-status';
import { BrusselsTimePipe } from '../../shared/brussels-time.pipe';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { Notifier } from '../../shared/notifier';
import { TopBar } from '../../shared/top-bar';
import { RosterState } from './roster-state';
import { BusyIcon } from '../../shared/busy-icon';

/** Check-ins and other trainers' marks show up this often. */
const REFRESH_MS = 10_000;

/** Taking attendance on a phone: one row per person, four big buttons, instant and undoable. */
@Component({
  selector: 'app-roster-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [RosterState],
  imports: [
    BusyIcon,
    BrusselsTimePipe,
    ErrorMessage,
    Icon,
    MatButton,
    MatProgressSpinner,
    RouterLink,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './roster-page.html',
  styleUrl: './roster-page.scss',
})
export class RosterPage implements OnInit {
  /** The session, from `/staff/sessions/:id/roster`. */
  readonly id = input.required<string>();

  protected readonly state = inject(RosterState);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly attendanceApi = inject(AttendanceApi);
  private readonly language = inject(LanguageService);
  protected readonly statuses = STATUSES;
  protected readonly icons = STATUS_ICONS;
  protected readonly loadError = signal<ShownError | null>(null);
  protected readonly loading = signal(true);

  protected readonly entries = computed(() =>
    [...(this.state.roster()?.entries ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName)),
  );
  protected readonly cancelled = computed(() => !!this.state.roster()?.session.cancelledAt);
  protected readonly sheetUrl = computed(() => this.attendanceApi.signInSheetUrl(this.id(), this.language.language()));

  ngOnInit(): void {
    void this.load();
    const timer = setInterval(() => {
      if (!this.loadError()) this.state.refresh().catch(() => undefined);
    }, REFRESH_MS);
    this.destroyRef.onDestroy(() => clearInterval(timer));
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      await this.state.load(this.id());
    } catch (error) {
      this.loadError.set(toShownError(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected setStatus(entry: RosterEntry, status: AttendanceStatus): void {
    void this.state.mark(entry, status);
  }

  protected async undo(): Promise<void> {
    if (await this.state.undo()) this.notifier.say('roster.undone');
  }

  protected markRestAbsent(): void {
    void this.state.markRestAbsent();
  }

  protected decide(entry: RosterEntry, decision: 'confirm' | 'decline'): void {
    void this.state.decide(entry, decision);
  }
}
