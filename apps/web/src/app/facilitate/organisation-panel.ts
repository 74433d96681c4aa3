import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  resource,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSelect } from '@angular/material/select';
import type { Language } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { ALL_LANGUAGES, DEFAULT_LANGUAGE, LANGUAGE_NAMES } from '../core/language';
import { OrganisationApi } from '../core/organisation-api';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { Notifier } from '../shared/notifier';
import { DemoDataCard } from './demo-data-card';

/** Admins rename the organisation and pick its default language. */
@Component({
  selector: 'app-organisation-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DemoDataCard,
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
    MatProgressSpinner,
    MatSelect,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  templateUrl: './organisation-panel.html',
  styleUrl: './panel.scss',
})
export class OrganisationPanel {
  private readonly api = inject(OrganisationApi);
  private readonly session = inject(Session);
  private readonly notifier = inject(Notifier);

  protected readonly languages = ALL_LANGUAGES;
  protected readonly names = LANGUAGE_NAMES;
  protected readonly organisation = resource({ loader: () => this.api.get() });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.organisation.error();
    return error ? toShownError(error) : null;
  });
  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(120)],
    }),
    defaultLanguage: new FormControl<Language>(DEFAULT_LANGUAGE, { nonNullable: true }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  constructor() {
    // Fill the form once the organisation has loaded.
    effect(() => {
      const organisation = this.organisation.value();
      if (organisation) {
        this.form.reset({
          name: organisation.name,
          defaultLanguage: organisation.defaultLanguage,
        });
      }
    });
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { name, defaultLanguage } = this.form.getRawValue();
      const saved = await this.api.update({ name: name.trim(), defaultLanguage });
      this.organisation.set(saved);
      this.session.renameOrganisation(saved.name);
      this.notifier.say('organisation.saved');
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
