import { ChangeDetectionStrategy, Component, inject, input, resource, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import { isStaff } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { homeUrl, isSafeReturnUrl } from '../core/home-url';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { AuthPage } from './auth-page';

/** Staff sign in with e-mail and password; participants are pointed to the join page. */
@Component({
  selector: 'app-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AuthPage,
    ErrorMessage,
    Icon,
    MatButton,
    MatError,
    MatFormField,
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
  templateUrl: './sign-in.html',
  styleUrl: './auth-form.scss',
})
export class SignIn {
  /** Where to go after signing in, when a guard sent the person here (`?next=/staff`). */
  readonly next = input<string>();

  private readonly session = inject(Session);
  private readonly router = inject(Router);

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(this.session.takeEndedReason());
  protected readonly showPassword = signal(false);

  private readonly api = inject(AuthApi);
  /** "Forgot your password?" is offered only when the server can e-mail a link (SMTP configured). */
  protected readonly options = resource({ loader: () => this.api.options() });
  protected readonly forgotOpen = signal(false);
  protected readonly forgotSent = signal(false);
  protected readonly forgotError = signal<ShownError | null>(null);
  protected readonly forgotEmail = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.email],
  });

  protected async sendResetLink(): Promise<void> {
    if (this.forgotEmail.invalid) {
      this.forgotEmail.markAsTouched();
      return;
    }
    this.busy.set(true);
    this.forgotError.set(null);
    try {
      await this.api.forgotPassword(this.forgotEmail.value.trim());
      this.forgotSent.set(true);
    } catch (error) {
      this.forgotError.set(toShownError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { email, password } = this.form.getRawValue();
      const me = await this.session.signIn({ email: email.trim(), password });
      const next = this.next();
      const target = isStaff(me.role) && isSafeReturnUrl(next) ? next : homeUrl(me);
      await this.router.navigateByUrl(target, { replaceUrl: true });
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
