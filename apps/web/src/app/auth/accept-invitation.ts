import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { homeUrl } from '../core/home-url';
import { Session } from '../core/session';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { AuthPage } from './auth-page';

/** A new staff member opens their invitation link, picks a name and password, and is signed in. */
@Component({
  selector: 'app-accept-invitation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BidiIsolatePipe,
    AuthPage,
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

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = new FormGroup({
    displayName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(80)],
    }),
    password: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)],
    }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly showPassword = signal(false);

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { displayName, password } = this.form.getRawValue();
      const me = await this.session.acceptInvitation(this.token(), {
        displayName: displayName.trim(),
        password,
      });
      await this.router.navigateByUrl(homeUrl(me), { replaceUrl: true });
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
