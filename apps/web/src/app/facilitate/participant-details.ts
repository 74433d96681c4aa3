import { ChangeDetectionStrategy, Component, computed, inject, input, output, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { Device, JoinCode, Participant } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { ParticipantsApi } from '../core/participants-api';
import { Session } from '../core/session';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { Notifier } from '../shared/notifier';
import { JoinCard } from './join-card';
import { BusyIcon } from '../shared/busy-icon';

/** Inside a participant's row: contact details, a new join code, their signed-in devices, and (admins) removal. */
@Component({
  selector: 'app-participant-details',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    BidiIsolatePipe,
    ErrorMessage,
    Icon,
    JoinCard,
    LocalDatePipe,
    MatButton,
    MatProgressSpinner,
    TranslocoDirective,
  ],
  templateUrl: './participant-details.html',
  styleUrls: ['./panel.scss', './participant-details.scss'],
})
export class ParticipantDetails {
  readonly participant = input.required<Participant>();
  /** A device was signed out, so the participant's device count changed. */
  readonly devicesChanged = output<void>();
  /** The participant was removed from the organisation. */
  readonly removed = output<void>();

  protected readonly isAdmin = inject(Session).isAdmin;
  protected readonly confirmingRemoval = signal(false);

  private readonly api = inject(ParticipantsApi);
  private readonly notifier = inject(Notifier);

  protected readonly devices = resource({
    params: () => this.participant().id,
    loader: ({ params }) => this.api.devices(params),
  });
  protected readonly joinCode = signal<JoinCode | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected readonly devicesError = computed<ShownError | null>(() => {
    const error = this.devices.error();
    return error ? toShownError(error) : null;
  });

  protected async newJoinCode(): Promise<void> {
    this.busy.set('code');
    this.error.set(null);
    try {
      this.joinCode.set(await this.api.newJoinCode(this.participant().id));
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }

  protected async revoke(device: Device): Promise<void> {
    this.busy.set(device.id);
    this.error.set(null);
    try {
      await this.api.revokeDevice(this.participant().id, device.id);
      this.notifier.say('participants.deviceRevoked', { device: device.label });
      this.devices.reload();
      this.devicesChanged.emit();
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }

  /** What happens is said before confirming: see "Removing a participant" in docs/ARCHITECTURE.md. */
  protected async removeParticipant(): Promise<void> {
    this.busy.set('remove');
    this.error.set(null);
    try {
      await this.api.remove(this.participant().id);
      this.notifier.say('participants.removedNotice', { name: this.participant().displayName });
      this.removed.emit();
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }
}
