import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type FormGroupDirective } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatError, MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { Role, type Invitation, type InviteStaffRequest } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { OrganisationApi } from '../core/organisation-api';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { Notifier } from '../shared/notifier';
import { BusyIcon } from '../shared/busy-icon';

type StaffRole = InviteStaffRequest['role'];

/** Admins invite new staff by link (no e-mail is sent yet) and cancel pending invitations. */
@Component({
  selector: 'app-invitations-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    BidiIsolatePipe,
    CdkCopyToClipboard,
    ErrorMessage,
    Icon,
    LocalDatePipe,
    MatButton,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MatPrefix,
    MatProgressSpinner,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  templateUrl: './invitations-panel.html',
  styleUrls: ['./panel.scss', './invitations-panel.scss'],
})
export class InvitationsPanel {
  private readonly api = inject(OrganisationApi);
  private readonly notifier = inject(Notifier);

  protected readonly roles: readonly StaffRole[] = [Role.Trainer, Role.Admin];
  protected readonly invitations = resource({ loader: () => this.api.invitations() });
  protected readonly pending = computed(() => {
    const now = Date.now();
    return (this.invitations.value() ?? []).filter(
      (i) => i.acceptedAt === null && new Date(i.expiresAt).getTime() > now,
    );
  });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.invitations.error();
    return error ? toShownError(error) : null;
  });

  protected readonly form = new FormGroup({
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.email],
    }),
    role: new FormControl<StaffRole>(Role.Trainer, { nonNullable: true }),
  });
  protected readonly created = signal<Invitation | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected async invite(formDirective: FormGroupDirective): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set('invite');
    this.error.set(null);
    try {
      const { email, role } = this.form.getRawValue();
      this.created.set(await this.api.invite({ email: email.trim(), role }));
      formDirective.resetForm({ email: '', role: Role.Trainer }); // Also forgets it was submitted.
      this.invitations.reload();
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }

  protected async cancel(invitation: Invitation): Promise<void> {
    this.busy.set(invitation.id);
    this.error.set(null);
    try {
      await this.api.cancelInvitation(invitation.id);
      if (this.created()?.id === invitation.id) this.created.set(null);
      this.notifier.say('invitations.cancelled', { email: invitation.email });
      this.invitations.reload();
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }

  /** Selects the whole link so it can be copied by hand when the copy button cannot. */
  protected selectText(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  protected copied(ok: boolean): void {
    this.notifier.say(ok ? 'invitations.copied' : 'invitations.copyFailed');
  }
}
