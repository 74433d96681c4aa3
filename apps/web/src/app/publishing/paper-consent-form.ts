import { ChangeDetectionStrategy, Component, inject, input, output, signal, type OnInit } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import {
  CreditName,
  PAPER_FORM_MAX_BYTES,
  PAPER_FORM_TYPES,
  Visibility,
  type Consent,
  type PublishingOverview,
} from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { PublishingApi } from './publishing-api';
import { FormSubmit } from '../shared/form-submit';

/** A trainer records consent given on paper: the answers, the date on the form, and a photo of it. */
@Component({
  selector: 'app-paper-consent-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ErrorMessage,
    Icon,
    MatButton,
    MatCheckbox,
    MatFormField,
    MatInput,
    MatLabel,
    MatOption,
    MatSelect,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  template: `
    <form class="paper" [formGroup]="form" (ngSubmit)="save()" novalidate *transloco="let t">
      <h3>{{ t('publishing.paper.title') }}</h3>
      <mat-checkbox formControlName="appearOnScreen">{{ t('publishing.consent.review.screenYes') }}</mat-checkbox>
      <mat-checkbox formControlName="voice">{{ t('publishing.consent.review.voiceYes') }}</mat-checkbox>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('publishing.paper.creditAs') }}</mat-label>
        <mat-select formControlName="creditAs">
          @for (n of names; track n) {
            <mat-option [value]="n">{{ t('publishing.consent.name.' + n) }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      @if (form.controls.creditAs.value === 'pseudonym') {
        <mat-form-field appearance="outline">
          <mat-label>{{ t('publishing.consent.name.pseudonymLabel') }}</mat-label>
          <input matInput formControlName="pseudonym" dir="auto" maxlength="80" />
        </mat-form-field>
      }
      <mat-form-field appearance="outline">
        <mat-label>{{ t('publishing.paper.audience') }}</mat-label>
        <mat-select formControlName="audience">
          @for (a of audiences; track a) {
            <mat-option [value]="a">{{ t('publishing.consent.audience.' + a) }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('publishing.paper.signedOn') }}</mat-label>
        <input matInput type="date" formControlName="signedOn" dir="ltr" />
      </mat-form-field>
      <label class="photo">
        <app-icon name="document" />
        <span>{{ t('publishing.paper.photo', { mb: maxMb }) }}</span>
        <input type="file" [accept]="types" capture="environment" (change)="pick($event)" />
      </label>
      @if (tooBig()) {
        <p class="warn" role="alert">{{ t('errors.file_too_large') }}</p>
      }
      <app-error-message [error]="error()" />
      <div class="actions">
        <button matButton="filled" type="submit" [disabled]="busy() || tooBig()">
          <app-icon matButtonIcon name="check" />{{ t('publishing.paper.save') }}
        </button>
        <button matButton type="button" (click)="cancelled.emit()">{{ t('common.cancel') }}</button>
      </div>
    </form>
  `,
  styleUrl: './publishing-panels.scss',
  styles: `
    .paper {
      display: flex;
      flex-direction: column;
      gap: 6px;
      padding: 12px;
      border-radius: 14px;
      background: var(--mat-sys-surface-container);
    }
    h3 {
      font-size: 1.05rem;
    }
    .photo {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .warn {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class PaperConsentForm implements OnInit {
  readonly projectId = input.required<string>();
  readonly personId = input.required<string>();
  readonly current = input<Consent | null>(null);
  readonly recorded = output<PublishingOverview>();
  readonly cancelled = output<void>();
  private readonly api = inject(PublishingApi);
  protected readonly names = Object.values(CreditName);
  protected readonly audiences: Array<Visibility | 'none'> = [...Object.values(Visibility), 'none'];
  protected readonly types = PAPER_FORM_TYPES.join(',');
  protected readonly maxMb = PAPER_FORM_MAX_BYTES / 1024 / 1024;
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly tooBig = signal(false);
  private photo: File | null = null;
  protected readonly form = new FormGroup({
    appearOnScreen: new FormControl(true, { nonNullable: true }),
    voice: new FormControl(true, { nonNullable: true }),
    creditAs: new FormControl<CreditName>(CreditName.FirstName, { nonNullable: true }),
    pseudonym: new FormControl('', { nonNullable: true }),
    audience: new FormControl<Visibility | 'none'>(Visibility.Organisation, { nonNullable: true }),
    signedOn: new FormControl(new Date().toISOString().slice(0, 10), { nonNullable: true }),
  });

  ngOnInit(): void {
    const c = this.current();
    if (c) {
      this.form.patchValue({
        appearOnScreen: c.appearOnScreen,
        voice: c.voice,
        creditAs: c.creditAs,
        pseudonym: c.pseudonym ?? '',
        audience: c.maxVisibility ?? 'none',
      });
    }
  }

  protected pick(event: Event): void {
    this.photo = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.tooBig.set(!!this.photo && this.photo.size > PAPER_FORM_MAX_BYTES);
  }

  protected async save(): Promise<void> {
    const v = this.form.getRawValue();
    await this.sending.run(async () => {
      let overview = await this.api.recordPaperConsent(this.projectId(), this.personId(), {
        appearOnScreen: v.appearOnScreen,
        voice: v.voice,
        creditAs: v.creditAs,
        pseudonym: v.creditAs === CreditName.Pseudonym ? v.pseudonym : null,
        maxVisibility: v.audience === 'none' ? null : v.audience,
        signedOn: v.signedOn || null,
      });
      if (this.photo) overview = await this.api.attachPaperForm(this.projectId(), this.personId(), this.photo);
      this.recorded.emit(overview);
    });
  }
}
