import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  Validators,
  type AbstractControl,
  type ValidationErrors,
} from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatOption, MatSelect } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { isLanguage, LANGUAGES, MAX_SLUG_LENGTH, type Language } from '@atelier/contracts';
import { TranslocoDirective, TranslocoService } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { homeUrl } from '../core/home-url';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { FormSubmit } from '../shared/form-submit';
import { newPasswordControl, PasswordField } from '../shared/password-field';
import { AuthPage } from './auth-page';
import { isValidSlug, slugFromName } from './organisation-slug';
import { BusyIcon } from '../shared/busy-icon';

function slugValidator(control: AbstractControl<string>): ValidationErrors | null {
  return control.value === '' || isValidSlug(control.value) ? null : { slug: true };
}

/**
 * The first run: opened with the one-time link the API prints while no organisation exists
 * (`/setup?token=…`). Creates the organisation and its first admin, who is then signed in.
 */
@Component({
  selector: 'app-setup',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    AuthPage,
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
    PasswordField,
    MatSelect,
    ReactiveFormsModule,
    RouterLink,
    TranslocoDirective,
  ],
  templateUrl: './setup.html',
  styleUrls: ['./auth-form.scss', './setup.scss'],
})
export class Setup {
  /** The secret of the link `/setup?token=…`. */
  readonly token = input<string>('');

  private readonly api = inject(AuthApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);

  protected readonly status = resource({
    params: () => this.token(),
    loader: ({ params }) => this.api.setupStatus(params),
  });
  protected readonly statusError = computed<ShownError | null>(() => {
    const error = this.status.error();
    return error ? toShownError(error) : null;
  });

  protected readonly languages = LANGUAGES;
  protected readonly maxSlug = MAX_SLUG_LENGTH;
  private readonly uiLanguage = this.transloco.getActiveLang();
  protected readonly form = new FormGroup({
    organisationName: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(120)],
    }),
    slug: new FormControl('', { nonNullable: true, validators: [Validators.required, slugValidator] }),
    languages: new FormGroup(
      Object.fromEntries(LANGUAGES.map((l) => [l, new FormControl(true, { nonNullable: true })])) as Record<
        Language,
        FormControl<boolean>
      >,
    ),
    mainLanguage: new FormControl<Language>(isLanguage(this.uiLanguage) ? this.uiLanguage : 'fr', {
      nonNullable: true,
    }),
    adminName: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(80)] }),
    adminEmail: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    adminPassword: newPasswordControl(),
  });
  private readonly chosenLanguages = toSignal(this.form.controls.languages.valueChanges, {
    initialValue: this.form.controls.languages.getRawValue(),
  });
  protected readonly chosen = computed(() => LANGUAGES.filter((l) => this.chosenLanguages()[l]));
  /** The address follows the name until the person edits it. */
  private slugEdited = false;
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly noLanguage = signal(false);

  constructor() {
    this.form.controls.organisationName.valueChanges.subscribe((name) => {
      if (!this.slugEdited) this.form.controls.slug.setValue(slugFromName(name));
    });
  }

  protected editSlug(): void {
    this.slugEdited = true;
  }

  protected async submit(): Promise<void> {
    const chosen = this.chosen();
    this.noLanguage.set(chosen.length === 0);
    if (chosen.length === 0) {
      this.form.markAllAsTouched();
      return;
    }
    await this.sending.run(async () => {
      const v = this.form.getRawValue();
      const main = chosen.includes(v.mainLanguage) ? v.mainLanguage : chosen[0]!;
      const me = await this.session.completeSetup({
        token: this.token(),
        organisationName: v.organisationName.trim(),
        slug: v.slug.trim(),
        languages: [main, ...chosen.filter((l) => l !== main)],
        adminName: v.adminName.trim(),
        adminEmail: v.adminEmail.trim(),
        adminPassword: v.adminPassword,
      });
      await this.router.navigateByUrl(homeUrl(me), { replaceUrl: true });
    }, this.form);
  }
}
