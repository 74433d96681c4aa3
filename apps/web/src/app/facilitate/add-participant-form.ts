import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import type { Language, ParticipantWithJoinCode } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { ALL_LANGUAGES, LANGUAGE_NAMES, LanguageService } from '../core/language';
import { ParticipantsApi } from '../core/participants-api';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { BusyIcon } from '../shared/busy-icon';
import { FormSubmit } from '../shared/form-submit';

/** A trainer adds a participant: a name or pseudonym, a language, and contact details if any. */
@Component({
  selector: 'app-add-participant-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    ErrorMessage,
    Icon,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MatOption,
    MatPrefix,
    MatSelect,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  templateUrl: './add-participant-form.html',
  styleUrl: './panel.scss',
})
export class AddParticipantForm {
  readonly created = output<ParticipantWithJoinCode>();
  readonly cancelled = output<void>();

  private readonly api = inject(ParticipantsApi);
  protected readonly languages = ALL_LANGUAGES;
  protected readonly names = LANGUAGE_NAMES;

  protected readonly form = new FormGroup({
    displayName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(80)],
    }),
    preferredLanguage: new FormControl<Language>(inject(LanguageService).language(), {
      nonNullable: true,
      validators: [Validators.required],
    }),
    phone: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(40), Validators.pattern(/^[+0-9 ()./-]*$/)],
    }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.email] }),
  });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  protected async submit(): Promise<void> {
    await this.sending.run(async () => {
      const { displayName, preferredLanguage, phone, email } = this.form.getRawValue();
      this.created.emit(
        await this.api.create({
          displayName: displayName.trim(),
          preferredLanguage,
          phone: phone.trim() || undefined,
          email: email.trim() || undefined,
        }),
      );
    }, this.form);
  }
}
