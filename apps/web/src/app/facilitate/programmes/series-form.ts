import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { isoWeekday, seriesDays, type Programme, type Session } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { LanguageService } from '../../core/language';
import { ProgrammesApi } from '../../core/programmes-api';
import { brusselsToday } from '../../shared/brussels-time';
import { formatInBrussels } from '../../shared/brussels-time.pipe';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { map } from 'rxjs';
import { LOCALES } from '../../shared/local-date.pipe';
import { SERIES_DEFAULTS, seriesRequest, toggleWeekday } from './series-plan';
import { BusyIcon } from '../../shared/busy-icon';
import { FormSubmit } from '../../shared/form-submit';

/** What the series will make, shown before creating it ("8 sessions on Wednesday, 9 Dec → 27 Jan"). */
export interface SeriesSummary {
  count: number;
  days: string;
  first: string;
  last: string;
}

/** Plans sessions on chosen weekdays, every N weeks, until a day or for a number of sessions. */
@Component({
  selector: 'app-series-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
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
    startTime: new FormControl<string>(SERIES_DEFAULTS.startTime, {
      nonNullable: true,
      validators: [Validators.required],
    }),
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
  /** ISO weekdays: the first day's own until the trainer taps a day. */
  protected readonly weekdays = signal<number[]>([isoWeekday(this.today)]);
  private daysTouched = false;
  private readonly values = toSignal(this.form.valueChanges.pipe(map(() => this.form.getRawValue())), {
    initialValue: this.form.getRawValue(),
  });
  protected readonly skipDates = signal<string[]>([]);
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
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

  constructor() {
    // A new first day brings its weekday along, as long as the trainer has not picked days.
    this.form.controls.startDate.valueChanges.pipe(takeUntilDestroyed()).subscribe((date) => {
      if (!this.daysTouched && /^\d{4}-\d{2}-\d{2}$/.test(date)) this.weekdays.set([isoWeekday(date)]);
    });
  }

  /** The sessions the form would create, in the language on screen; null while it cannot tell. */
  protected readonly summary = computed<SeriesSummary | null>(() => {
    const v = this.values();
    const weekdays = this.weekdays();
    const endSet = v.endBy === 'count' ? (v.count ?? 0) > 0 : v.until >= v.startDate;
    if (!v.startDate || !weekdays.length || !endSet || !v.everyWeeks || v.everyWeeks < 1) return null;
    const { days } = seriesDays({
      startDate: v.startDate,
      weekdays,
      everyWeeks: v.everyWeeks,
      ...(v.endBy === 'count' ? { count: v.count ?? 1 } : { until: v.until }),
      skipDates: this.skipDates(),
    });
    if (!days.length) return null;
    const locale = LOCALES[this.language.language()];
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const sameYear = first.slice(0, 4) === last.slice(0, 4);
    const dayFormat = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      ...(sameYear ? {} : { year: 'numeric' }),
      timeZone: 'UTC',
    });
    const weekdayFormat = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
    const chosen = [...new Set(days.map(isoWeekday))].sort();
    return {
      count: days.length,
      days: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
        chosen.map((d) => weekdayFormat.format(new Date(Date.UTC(2024, 0, d, 12)))),
      ),
      first: dayFormat.format(new Date(`${first}T12:00:00Z`)),
      last: dayFormat.format(new Date(`${last}T12:00:00Z`)),
    };
  });

  protected toggleDay(day: number): void {
    this.daysTouched = true;
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
    await this.sending.run(async () => {
      this.generated.emit(await this.api.generateSeries(this.programme().id, body));
    });
  }
}
