import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSelect } from '@angular/material/select';
import {
  MAX_SLUG_LENGTH,
  SLUG_PATTERN,
  type CreatedOrganisation,
  type InstanceOrganisation,
  type Language,
} from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { InstanceApi } from '../core/instance-api';
import { ALL_LANGUAGES, DEFAULT_LANGUAGE, LANGUAGE_NAMES, LanguageService } from '../core/language';
import { Session } from '../core/session';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { BackupStatus } from './backup-status';
import { CopyLink } from '../shared/copy-link';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { Notifier } from '../shared/notifier';
import { TopBar } from '../shared/top-bar';
import { FileSizePipe } from '../studio/file-size.pipe';
import { BusyIcon } from '../shared/busy-icon';

/**
 * The Instance page (instance administrators): every organisation with its members, storage and
 * last activity; create one with its first admin (a setup link to hand over); suspend or reactivate.
 */
@Component({
  selector: 'app-instance-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BackupStatus,
    BusyIcon,
    BidiIsolatePipe,
    CopyLink,
    ErrorMessage,
    FileSizePipe,
    Icon,
    LocalDatePipe,
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
    ReactiveFormsModule,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './instance-page.html',
  styleUrl: './instance-page.scss',
})
export class InstancePage {
  private readonly api = inject(InstanceApi);
  private readonly notifier = inject(Notifier);
  protected readonly session = inject(Session);
  protected readonly language = inject(LanguageService).language;

  protected readonly organisations = resource({ loader: () => this.api.organisations() });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.organisations.error();
    return error ? toShownError(error) : null;
  });
  protected readonly allLanguages = ALL_LANGUAGES;
  protected readonly names = LANGUAGE_NAMES;

  protected readonly creating = signal(false);
  protected readonly created = signal<CreatedOrganisation | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(2), Validators.maxLength(120)],
    }),
    slug: new FormControl('', {
      nonNullable: true,
      validators: [Validators.minLength(2), Validators.maxLength(MAX_SLUG_LENGTH), Validators.pattern(SLUG_PATTERN)],
    }),
    languages: new FormControl<Language[]>([...ALL_LANGUAGES], { nonNullable: true }),
    defaultLanguage: new FormControl<Language>(DEFAULT_LANGUAGE, { nonNullable: true }),
    adminName: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(80)] }),
    adminEmail: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
  });

  protected offers(language: Language): boolean {
    return this.form.controls.languages.value.includes(language);
  }

  protected toggleLanguage(language: Language, on: boolean): void {
    const current = this.form.controls.languages.value;
    this.form.controls.languages.setValue(
      on ? ALL_LANGUAGES.filter((l) => l === language || current.includes(l)) : current.filter((l) => l !== language),
    );
  }

  protected startCreating(): void {
    this.created.set(null);
    this.form.reset();
    this.creating.set(true);
  }

  protected async createOrganisation(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set('create');
    this.error.set(null);
    try {
      const v = this.form.getRawValue();
      const created = await this.api.create({
        name: v.name.trim(),
        slug: v.slug.trim() || undefined,
        languages: v.languages,
        defaultLanguage: v.defaultLanguage,
        admin: { displayName: v.adminName.trim(), email: v.adminEmail.trim() },
      });
      this.created.set(created);
      this.creating.set(false);
      this.organisations.reload();
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }

  protected async suspend(organisation: InstanceOrganisation): Promise<void> {
    await this.act(organisation, () => this.api.suspend(organisation.id), 'instance.suspended');
  }

  protected async reactivate(organisation: InstanceOrganisation): Promise<void> {
    await this.act(organisation, () => this.api.reactivate(organisation.id), 'instance.reactivated');
  }

  private async act(organisation: InstanceOrganisation, action: () => Promise<unknown>, said: string): Promise<void> {
    this.busy.set(organisation.id);
    this.error.set(null);
    try {
      await action();
      this.notifier.say(said, { name: organisation.name });
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
      this.confirming.set(null);
      this.organisations.reload();
    }
  }
}
