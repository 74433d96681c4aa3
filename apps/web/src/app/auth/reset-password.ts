import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { AuthPage } from './auth-page';

/**
 * A staff member opens a reset link (from an admin, an e-mail, or a new organisation's setup) and
 * chooses a password; the link then stops working and they sign in with it.
 */
@Component({
  selector: 'app-reset-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AuthPage,
    BidiIsolatePipe,
    ErrorMessage,
    Icon,
    LocalDatePipe,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatIconButton,
    MatInput,
    MatLabel,
    MatPrefix,
    MatProgressSpinner,
    MatSuffix,
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

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = new FormGroup({
    password: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)],
    }),
  });
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly showPassword = signal(false);

  protected async choosePassword(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.completePasswordReset(this.token(), this.form.getRawValue());
      this.done.set(true);
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
