import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import type { AbsenceNotice, AbsenceReason } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { ParticipationApi } from '../core/participation-api';
import { ABSENCE_REASONS, REASON_ICONS } from '../shared/attendance-status';
import { BrusselsTimePipe } from '../shared/brussels-time.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { TopBar } from '../shared/top-bar';

/** "I can't come": one tap on a picture says why; the trainer confirms (or it is excused at once). */
@Component({
  selector: 'app-cant-come',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BrusselsTimePipe,
    ErrorMessage,
    Icon,
    MatButton,
    MatProgressSpinner,
    RouterLink,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './cant-come.html',
  styleUrl: './cant-come.scss',
})
export class CantCome {
  /** The session, from `/home/sessions/:id/cant-come`. */
  readonly id = input.required<string>();

  private readonly api = inject(ParticipationApi);
  protected readonly reasons = ABSENCE_REASONS;
  protected readonly icons = REASON_ICONS;

  private readonly sessions = resource({ loader: () => this.api.sessions() });
  protected readonly item = computed(() =>
    this.sessions.value()?.find((s) => s.session.id === this.id()),
  );
  protected readonly sending = signal<AbsenceReason | null>(null);
  protected readonly sent = signal<AbsenceNotice | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected async send(reason: AbsenceReason): Promise<void> {
    if (this.sending()) return;
    this.sending.set(reason);
    this.error.set(null);
    try {
      this.sent.set(await this.api.cantCome(this.id(), reason));
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.sending.set(null);
    }
  }
}
