import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { PASSWORD_MIN_LENGTH } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from './icon';

/** A required new password of at least PASSWORD_MIN_LENGTH characters (the server's rule). */
export function newPasswordControl(): FormControl<string> {
  return new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)],
  });
}

/**
 * One password field: a key icon, a button that shows or hides what was typed, and for a new
 * password the length rule as a hint. `name` is the input's name (password managers and tests).
 */
@Component({
  selector: 'app-password-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    Icon,
    MatError,
    MatFormField,
    MatHint,
    MatIconButton,
    MatInput,
    MatLabel,
    MatPrefix,
    MatSuffix,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  template: `
    <mat-form-field appearance="outline" *transloco="let t">
      <mat-label>{{ label() }}</mat-label>
      <app-icon matPrefix class="field-icon" name="key" />
      <input
        matInput
        [type]="shown() ? 'text' : 'password'"
        [formControl]="control()"
        [name]="name()"
        [attr.autocomplete]="isNew() ? 'new-password' : 'current-password'"
        dir="ltr"
        required
      />
      <button
        matIconButton
        matSuffix
        type="button"
        [attr.aria-label]="shown() ? t('forms.hidePassword') : t('forms.showPassword')"
        [attr.aria-pressed]="shown()"
        (click)="shown.set(!shown())"
      >
        <app-icon [name]="shown() ? 'visibilityOff' : 'visibility'" />
      </button>
      @if (isNew()) {
        <mat-hint>{{ t('forms.passwordMin', { min: minLength }) }}</mat-hint>
      }
      @if (control().hasError('required')) {
        <mat-error>{{ t('forms.required') }}</mat-error>
      } @else if (control().hasError('minlength')) {
        <mat-error>{{ t('forms.passwordMin', { min: minLength }) }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
    }
    .field-icon {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class PasswordField {
  readonly control = input.required<FormControl<string>>();
  readonly label = input.required<string>();
  readonly name = input.required<string>();
  /** A password being chosen (new-password autofill, the length rule) rather than one being typed in. */
  readonly isNew = input(false);

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly shown = signal(false);
}
