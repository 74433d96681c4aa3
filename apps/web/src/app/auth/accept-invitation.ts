import { ChangeDetectionStrategy, Component, computed, inject, input, resource } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { homeUrl } from '../core/home-url';
import { Session } from '../core/session';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { FormSubmit } from '../shared/form-submit';
import { newPasswordControl, PasswordField } from '../shared/password-field';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { AuthPage } from './auth-page';
import { BusyIcon } from '../shared/busy-icon';

/** A new staff member opens their invitation link, picks a name and password, and is signed in. */
@Component({
  selector: 'app-accept-invitation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    BidiIsolatePipe,
    AuthPage,
    ErrorMessage,
    Icon,
    LocalDatePipe,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MatPrefix,
    MatProgressSpinner,
    PasswordField,
    ReactiveFormsModule,
    RouterLink,
    TranslocoDirective,
  ],
  templateUrl: './accept-invitation.html',
  styleUrl: './auth-form.scss',
})
export class AcceptInvitation {
  /** The secret from the link `/invite/:token`. */
  readonly token = input.required<string>();

  private readonly api = inject(AuthApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);

  protected readonly preview = resource({
    params: () => this.token(),
    loader: ({ params }) => this.api.invitation(params),
  });
  protected readonly previewError = computed<ShownError | null>(() => {
    const error = this.preview.error();
    return error ? toShownError(error) : null;
  });

  protected readonly form = new FormGroup({
    displayName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(80)],
    }),
    password: newPasswordControl(),
  });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  protected async submit(): Promise<void> {
    await this.sending.run(async () => {
      const { displayName, password } = this.form.getRawValue();
      const me = await this.session.acceptInvitation(this.token(), { displayName: displayName.trim(), password });
      await this.router.navigateByUrl(homeUrl(me), { replaceUrl: true });
    }, this.form);
  }
}
