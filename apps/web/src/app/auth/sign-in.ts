import { ChangeDetectionStrategy, Component, inject, input, resource, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { isStaff } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthApi } from '../core/auth-api';
import { homeUrl, isSafeReturnUrl } from '../core/home-url';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { FormSubmit } from '../shared/form-submit';
import { PasswordField } from '../shared/password-field';
import { AuthPage } from './auth-page';
import { BusyIcon } from '../shared/busy-icon';

/** Staff sign in with e-mail and password; participants are pointed to the join page. */
@Component({
  selector: 'app-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    AuthPage,
    ErrorMessage,
    Icon,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MatPrefix,
    PasswordField,
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
  private readonly sending = new FormSubmit(this.session.takeEndedReason());
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  private readonly api = inject(AuthApi);
  /** "Forgot your password?" is offered only when the server can e-mail a link (SMTP configured). */
  protected readonly options = resource({ loader: () => this.api.options() });
  protected readonly forgotOpen = signal(false);
  protected readonly forgotSent = signal(false);
  private readonly forgotSending = new FormSubmit();
  protected readonly forgotBusy = this.forgotSending.busy;
  protected readonly forgotError = this.forgotSending.error;
  protected readonly forgotEmail = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.email],
  });

  protected async sendResetLink(): Promise<void> {
    const sent = await this.forgotSending.run(
      () => this.api.forgotPassword(this.forgotEmail.value.trim()),
      this.forgotEmail,
    );
    this.forgotSent.set(sent);
  }

  protected async submit(): Promise<void> {
    await this.sending.run(async () => {
      const { email, password } = this.form.getRawValue();
      const me = await this.session.signIn({ email: email.trim(), password });
      const next = this.next();
      const target = isStaff(me.role) && isSafeReturnUrl(next) ? next : homeUrl(me);
      await this.router.navigateByUrl(target, { replaceUrl: true });
    }, this.form);
  }
}
