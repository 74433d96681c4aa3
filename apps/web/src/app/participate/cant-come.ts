import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { ABSENCE_NOTE_MAX_LENGTH, AbsenceReason, type AbsenceNotice } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { ActionQueue } from '../core/action-queue';
import { OfflineCopy } from '../core/offline-copy';
import { ParticipationApi } from '../core/participation-api';
import { ABSENCE_REASONS, REASON_ICONS } from '../shared/attendance-status';
import { BrusselsTimePipe } from '../shared/brussels-time.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { ReadAloud } from '../shared/read-aloud';
import { TopBar } from '../shared/top-bar';
import { BusyIcon } from '../shared/busy-icon';

/**
 * "I can't come": a tap on a picture says why, a second tap sends it (with a few words for
 * "other"); the trainer confirms (or it is excused at once). Until a trainer answers, it can be
 * taken back from here.
 */
@Component({
  selector: 'app-cant-come',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    BrusselsTimePipe,
    ErrorMessage,
    Icon,
    MatButton,
    ReadAloud,
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

  private readonly queue = inject(ActionQueue);
  private readonly copy = inject(OfflineCopy);
  private readonly sessions = resource({ loader: () => this.copy.read('sessions', () => this.api.sessions()) });
  protected readonly item = computed(() => this.sessions.value()?.value.find((s) => s.session.id === this.id()));
  /** The last answer or undo was kept on the phone: it goes when the network is back. */
  protected readonly queued = signal(false);
  protected readonly other = AbsenceReason.Other;
  protected readonly noteMax = ABSENCE_NOTE_MAX_LENGTH;
  /** The picture tapped, waiting for "Send". */
  protected readonly chosen = signal<AbsenceReason | null>(null);
  protected readonly note = signal('');
  protected readonly sending = signal(false);
  /** What the trainer has been told: the notice sent from here, or one sent before. */
  protected readonly sent = linkedSignal<AbsenceNotice | null>(() => {
    const absence = this.item()?.absence ?? null;
    return absence?.status === 'declined' ? null : absence;
  });
  protected readonly withdrawn = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  protected choose(reason: AbsenceReason): void {
    this.chosen.set(reason);
    this.error.set(null);
  }

  protected async send(): Promise<void> {
    const reason = this.chosen();
    if (!reason || this.sending()) return;
    this.sending.set(true);
    this.error.set(null);
    try {
      const note = reason === AbsenceReason.Other ? this.note().trim() : '';
      const sent = await this.queue.send<AbsenceNotice>({
        kind: 'cantCome',
        method: 'POST',
        url: this.url(),
        body: { reason, ...(note ? { note } : {}) },
        label: this.item()?.programmeTitle ?? '',
      });
      this.queued.set(sent.queued);
      // Kept on the phone: shown as sent (not yet answered) so it can still be taken back.
      this.sent.set(
        sent.queued
          ? {
              id: '',
              sessionId: this.id(),
              participantId: '',
              reason,
              status: 'pending',
              note: note || null,
              answered: false,
              createdAt: new Date().toISOString(),
            }
          : sent.value,
      );
      this.withdrawn.set(false);
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.sending.set(false);
    }
  }

  private url(): string {
    return `/api/me/sessions/${encodeURIComponent(this.id())}/absence`;
  }

  /** "I can come after all." */
  protected async withdraw(): Promise<void> {
    if (this.sending()) return;
    this.sending.set(true);
    this.error.set(null);
    try {
      const sent = await this.queue.send<void>({
        kind: 'cantComeUndo',
        method: 'DELETE',
        url: this.url(),
        body: null,
        label: this.item()?.programmeTitle ?? '',
      });
      this.queued.set(sent.queued);
      this.sent.set(null);
      this.chosen.set(null);
      this.withdrawn.set(true);
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.sending.set(false);
    }
  }
}
