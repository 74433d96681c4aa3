import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import type { Programme, Session } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { LanguageService } from '../../core/language';
import { ProgrammesApi } from '../../core/programmes-api';
import { brusselsToday } from '../../shared/brussels-time';
import { formatInBrussels } from '../../shared/brussels-time.pipe';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { LOCALES } from '../../shared/local-date.pipe';
import { isoWeekday, SERIES_DEFAULTS, seriesRequest, toggleWeekday } from './series-plan';

/** Plans sessions on chosen weekdays, every N weeks, until a day or for a number of sessions. */
@Component({
  selector: 'app-series-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ErrorMessage,
    Icon,
    MatButton,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatError,
    MatFormField,
    MatHint,
    MatIconButton,
    MatInput,
    MatLabel,
    MatProgressSpinner,
    MatSlideToggle,
    MatSuffix,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  templateUrl: './series-form.html',
  styleUrls: ['../panel.scss', './series-form.scss'],
})
export class SeriesForm {
  readonly programme = input.required<Programme>();
  readonly generated = output<Session[]>();
  readonly cancelled = output<void>();

  private readonly api = inject(ProgrammesApi);
  private readonly language = inject(LanguageService);
  private readonly today = brusselsToday();

  protected readonly form = new FormGroup({
    startDate: new FormControl(this.today, { nonNullable: true, validators: [Validators.required] }),
    startTime: new FormControl<string>(SERIES_DEFAULTS.startTime, { nonNullable: true, validators: [Validators.required] }),
    durationMinutes: new FormControl<number | null>(SERIES_DEFAULTS.durationMinutes, [
      Validators.required,
      Validators.min(5),
      Validators.max(24 * 60),
    ]),
    everyWeeks: new FormControl<number | null>(SERIES_DEFAULTS.everyWeeks, [
      Validators.required,
      Validators.min(1),
      Validators.max(12),
    ]),
    endBy: new FormControl<'count' | 'until'>(SERIES_DEFAULTS.endBy, { nonNullable: true }),
    count: new FormControl<number | null>(SERIES_DEFAULTS.count, [Validators.min(1), Validators.max(200)]),
    until: new FormControl('', { nonNullable: true }),
    title: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(120)] }),
    required: new FormControl<boolean>(SERIES_DEFAULTS.required, { nonNullable: true }),
  });
  protected readonly skipInput = new FormControl('', { nonNullable: true });
  /** ISO weekdays, starting with the first day's own. */
  protected readonly weekdays = signal<number[]>([isoWeekday(this.today)]);
  protected readonly skipDates = signal<string[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly problem = signal<string | null>(null);

  /** Monday to Sunday, short names in the language on screen. */
  protected readonly dayNames = computed(() => {
    const format = new Intl.DateTimeFormat(LOCALES[this.language.language()], {
      weekday: 'short',
      timeZone: 'UTC',
    });
    // 1 January 2024 was a Monday.
    return [1, 2, 3, 4, 5, 6, 7].map((day) => ({
      day,
      name: format.format(new Date(Date.UTC(2024, 0, day, 12))),
    }));
  });

  protected toggleDay(day: number): void {
    this.weekdays.update((days) => toggleWeekday(days, day));
  }

  protected addSkipDate(): void {
    const date = this.skipInput.value;
    if (!date) return;
    this.skipDates.update((dates) => (dates.includes(date) ? dates : [...dates, date].sort()));
    this.skipInput.setValue('');
  }

  protected removeSkipDate(date: string): void {
    this.skipDates.update((dates) => dates.filter((d) => d !== date));
  }

  protected showDay(date: string): string {
    return formatInBrussels(`${date}T12:00:00Z`, 'date', this.language.language());
  }

  protected async submit(): Promise<void> {
    this.problem.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const plan = seriesRequest(this.form.getRawValue(), this.weekdays(), this.skipDates());
    if ('problem' in plan) {
      this.problem.set(plan.problem);
      return;
    }
    const body = plan.body;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.generated.emit(await this.api.generateSeries(this.programme().id, body));
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
