import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, type OnInit } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { ProgrammeKind, type CreateProgrammeRequest, type Language, type Programme } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { ALL_LANGUAGES, LANGUAGE_NAMES, LanguageService } from '../../core/language';
import { ProgrammesApi } from '../../core/programmes-api';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { KIND_ICONS, PROGRAMME_KINDS } from '../../shared/programme-kinds';
import { BusyIcon } from '../../shared/busy-icon';
import { FormSubmit } from '../../shared/form-submit';

/** A video course expects regular attendance; the other kinds ask for none unless set. */
const DEFAULT_RATE: Readonly<Record<ProgrammeKind, number>> = {
  [ProgrammeKind.VideoCourse]: 80,
  [ProgrammeKind.WorkshopSeries]: 0,
  [ProgrammeKind.Pathway]: 0,
};

const whole = Validators.pattern(/^\d+$/);

/** Creates a programme, or edits the settings of `programme`. */
@Component({
  selector: 'app-programme-form',
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
    MatPrefix,
    MatSlideToggle,
    MatSuffix,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  templateUrl: './programme-form.html',
  styleUrls: ['../panel.scss', './programme-form.scss'],
})
export class ProgrammeForm implements OnInit {
  /** The programme to edit; none to create a new one. */
  readonly programme = input<Programme | null>(null);
  readonly saved = output<Programme>();
  readonly cancelled = output<void>();

  private readonly api = inject(ProgrammesApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly kinds = PROGRAMME_KINDS;
  protected readonly kindIcons = KIND_ICONS;
  protected readonly languages = ALL_LANGUAGES;
  protected readonly names = LANGUAGE_NAMES;

  protected readonly form = new FormGroup({
    kind: new FormControl<ProgrammeKind>(ProgrammeKind.VideoCourse, { nonNullable: true }),
    title: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(2), Validators.maxLength(120)],
    }),
    description: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(2000)] }),
    languages: new FormControl<Language[]>([inject(LanguageService).language()], {
      nonNullable: true,
    }),
    place: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
    capacity: new FormControl<number | null>(null, [Validators.min(1), Validators.max(10_000), whole]),
    requiredAttendanceRate: new FormControl<number | null>(DEFAULT_RATE.video_course, [
      Validators.required,
      Validators.min(0),
      Validators.max(100),
      whole,
    ]),
    contributionAsked: new FormControl(false, { nonNullable: true }),
    lateWeight: new FormControl<number | null>(0.5, [Validators.required, Validators.min(0), Validators.max(1)]),
    lateGraceMinutes: new FormControl<number | null>(10, [
      Validators.required,
      Validators.min(0),
      Validators.max(240),
      whole,
    ]),
    autoExcuse: new FormControl(false, { nonNullable: true }),
    alertAfterMisses: new FormControl<number | null>(2, [
      Validators.required,
      Validators.min(1),
      Validators.max(50),
      whole,
    ]),
    retentionMonths: new FormControl<number | null>(null, [Validators.min(1), Validators.max(240), whole]),
  });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  ngOnInit(): void {
    const programme = this.programme();
    if (programme) {
      const { kind, title, description, languages, place, capacity, requiredAttendanceRate } = programme;
      this.form.setValue({
        kind,
        title,
        description,
        languages,
        place,
        capacity,
        requiredAttendanceRate,
        contributionAsked: programme.contributionAsked,
        lateWeight: programme.lateWeight,
        lateGraceMinutes: programme.lateGraceMinutes,
        autoExcuse: programme.autoExcuse,
        alertAfterMisses: programme.alertAfterMisses,
        retentionMonths: programme.retentionMonths,
      });
    }
    // A new kind suggests its usual attendance rate, until someone types their own.
    this.form.controls.kind.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((kind) => {
      const rate = this.form.controls.requiredAttendanceRate;
      if (rate.pristine) rate.setValue(DEFAULT_RATE[kind]);
    });
  }

  protected toggleLanguage(lang: Language): void {
    const control = this.form.controls.languages;
    const chosen = control.value;
    control.setValue(
      chosen.includes(lang)
        ? chosen.filter((l) => l !== lang)
        : ALL_LANGUAGES.filter((l) => l === lang || chosen.includes(l)),
    );
    control.markAsDirty();
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateProgrammeRequest = {
      kind: v.kind,
      title: v.title.trim(),
      description: v.description.trim(),
      languages: v.languages,
      place: v.place.trim(),
      capacity: v.capacity ?? null,
      requiredAttendanceRate: v.requiredAttendanceRate ?? 0,
      contributionAsked: v.contributionAsked,
      lateWeight: v.lateWeight ?? 0.5,
      lateGraceMinutes: v.lateGraceMinutes ?? 0,
      autoExcuse: v.autoExcuse,
      alertAfterMisses: v.alertAfterMisses ?? 2,
      retentionMonths: v.retentionMonths ?? null,
    };
    await this.sending.run(async () => {
      const existing = this.programme();
      this.saved.emit(existing ? await this.api.update(existing.id, body) : await this.api.create(body));
    });
  }
}
