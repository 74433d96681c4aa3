import { ChangeDetectionStrategy, Component, computed, effect, inject, resource } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSelect } from '@angular/material/select';
import { MAX_SLUG_LENGTH, SLUG_PATTERN, type Language } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { ALL_LANGUAGES, DEFAULT_LANGUAGE, LANGUAGE_NAMES } from '../core/language';
import { OrganisationApi } from '../core/organisation-api';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { Notifier } from '../shared/notifier';
import { DemoDataCard } from './demo-data-card';
import { BusyIcon } from '../shared/busy-icon';
import { FormSubmit } from '../shared/form-submit';

/**
 * Organisation settings (admins): name, catalogue address (old addresses keep redirecting), the
 * languages it works in with the default one, and the default storage space of its groups.
 */
const GB = 1024 ** 3;

@Component({
  selector: 'app-organisation-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    DemoDataCard,
    ErrorMessage,
    Icon,
    MatButton,
    MatCheckbox,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MatOption,
    MatPrefix,
    MatProgressSpinner,
    MatSelect,
    MatSuffix,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  templateUrl: './organisation-panel.html',
  styleUrls: ['./panel.scss', './organisation-panel.scss'],
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
    slug: new FormControl('', {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.minLength(2),
        Validators.maxLength(MAX_SLUG_LENGTH),
        Validators.pattern(SLUG_PATTERN),
      ],
    }),
    defaultLanguage: new FormControl<Language>(DEFAULT_LANGUAGE, { nonNullable: true }),
    languages: new FormControl<Language[]>([...ALL_LANGUAGES], { nonNullable: true }),
    /** Whole gigabytes; empty for the instance's default. */
    quotaGb: new FormControl<number | null>(null, { validators: [Validators.min(1), Validators.max(100_000)] }),
  });
  protected readonly catalogueBase = `${location.origin}/catalogue/`;
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  constructor() {
    // Fill the form once the organisation has loaded.
    effect(() => {
      const organisation = this.organisation.value();
      if (organisation) {
        this.form.reset({
          name: organisation.name,
          slug: organisation.slug,
          defaultLanguage: organisation.defaultLanguage,
          languages: organisation.languages,
          quotaGb: organisation.projectQuotaBytes === null ? null : Math.round(organisation.projectQuotaBytes / GB),
        });
      }
    });
  }

  protected offers(language: Language): boolean {
    return this.form.controls.languages.value.includes(language);
  }

  /** Ticks or unticks a language; the default language stays ticked (the API refuses it otherwise). */
  protected toggleLanguage(language: Language, on: boolean): void {
    const current = this.form.controls.languages.value;
    const next = on
      ? ALL_LANGUAGES.filter((l) => l === language || current.includes(l))
      : current.filter((l) => l !== language);
    this.form.controls.languages.setValue(next);
    this.form.controls.languages.markAsDirty();
  }

  protected instanceQuotaGb(bytes: number): number {
    return Math.round(bytes / GB);
  }

  protected async save(): Promise<void> {
    await this.sending.run(async () => {
      const { name, slug, defaultLanguage, languages, quotaGb } = this.form.getRawValue();
      const saved = await this.api.update({
        name: name.trim(),
        slug: slug.trim(),
        defaultLanguage,
        languages,
        projectQuotaBytes: quotaGb === null ? null : Math.round(quotaGb * GB),
      });
      this.organisation.set(saved);
      this.session.renameOrganisation(saved.name);
      this.notifier.say('organisation.saved');
    }, this.form);
  }
}
