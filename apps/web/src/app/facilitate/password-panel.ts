import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { PASSWORD_MIN_LENGTH } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { Notifier } from '../shared/notifier';

/** Staff change their own password (the current one required); their other sessions end. */
@Component({
  selector: 'app-password-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ErrorMessage,
    Icon,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MatPrefix,
    MatProgressSpinner,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  template: `
    <ng-container *transloco="let t">
      <div class="panel-head">
        <h2><app-icon name="key" />{{ t('account.passwordHeading') }}</h2>
      </div>
      <p class="lead">{{ t('account.passwordLead') }}</p>
      <form class="box form" [formGroup]="form" (ngSubmit)="changePassword()" novalidate>
        <mat-form-field appearance="outline">
          <mat-label>{{ t('account.currentPassword') }}</mat-label>
          <app-icon matPrefix class="field-icon" name="key" />
          <input
            matInput
            type="password"
            formControlName="currentPassword"
            autocomplete="current-password"
            dir="ltr"
            required
          />
          @if (form.controls.currentPassword.hasError('required')) {
            <mat-error>{{ t('forms.required') }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ t('account.newPassword') }}</mat-label>
          <app-icon matPrefix class="field-icon" name="key" />
          <input
            matInput
            type="password"
            formControlName="newPassword"
            autocomplete="new-password"
            dir="ltr"
            required
          />
          <mat-hint>{{ t('forms.passwordMin', { min: minLength }) }}</mat-hint>
          @if (form.controls.newPassword.hasError('required')) {
            <mat-error>{{ t('forms.required') }}</mat-error>
          } @else if (form.controls.newPassword.hasError('minlength')) {
            <mat-error>{{ t('forms.passwordMin', { min: minLength }) }}</mat-error>
          }
        </mat-form-field>
        <app-error-message [error]="error()" />
        <div class="form-actions">
          <button matButton="filled" type="submit" [disabled]="busy()">
            @if (busy()) {
              <mat-progress-spinner matButtonIcon mode="indeterminate" diameter="20" />
            } @else {
              <app-icon matButtonIcon name="check" />
            }
            {{ t('account.changePassword') }}
          </button>
        </div>
      </form>
    </ng-container>
  `,
  styleUrl: './panel.scss',
})
export class PasswordPanel {
  private readonly api = inject(AuthApi);
  private readonly notifier = inject(Notifier);

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = new FormGroup({
    currentPassword: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    newPassword: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)],
    }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  protected async changePassword(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.changePassword(this.form.getRawValue());
      this.form.reset();
      this.notifier.say('account.passwordChanged');
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
