import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { AttendanceAlert, Programme } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { AttendanceApi } from '../../core/attendance-api';
import { STATUSES, STATUS_ICONS, STATUS_LETTERS } from '../../shared/attendance-status';
import { BrusselsTimePipe } from '../../shared/brussels-time.pipe';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { LocalDatePipe } from '../../shared/local-date.pipe';

/**
 * A programme's attendance: a table of people × sessions (colour and letter per mark), each
 * person's rate and risk, the CSV export, and the alerts raised so far.
 */
@Component({
  selector: 'app-report-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BrusselsTimePipe, ErrorMessage, Icon, LocalDatePipe, MatButton, MatProgressSpinner, TranslocoDirective],
  templateUrl: './report-panel.html',
  styleUrls: ['../panel.scss', './report-panel.scss'],
})
export class ReportPanel {
  readonly programme = input.required<Programme>();

  private readonly api = inject(AttendanceApi);
  protected readonly statuses = STATUSES;
  protected readonly letters = STATUS_LETTERS;
  protected readonly icons = STATUS_ICONS;

  protected readonly report = resource({
    params: () => this.programme().id,
    loader: ({ params }) => this.api.report(params),
  });
  protected readonly alerts = resource({
    params: () => this.programme().id,
    loader: ({ params }) => this.api.alerts(params),
  });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.report.error();
    return error ? toShownError(error) : null;
  });
  protected readonly csvUrl = computed(() => this.api.reportCsvUrl(this.programme().id));

  /** Cancelled sessions count for no one: they are left out of the table. */
  protected readonly sessions = computed(() => (this.report.value()?.sessions ?? []).filter((s) => !s.cancelledAt));
  protected readonly rows = computed(() => {
    const report = this.report.value();
    if (!report) return [];
    const sessions = this.sessions();
    return [...report.participants]
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .map((person) => ({
        person,
        cells: sessions.map((s) => report.marks[person.participantId]?.[s.id] ?? null),
      }));
  });
  protected readonly atRisk = computed(() => this.rows().filter((r) => r.person.atRisk));
  /** People whose rate reaches the required one: their certificate can be printed. */
  protected readonly certified = computed(() =>
    this.rows().filter((r) => r.person.rate !== null && r.person.rate >= this.programme().requiredAttendanceRate),
  );
  protected readonly sortedAlerts = computed(() =>
    [...(this.alerts.value() ?? [])].sort(
      (a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || b.createdAt.localeCompare(a.createdAt),
    ),
  );
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected certificateUrl(participantId: string): string {
    return this.api.certificateUrl(this.programme().id, participantId);
  }

  protected isFuture(startsAt: string): boolean {
    return Date.parse(startsAt) > Date.now();
  }

  protected belowRequired(rate: number | null): boolean {
    return rate !== null && rate < this.programme().requiredAttendanceRate;
  }

  protected async markRead(alert: AttendanceAlert): Promise<void> {
    this.busy.set(alert.id);
    this.error.set(null);
    try {
      await this.api.readAlert(alert.id);
      const readAt = new Date().toISOString();
      this.alerts.update((list) => list?.map((a) => (a.id === alert.id ? { ...a, readAt } : a)));
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }
}
