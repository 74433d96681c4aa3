import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
  type OnInit,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { ProgrammeKind, type PathwayStep, type Programme, type Session, type SessionInput } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { ProgrammesApi } from '../../core/programmes-api';
import { brusselsDateTime, brusselsToIso, brusselsToday } from '../../shared/brussels-time';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { PATHWAY_STEPS } from '../../shared/programme-kinds';
import { BusyIcon } from '../../shared/busy-icon';
import { FormSubmit } from '../../shared/form-submit';

/** Adds a one-off session, or moves `session` to another day or time (Brussels time). */
@Component({
  selector: 'app-session-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    ErrorMessage,
    Icon,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MatOption,
    MatSelect,
    MatSlideToggle,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  templateUrl: './session-form.html',
  styleUrls: ['../panel.scss', './series-form.scss'],
})
export class SessionForm implements OnInit {
  readonly programme = input.required<Programme>();
  /** The session to move; none to add a new one. */
  readonly session = input<Session | null>(null);
  readonly saved = output<Session>();
  readonly cancelled = output<void>();

  private readonly api = inject(ProgrammesApi);
  protected readonly steps = PATHWAY_STEPS;
  protected readonly isPathway = computed(() => this.programme().kind === ProgrammeKind.Pathway);

  protected readonly form = new FormGroup({
    date: new FormControl(brusselsToday(), { nonNullable: true, validators: [Validators.required] }),
    start: new FormControl('18:00', { nonNullable: true, validators: [Validators.required] }),
    end: new FormControl('20:00', { nonNullable: true, validators: [Validators.required] }),
    title: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(120)] }),
    required: new FormControl(true, { nonNullable: true }),
    step: new FormControl<PathwayStep | null>(null),
  });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly endBeforeStart = signal(false);

  ngOnInit(): void {
    const session = this.session();
    if (session) {
      const start = brusselsDateTime(session.startsAt);
      this.form.setValue({
        date: start.date,
        start: start.time,
        end: brusselsDateTime(session.endsAt).time,
        title: session.title,
        required: session.required,
        step: session.step,
      });
    }
  }

  protected async submit(): Promise<void> {
    this.endBeforeStart.set(false);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const startsAt = brusselsToIso(v.date, v.start);
    const endsAt = brusselsToIso(v.date, v.end);
    if (endsAt <= startsAt) {
      this.endBeforeStart.set(true);
      return;
    }
    const body: SessionInput = {
      startsAt,
      endsAt,
      title: v.title.trim(),
      required: v.required,
      ...(this.isPathway() ? { step: v.step } : {}),
    };
    await this.sending.run(async () => {
      const session = this.session();
      this.saved.emit(
        session ? await this.api.updateSession(session.id, body) : await this.api.addSession(this.programme().id, body),
      );
    });
  }
}
