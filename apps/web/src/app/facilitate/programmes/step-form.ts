import { ChangeDetectionStrategy, Component, inject, input, output, type OnInit } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import { PathwayStep, type Enrolment } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { ProgrammesApi } from '../../core/programmes-api';
import { brusselsToday } from '../../shared/brussels-time';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { PATHWAY_STEPS } from '../../shared/programme-kinds';
import { FormSubmit } from '../../shared/form-submit';

/** Records that a person went through a step of a pathway, on a day. */
@Component({
  selector: 'app-step-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ErrorMessage,
    Icon,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MatOption,
    MatSelect,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  template: `
    <form class="step-form" [formGroup]="form" (ngSubmit)="submit()" novalidate *transloco="let t">
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('people.step') }}</mat-label>
        <mat-select formControlName="step">
          @for (step of steps; track step) {
            <mat-option [value]="step">{{ t('steps.' + step) }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('people.completedOn') }}</mat-label>
        <input matInput type="date" formControlName="completedOn" required />
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="note">
        <mat-label>{{ t('people.note') }}</mat-label>
        <input matInput formControlName="note" autocomplete="off" dir="auto" />
      </mat-form-field>
      <app-error-message class="full" [error]="error()" />
      <div class="buttons">
        <button matButton="filled" type="submit" [disabled]="busy()">
          <app-icon matButtonIcon name="check" />
          {{ t('common.save') }}
        </button>
        <button matButton="text" type="button" (click)="cancelled.emit()">
          {{ t('common.cancel') }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .step-form {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
      gap: 8px;
      inline-size: 100%;
    }
    .full,
    .buttons,
    .note {
      grid-column: 1 / -1;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
})
export class StepForm implements OnInit {
  readonly enrolment = input.required<Enrolment>();
  readonly saved = output<Enrolment>();
  readonly cancelled = output<void>();

  private readonly api = inject(ProgrammesApi);
  protected readonly steps = PATHWAY_STEPS;
  protected readonly form = new FormGroup({
    step: new FormControl<PathwayStep>(PathwayStep.InformationSession, { nonNullable: true }),
    completedOn: new FormControl(brusselsToday(), {
      nonNullable: true,
      validators: [Validators.required],
    }),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] }),
  });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  /** Suggests the first step this person has not done yet. */
  ngOnInit(): void {
    const done = new Set(this.enrolment().steps.map((s) => s.step));
    const next = PATHWAY_STEPS.find((s) => !done.has(s));
    if (next) this.form.controls.step.setValue(next);
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { step, completedOn, note } = this.form.getRawValue();
    await this.sending.run(async () => {
      this.saved.emit(
        await this.api.recordStep(this.enrolment().id, {
          step,
          completedOn,
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      );
    });
  }
}
