import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { FormSubmit } from '../shared/form-submit';
import { newPasswordControl, PasswordField } from '../shared/password-field';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { AuthPage } from './auth-page';
import { BusyIcon } from '../shared/busy-icon';

/**
 * A staff member opens a reset link (from an admin, an e-mail, or a new organisation's setup) and
 * chooses a password; the link then stops working and they sign in with it.
 */
@Component({
  selector: 'app-reset-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    AuthPage,
    BidiIsolatePipe,
    ErrorMessage,
    Icon,
    LocalDatePipe,
    MatButton,
    MatProgressSpinner,
    PasswordField,
    ReactiveFormsModule,
    RouterLink,
    TranslocoDirective,
  ],
  templateUrl: './reset-password.html',
  styleUrl: './auth-form.scss',
})
export class ResetPassword {
  /** The secret from the link `/reset-password/:token`. */
  readonly token = input.required<string>();

  private readonly api = inject(AuthApi);

  protected readonly preview = resource({
    params: () => this.token(),
    loader: ({ params }) => this.api.passwordReset(params),
  });
  protected readonly previewError = computed<ShownError | null>(() => {
    const error = this.preview.error();
    return error ? toShownError(error) : null;
  });

  protected readonly form = new FormGroup({ password: newPasswordControl() });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly done = signal(false);

  protected async choosePassword(): Promise<void> {
    const sent = await this.sending.run(
      () => this.api.completePasswordReset(this.token(), this.form.getRawValue()),
      this.form,
    );
    this.done.set(sent);
  }
}
