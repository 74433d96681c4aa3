import { ChangeDetectionStrategy, Component, computed, inject, input, output, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import type { Programme, Session } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { ProgrammesApi } from '../../core/programmes-api';
import { BrusselsTimePipe } from '../../shared/brussels-time.pipe';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { Notifier } from '../../shared/notifier';
import { SeriesForm } from './series-form';
import { SessionForm } from './session-form';

/** A programme's sessions: plan a series or a one-off, move, cancel and restore them. */
@Component({
  selector: 'app-sessions-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BrusselsTimePipe,
    ErrorMessage,
    Icon,
    MatButton,
    MatProgressSpinner,
    RouterLink,
    SeriesForm,
    SessionForm,
    TranslocoDirective,
  ],
  templateUrl: './sessions-panel.html',
  styleUrls: ['../panel.scss', './sessions-panel.scss'],
})
export class SessionsPanel {
  readonly programme = input.required<Programme>();
  /** Sessions were added, moved, cancelled or restored. */
  readonly changed = output<void>();

  private readonly api = inject(ProgrammesApi);
  private readonly notifier = inject(Notifier);

  protected readonly sessions = resource({
    params: () => this.programme().id,
    loader: ({ params }) => this.api.sessions(params),
  });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.sessions.error();
    return error ? toShownError(error) : null;
  });
  /** The next session still to happen (or happening now). */
  protected readonly nextId = computed(() => {
    const now = Date.now();
    return (this.sessions.value() ?? []).find((s) => !s.cancelledAt && Date.parse(s.endsAt) > now)?.id;
  });
  protected readonly adding = signal<'series' | 'one' | null>(null);
  protected readonly moving = signal<string | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected isPast(session: Session): boolean {
    return Date.parse(session.endsAt) < Date.now();
  }

  protected showGenerated(created: Session[]): void {
    this.adding.set(null);
    this.notifier.say('sessions.generated', { count: String(created.length) });
    this.afterChange();
  }

  protected showAdded(): void {
    this.adding.set(null);
    this.notifier.say('sessions.added');
    this.afterChange();
  }

  protected showMoved(): void {
    this.moving.set(null);
    this.notifier.say('sessions.moved');
    this.afterChange();
  }

  protected async cancel(session: Session): Promise<void> {
    await this.act(session, () => this.api.cancelSession(session.id), 'sessions.cancelledDone');
    this.confirming.set(null);
  }

  protected async restore(session: Session): Promise<void> {
    await this.act(session, () => this.api.restoreSession(session.id), 'sessions.restored');
  }

  private async act(session: Session, call: () => Promise<Session>, said: string): Promise<void> {
    this.busy.set(session.id);
    this.error.set(null);
    try {
      const updated = await call();
      this.sessions.update((list) => list?.map((s) => (s.id === updated.id ? updated : s)));
      this.notifier.say(said);
      this.changed.emit();
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }

  private afterChange(): void {
    this.sessions.reload();
    this.changed.emit();
  }
}
