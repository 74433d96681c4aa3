import { ChangeDetectionStrategy, Component, inject, input, output, signal, type OnInit } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { MyProgramme } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { ParticipationApi } from '../core/participation-api';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { BusyIcon } from '../shared/busy-icon';
import { FormSubmit } from '../shared/form-submit';

/** A participant joins a programme with the code their trainer shows or gives them. */
@Component({
  selector: 'app-join-programme-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    BidiIsolatePipe,
    ErrorMessage,
    Icon,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  template: `
    <section class="box" *transloco="let t">
      @if (result(); as r) {
        <p class="result" [class.waiting]="r.status === 'waiting'" role="status">
          <app-icon [name]="r.status === 'waiting' ? 'hourglass' : 'checkCircle'" />
          @if (r.status === 'waiting') {
            {{ t('home.joinedWaiting', { title: r.programme.title | bidiIsolate, position: r.waitingPosition }) }}
          } @else {
            {{ t('home.joined', { title: r.programme.title | bidiIsolate }) }}
          }
        </p>
        <button matButton="outlined" class="big-button" type="button" (click)="closed.emit()">
          <app-icon matButtonIcon name="check" />
          {{ t('common.ok') }}
        </button>
      } @else {
        <form class="form" [formGroup]="form" (ngSubmit)="join()" novalidate>
          <label class="label" for="programme-code">{{ t('home.joinCodeLabel') }}</label>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ t('home.joinCode') }}</mat-label>
            <input
              matInput
              id="programme-code"
              class="code"
              formControlName="code"
              dir="ltr"
              autocomplete="off"
              autocapitalize="characters"
              autocorrect="off"
              spellcheck="false"
              enterkeyhint="go"
              maxlength="20"
            />
          </mat-form-field>
          <app-error-message [error]="error()" />
          <div class="buttons">
            <button matButton="filled" class="big-button" type="submit" [disabled]="busy()">
              <app-busy-icon matButtonIcon [busy]="busy()" name="arrow" />
              {{ t('home.joinSubmit') }}
            </button>
            <button matButton="text" type="button" (click)="closed.emit()">{{ t('common.cancel') }}</button>
          </div>
        </form>
      }
    </section>
  `,
  styles: `
    .box {
      display: flex;
      flex-direction: column;
      gap: 12px;
      padding: 20px 16px;
      border-radius: 20px;
      background: var(--mat-sys-surface);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .form {
      display: flex;
      flex-direction: column;
      gap: 10px;
    }
    .label {
      font-size: 1.1rem;
      font-weight: 600;
    }
    .code {
      font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
      font-size: 1.6rem;
      letter-spacing: 0.1em;
      text-transform: uppercase;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .result {
      display: flex;
      align-items: center;
      gap: 12px;
      margin: 0;
      font-size: 1.2rem;
      font-weight: 600;
      color: #0d4a21;
      --icon-size: 40px;
    }
    .result.waiting {
      color: #5c3b00;
    }
  `,
})
export class JoinProgrammeForm implements OnInit {
  /** A code to start with (from a programme's QR code): the person still confirms by tapping "Join". */
  readonly code = input('');
  readonly joined = output<MyProgramme>();
  readonly closed = output<void>();

  private readonly api = inject(ParticipationApi);
  protected readonly form = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly result = signal<MyProgramme | null>(null);

  ngOnInit(): void {
    if (this.code()) this.form.controls.code.setValue(this.code().toUpperCase());
  }

  protected async join(): Promise<void> {
    const code = this.form.controls.code.value.trim().toUpperCase();
    if (code.length < 4) {
      this.error.set({ code: 'invalid_programme_code' });
      return;
    }
    await this.sending.run(async () => {
      const joined = await this.api.joinProgramme(code);
      this.result.set(joined);
      this.joined.emit(joined);
    });
  }
}
