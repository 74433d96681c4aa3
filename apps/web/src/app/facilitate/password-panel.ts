import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthApi } from '../core/auth-api';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { FormSubmit } from '../shared/form-submit';
import { Notifier } from '../shared/notifier';
import { newPasswordControl, PasswordField } from '../shared/password-field';
import { BusyIcon } from '../shared/busy-icon';

/** Staff change their own password (the current one required); their other sessions end. */
@Component({
  selector: 'app-password-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BusyIcon, ErrorMessage, Icon, MatButton, PasswordField, ReactiveFormsModule, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      <div class="panel-head">
        <h2><app-icon name="key" />{{ t('account.passwordHeading') }}</h2>
      </div>
      <p class="lead">{{ t('account.passwordLead') }}</p>
      <form class="box form" [formGroup]="form" (ngSubmit)="changePassword()" novalidate>
        <app-password-field
          [control]="form.controls.currentPassword"
          [label]="t('account.currentPassword')"
          name="currentPassword"
        />
        <app-password-field
          [control]="form.controls.newPassword"
          [label]="t('account.newPassword')"
          name="newPassword"
          [isNew]="true"
        />
        <app-error-message [error]="error()" />
        <div class="form-actions">
          <button matButton="filled" type="submit" [disabled]="busy()">
            <app-busy-icon matButtonIcon [busy]="busy()" name="check" [diameter]="20" />
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

  protected readonly form = new FormGroup({
    currentPassword: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    newPassword: newPasswordControl(),
  });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  protected async changePassword(): Promise<void> {
    const sent = await this.sending.run(() => this.api.changePassword(this.form.getRawValue()), this.form);
    if (!sent) return;
    this.form.reset();
    this.notifier.say('account.passwordChanged');
  }
}
