import { ChangeDetectionStrategy, Component, computed, inject, input, output, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { Enrolment, Participant, Programme } from '@atelier/contracts';
import { EnrolmentStatus } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { LANGUAGE_NAMES } from '../../core/language';
import { ParticipantsApi } from '../../core/participants-api';
import { ProgrammesApi } from '../../core/programmes-api';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { BusyIcon } from '../../shared/busy-icon';

/** Most names shown at once; typing narrows the list. */
const SHOWN = 12;

/** Picks one of the organisation's participants and enrols them (or puts them on the waiting list). */
@Component({
  selector: 'app-enrol-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    ErrorMessage,
    Icon,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MatPrefix,
    MatProgressSpinner,
    TranslocoDirective,
  ],
  template: `
    <section class="box picker" *transloco="let t">
      <h3 class="form-title">{{ t('people.enrolHeading') }}</h3>
      @if (full()) {
        <p class="lead"><app-icon name="hourglass" /> {{ t('people.fullNote') }}</p>
      }
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('people.search') }}</mat-label>
        <app-icon matPrefix class="field-icon" name="person" />
        <input
          matInput
          class="search"
          autocomplete="off"
          dir="auto"
          [value]="query()"
          (input)="query.set($any($event.target).value)"
        />
      </mat-form-field>

      <app-error-message [error]="error()" />

      @if (participants.isLoading() && !participants.hasValue()) {
        <p class="loading" role="status">
          <mat-progress-spinner mode="indeterminate" diameter="24" />
          {{ t('common.loading') }}
        </p>
      } @else if (loadError(); as err) {
        <app-error-message [error]="err" />
      } @else {
        <ul class="list">
          @for (person of matches(); track person.id) {
            <li class="row candidate" [attr.data-participant]="person.id">
              <div class="row-main">
                <span class="row-title">{{ person.displayName }}</span>
                <span class="row-sub" [attr.lang]="person.preferredLanguage">{{
                  names[person.preferredLanguage]
                }}</span>
              </div>
              <button matButton="tonal" type="button" [disabled]="busy() !== null" (click)="enrol(person)">
                <app-busy-icon matButtonIcon [busy]="busy() === person.id" name="add" [diameter]="20" />
                {{ full() ? t('people.addToWaiting') : t('people.enrolOne') }}
              </button>
            </li>
          } @empty {
            <li class="empty">
              {{ candidates().length ? t('people.noMatch') : t('people.allEnrolled') }}
            </li>
          }
        </ul>
        @if (candidates().length > shown && matches().length === shown) {
          <p class="lead">{{ t('people.typeToFind') }}</p>
        }
      }

      <div class="form-actions">
        <button matButton="text" type="button" (click)="closed.emit()">
          {{ t('common.close') }}
        </button>
      </div>
    </section>
  `,
  styleUrl: '../panel.scss',
  styles: `
    .form-title {
      font: var(--mat-sys-title-medium);
      font-weight: 700;
    }
  `,
})
export class EnrolPicker {
  readonly programme = input.required<Programme>();
  readonly enrolments = input.required<readonly Enrolment[]>();
  readonly enrolled = output<Enrolment>();
  readonly closed = output<void>();

  private readonly participantsApi = inject(ParticipantsApi);
  private readonly api = inject(ProgrammesApi);
  protected readonly names = LANGUAGE_NAMES;
  protected readonly shown = SHOWN;

  protected readonly participants = resource({ loader: () => this.participantsApi.list() });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.participants.error();
    return error ? toShownError(error) : null;
  });
  protected readonly query = signal('');
  /** People of the organisation not already in (or waiting for) this programme. */
  protected readonly candidates = computed(() => {
    const taken = new Set(
      this.enrolments()
        .filter((e) => e.status !== EnrolmentStatus.Withdrawn)
        .map((e) => e.participantId),
    );
    return (this.participants.value() ?? [])
      .filter((p) => !taken.has(p.id))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  });
  protected readonly matches = computed(() => {
    const q = this.query().trim().toLocaleLowerCase();
    return this.candidates()
      .filter((p) => !q || p.displayName.toLocaleLowerCase().includes(q))
      .slice(0, SHOWN);
  });
  protected readonly full = computed(() => {
    const p = this.programme();
    return p.capacity !== null && p.enrolledCount >= p.capacity;
  });
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected async enrol(person: Participant): Promise<void> {
    this.busy.set(person.id);
    this.error.set(null);
    try {
      this.enrolled.emit(await this.api.enrol(this.programme().id, person.id));
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }
}
