import { ChangeDetectionStrategy, Component, computed, inject, input, output, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSelect } from '@angular/material/select';
import { Contribution, EnrolmentStatus, ProgrammeKind, type Enrolment, type Programme } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { AttendanceApi } from '../../core/attendance-api';
import { ProgrammesApi } from '../../core/programmes-api';
import { BidiIsolatePipe } from '../../shared/bidi-isolate.pipe';
import { formatInBrussels } from '../../shared/brussels-time.pipe';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { LanguageService } from '../../core/language';
import { Notifier } from '../../shared/notifier';
import { EnrolPicker } from './enrol-picker';
import { StepForm } from './step-form';

/** Order of the list: people taking part first, then those waiting (by position), then the rest. */
const STATUS_ORDER: readonly EnrolmentStatus[] = [
  EnrolmentStatus.Enrolled,
  EnrolmentStatus.Waiting,
  EnrolmentStatus.Invited,
  EnrolmentStatus.Completed,
  EnrolmentStatus.Withdrawn,
];

const CONTRIBUTIONS: readonly Contribution[] = [Contribution.Unpaid, Contribution.Paid, Contribution.Waived];

/** Who is in a programme: enrol people, follow the waiting list, contributions and pathway steps. */
@Component({
  selector: 'app-people-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BidiIsolatePipe,
    EnrolPicker,
    ErrorMessage,
    Icon,
    MatButton,
    MatFormField,
    MatLabel,
    MatOption,
    MatProgressSpinner,
    MatSelect,
    StepForm,
    TranslocoDirective,
  ],
  templateUrl: './people-panel.html',
  styleUrls: ['../panel.scss', './people-panel.scss'],
})
export class PeoplePanel {
  readonly programme = input.required<Programme>();
  /** Someone was enrolled or left: the programme's counts changed. */
  readonly changed = output<void>();

  private readonly api = inject(ProgrammesApi);
  private readonly notifier = inject(Notifier);
  private readonly attendanceApi = inject(AttendanceApi);
  private readonly language = inject(LanguageService);
  protected readonly contributions = CONTRIBUTIONS;
  protected readonly isPathway = computed(() => this.programme().kind === ProgrammeKind.Pathway);

  protected readonly enrolments = resource({
    params: () => this.programme().id,
    loader: ({ params }) => this.api.enrolments(params),
  });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.enrolments.error();
    return error ? toShownError(error) : null;
  });
  protected readonly sorted = computed(() =>
    [...(this.enrolments.value() ?? [])].sort(
      (a, b) =>
        STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
        (a.waitingPosition ?? 0) - (b.waitingPosition ?? 0) ||
        a.displayName.localeCompare(b.displayName),
    ),
  );
  protected readonly activeCount = computed(
    () => this.sorted().filter((e) => e.status === EnrolmentStatus.Enrolled).length,
  );
  protected readonly picking = signal(false);
  protected readonly confirming = signal<string | null>(null);
  protected readonly recording = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected canWithdraw(enrolment: Enrolment): boolean {
    return (
      enrolment.status === EnrolmentStatus.Enrolled ||
      enrolment.status === EnrolmentStatus.Waiting ||
      enrolment.status === EnrolmentStatus.Invited
    );
  }

  protected showDay(date: string): string {
    return formatInBrussels(`${date}T12:00:00Z`, 'date', this.language.language());
  }

  protected showEnrolled(enrolment: Enrolment): void {
    if (enrolment.status === EnrolmentStatus.Waiting) {
      this.notifier.say('people.waitingAdded', {
        name: enrolment.displayName,
        position: String(enrolment.waitingPosition ?? ''),
      });
    } else {
      this.notifier.say('people.enrolledDone', { name: enrolment.displayName });
    }
    this.enrolments.reload();
    this.changed.emit();
  }

  protected async setContribution(enrolment: Enrolment, contribution: Contribution): Promise<void> {
    await this.act(enrolment, () => this.api.updateEnrolment(enrolment.id, { contribution }));
  }

  protected async withdraw(enrolment: Enrolment): Promise<void> {
    const done = await this.act(enrolment, () =>
      this.api.updateEnrolment(enrolment.id, { status: EnrolmentStatus.Withdrawn }),
    );
    this.confirming.set(null);
    if (done) {
      this.notifier.say('people.withdrawnDone', { name: enrolment.displayName });
      // Someone waiting may have got the place.
      this.enrolments.reload();
      this.changed.emit();
    }
  }

  protected async complete(enrolment: Enrolment): Promise<void> {
    if (
      await this.act(enrolment, () => this.api.updateEnrolment(enrolment.id, { status: EnrolmentStatus.Completed }))
    ) {
      this.notifier.say('people.completedDone', { name: enrolment.displayName });
      this.changed.emit();
    }
  }

  protected certificateUrl(enrolment: Enrolment): string {
    return this.attendanceApi.certificateUrl(this.programme().id, enrolment.participantId);
  }

  protected showStep(updated: Enrolment): void {
    this.recording.set(null);
    this.replace(updated);
    this.notifier.say('people.stepSaved');
  }

  private async act(enrolment: Enrolment, call: () => Promise<Enrolment>): Promise<boolean> {
    this.busy.set(enrolment.id);
    this.error.set(null);
    try {
      this.replace(await call());
      return true;
    } catch (error) {
      this.error.set(toShownError(error));
      this.enrolments.reload();
      return false;
    } finally {
      this.busy.set(null);
    }
  }

  private replace(updated: Enrolment): void {
    this.enrolments.update((list) => list?.map((e) => (e.id === updated.id ? updated : e)));
  }
}
